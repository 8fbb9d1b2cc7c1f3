import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StationClient } from '../support/station-client';
import { scratchDir, startWebHost, startWebHostExpectingFailure, type RunningHost } from '../support/web-host';

let dir: Awaited<ReturnType<typeof scratchDir>>;
let host: RunningHost;

beforeAll(async () => {
  dir = await scratchDir('web-host-');
  host = await startWebHost({ dataDir: join(dir.path, 'data'), keyFile: join(dir.path, 'keys', 'station.key') });
});
afterAll(async () => {
  await host?.stop();
  await dir?.remove();
});

describe('the web host', () => {
  it('listens on loopback only', async () => {
    const port = Number(new URL(host.origin).port);
    const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
    const table = (await readFile('/proc/net/tcp', 'utf8')) + (await readFile('/proc/net/tcp6', 'utf8').catch(() => ''));
    const listening = table
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '0A')
      .map((cols) => cols[1]!.split(':')[0]);
    expect(listening).toEqual(['0100007F']);
  });

  it('serves the station page with a strict Content Security Policy', async () => {
    const response = await fetch(`${host.origin}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await response.text()).toContain('<div id="root">');
  });

  it('does not serve files outside the built screens', async () => {
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/package.json', '/..%2f..%2fpackage.json']) {
      expect((await fetch(`${host.origin}${path}`)).status).toBe(404);
    }
  });

  it('refuses requests for another host name (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${host.origin}/`, { headers: { host: 'evil.example:80' } }, (res) => resolve(res.statusCode ?? 0));
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });

  it('refuses a WebSocket from another origin', async () => {
    await expect(StationClient.connect(host.origin, { origin: 'http://evil.example' })).rejects.toThrow(/HTTP 401|HTTP 403/);
  });

  it('closes a connection that does not know the launch secret, before any call', async () => {
    const client = await StationClient.connect(host.origin);
    await expect(client.hello('wrong-secret')).rejects.toThrow(/closed 4401/);
  });

  it('closes a connection that sends something unreadable', async () => {
    const client = await StationClient.connect(host.origin);
    await client.hello(host.secret);
    client.sendRaw('{"type":"call","id":"x"');
    expect((await client.closed).code).toBe(4400);
  });

  it('answers calls with the same contract as Electron IPC and pushes events', async () => {
    const client = await StationClient.connect(host.origin);
    await client.hello(host.secret);
    expect(await client.call('applicants:create', { firstName: 'Zoë', lastName: 'Ng', credentialTypeId: 'piv-card-employee' })).toMatchObject({
      ok: true,
      value: { firstName: 'Zoë', employeeNumber: expect.stringMatching(/^\d{8}$/) },
    });
    expect(await client.call('applicants:create', { firstName: 'Zoë' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await client.call('applicants:drop-all', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(client.events).toEqual([{ event: 'applicants:changed', payload: { employeeNumber: expect.stringMatching(/^\d{8}$/) } }]);
    client.close();
  });

  it('refuses to start a second station on the same data folder', async () => {
    const second = await startWebHostExpectingFailure({ dataDir: host.dataDir, keyFile: host.keyFile });
    expect(second.code).toBe(1);
    expect(second.output).toContain('already has this data folder open');
  });
});

describe('starting on an existing store', () => {
  it('refuses the wrong key with a clear message and leaves the data untouched', async () => {
    const scratch = await scratchDir('web-host-key-');
    try {
      const dataDir = join(scratch.path, 'data');
      const first = await startWebHost({ dataDir, keyFile: join(scratch.path, 'right.key') });
      await first.stop();
      const before = await readFile(join(dataDir, 'station-store.enc'));
      await writeFile(join(scratch.path, 'other.key'), `enrollment-station-key-v1:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
      const wrong = await startWebHostExpectingFailure({ dataDir, keyFile: join(scratch.path, 'other.key') });
      expect(wrong.code).toBe(1);
      expect(wrong.output).toContain('encrypted with a different key');
      expect(await readFile(join(dataDir, 'station-store.enc'))).toEqual(before);

      const missing = await startWebHostExpectingFailure({ dataDir, keyFile: join(scratch.path, 'missing.key') });
      expect(missing.output).toContain('is missing, and the store cannot be opened without it');
      expect(await readFile(join(dataDir, 'station-store.enc'))).toEqual(before);
    } finally {
      await scratch.remove();
    }
  });
});

describe('calls without input', () => {
  it('answers a channel that takes no input', async () => {
    const scratch = await scratchDir('web-host-noinput-');
    const running = await startWebHost({ dataDir: join(scratch.path, 'data'), keyFile: join(scratch.path, 'key') });
    try {
      const client = await StationClient.connect(running.origin);
      await client.hello(running.secret);
      expect(await client.call('credential-types:list')).toMatchObject({ ok: true, value: expect.arrayContaining([expect.objectContaining({ name: 'Mobile PACS – Employee' })]) });
      client.close();
    } finally {
      await running.stop();
      await scratch.remove();
    }
  });
});
