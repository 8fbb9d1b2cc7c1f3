import { spawnSync } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyFileProvider } from '../../src/main/store/key-providers';
import { BROWSER_KEY_FILE } from '../../src/main/web/browser-session';
import { serveStation, type ServedStation } from '../../src/main/web/serve-station';
import { StationClient } from '../support/station-client';
import { until } from '../support/until';
import { scratchDir } from '../support/web-host';
import { smartcardDevices } from '../../src/main/reader/smartcard-devices';

const ROOT = resolve(__dirname, '../..');
const RENDERER = join(ROOT, 'dist/renderer');

let dir: Awaited<ReturnType<typeof scratchDir>>;
let served: ServedStation | undefined;
beforeEach(async () => (dir = await scratchDir('browser-session-')));
afterEach(async () => {
  await served?.close();
  served = undefined;
  await dir.remove();
});

const serve = async (port = 0): Promise<ServedStation> =>
  (served = await serveStation({
    dataDir: join(dir.path, 'data'),
    keys: keyFileProvider(join(dir.path, 'station.key'), { create: true }),
    version: 'test',
    pcsc: smartcardDevices,
    port,
    portFallback: true,
    rendererDir: RENDERER,
  }));

describe('the browser session of the web host', () => {
  it('a launch link works once: it sets the key as an HttpOnly, SameSite=Strict cookie and sends the page to the station', async () => {
    const s = await serve();
    const link = s.newLaunchUrl();
    expect(link).not.toContain(s.browserKey);
    const first = await fetch(link, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toBe(`station_key=${s.browserKey}; HttpOnly; SameSite=Strict; Path=/`);

    const again = await fetch(link, { redirect: 'manual' });
    expect(again.status).toBe(403);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(await again.text()).toContain('already used or has expired');

    // The cookie opens the WebSocket without any key in the page.
    const client = await StationClient.connect(s.origin, { cookie: cookie.split(';')[0] });
    await client.hello();
    expect(await client.call('unlock:status')).toEqual({ ok: true, value: { state: 'open' } });
    client.close();
  });

  it('refuses a connection with neither the key nor the cookie, and one with a made-up cookie', async () => {
    const s = await serve();
    const bare = await StationClient.connect(s.origin);
    await expect(bare.hello()).rejects.toThrow(/closed 4401/);
    const forged = await StationClient.connect(s.origin, { cookie: 'station_key=not-the-key' });
    await expect(forged.hello()).rejects.toThrow(/closed 4401/);
    expect((await fetch(`${s.origin}/launch?token=${'A'.repeat(32)}`, { redirect: 'manual' })).status).toBe(403);
    expect((await fetch(`${s.origin}/launch`, { redirect: 'manual' })).status).toBe(403);
  });

  it('keeps the browser key in the data folder (0600), so a restarted station accepts the same page', async () => {
    const s = await serve();
    const key = s.browserKey;
    const file = join(dir.path, 'data', BROWSER_KEY_FILE);
    expect((await readFile(file, 'utf8')).trim()).toBe(key);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const port = Number(new URL(s.origin).port);
    await s.close();
    const again = await serve(port);
    expect(again.browserKey).toBe(key);
    expect(again.origin).toBe(s.origin);
    const client = await StationClient.connect(again.origin);
    await client.hello(key);
    client.close();
  });

  it('sends heartbeats, so a page notices a host that stopped answering', async () => {
    const s = await serve();
    const client = await StationClient.connect(s.origin);
    await client.hello(s.browserKey);
    await until(() => client.heartbeats >= 2, 'two heartbeats');
    client.close();
  });

  it('a busy port: with the fallback another free port is taken', async () => {
    const first = await serve();
    const port = Number(new URL(first.origin).port);
    const otherDir = await scratchDir('browser-session-2-');
    const second = await serveStation({
      dataDir: join(otherDir.path, 'data'),
      keys: keyFileProvider(join(otherDir.path, 'station.key'), { create: true }),
      version: 'test',
      pcsc: smartcardDevices,
      port,
      portFallback: true,
      rendererDir: RENDERER,
    });
    try {
      expect(Number(new URL(second.origin).port)).not.toBe(port);
    } finally {
      await second.close();
      await otherDir.remove();
    }
  });

  it('start:web: an unknown flag prints the usage and exits 2', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main/web-host.ts', '--colour', 'blue'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Unknown option '--colour'");
    expect(run.stderr).toContain('Usage: npm run start:web');
  });
});
