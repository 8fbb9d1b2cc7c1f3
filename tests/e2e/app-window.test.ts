import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, realpath, symlink } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronBinary } from '../../scripts/electron-binary.mjs';
import { startStation } from '../../src/main/station';
import { passphraseProvider } from '../../src/main/store/key-providers';
import { chromiumPath } from '../support/browser';
import { until } from '../support/until';
import { scratchDir } from '../support/web-host';
import { noProcessWith, pressKeys, processes, startXvfb, type VirtualDisplay, windowName, windowsNamed, x } from '../support/xvfb';
import { smartcardDevices } from '../../src/main/reader/smartcard-devices';

/**
 * `npm start` where Electron's binary is missing (as on machines that cannot reach its
 * download host): the station in a real Chromium app window on a private X server
 * (Xvfb), driven as a clerk would, with xdotool. Set SCREENSHOT_DIR to keep the window's
 * picture (docs/screenshots/app-window.png comes from here).
 */
const ROOT = resolve(__dirname, '../..');
const TITLE = 'Enrollment Station';
// Building the screens and starting Chromium on a busy 2-core machine: generous limits
// that only stop a broken test from hanging.
const OPEN_LIMIT_MS = 240_000;

let xvfb: VirtualDisplay;

beforeAll(async () => {
  xvfb = await startXvfb();
});
afterAll(async () => {
  await xvfb?.stop();
});

interface Launch {
  child: ChildProcess;
  /** In the environment of everything this launch starts, to find what is left of it. */
  marker: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  ended(): boolean;
}

/**
 * Runs exactly what a clerk types: `npm start -- ARGS`, on the test's X display. Where
 * the Electron binary is installed, `npm start` opens Electron instead; `--browser`
 * (a documented flag) then asks for the browser window these tests are about.
 */
function npmStart(args: string[], env: NodeJS.ProcessEnv = {}): Launch {
  const id = randomUUID();
  const browserArgs = electronBinary() && !args.includes('--browser') ? ['--browser', chromiumPath()] : [];
  const baseEnv = { ...process.env };
  delete baseEnv.ENROLLMENT_STATION_PASSPHRASE;
  delete baseEnv.WAYLAND_DISPLAY;
  const child = spawn('npm', ['start', '--', ...args, ...browserArgs], {
    cwd: ROOT,
    env: { ...baseEnv, DISPLAY: xvfb.display, APP_WINDOW_TEST_RUN: id, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.once('exit', (code, signal) => {
      done = true;
      resolveExit({ code, signal });
    }),
  );
  return { child, marker: `APP_WINDOW_TEST_RUN=${id}`, output: () => output, exited, ended: () => done };
}

/** After a test, whatever happened: nothing of this launch may keep running. */
async function cleanUp(launch: Launch | undefined): Promise<void> {
  if (!launch) return;
  for (const p of processes().filter((q) => q.environ.split('\0').includes(launch.marker))) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  // Chromium writes its profile until it is gone; the test's folder is removed after.
  await noProcessWith(launch.marker, 15_000).catch(() => undefined);
}

async function waitForWindowOpen(launch: Launch): Promise<string> {
  await until(() => launch.output().includes(' is open in ') || launch.ended(), 'npm start to open the window', OPEN_LIMIT_MS);
  expect(launch.ended(), launch.output()).toBe(false);
  const [id] = await until(async () => {
    const found = await windowsNamed(xvfb.display, TITLE);
    return found.length > 0 ? found : undefined;
  }, `a window titled "${TITLE}"`, 60_000);
  // The title follows the station's screen: the Search screen is the first one.
  await until(async () => (await windowName(xvfb.display, id!)) === `Search · ${TITLE}`, 'the station to show its Search screen', 60_000);
  return id!;
}

function stationEnv(dir: string): NodeJS.ProcessEnv {
  // The key file goes to the test's folder, not the user's ~/.config.
  return { XDG_CONFIG_HOME: join(dir, 'config') };
}

function browserOf(profile: string): { pid: number; cmdline: string[] } | undefined {
  const found = processes()
    .map((p) => ({ pid: p.pid, cmdline: p.cmdline.split('\0') }))
    .find((p) => p.cmdline.includes(`--user-data-dir=${profile}`) && !p.cmdline.some((a) => a.startsWith('--type=')));
  return found;
}

describe('npm start: the station in a browser app window', () => {
  it(
    'opens a real window titled "Enrollment Station" with Identity › Add Applicant reachable, keeps the key off every command line, refuses a second start on the same data, and closing the window stops it all',
    async () => {
      const dir = await scratchDir('app-window-');
      const data = join(dir.path, 'data');
      const profile = join(data, 'browser-profile');
      let app: Launch | undefined;
      let second: Launch | undefined;
      try {
        app = npmStart(['--data', data], stationEnv(dir.path));
        const win = await waitForWindowOpen(app);
        expect(app.output()).toContain(`Enrollment Station is open in Chromium (data: ${data}). Close the window to stop the station.`);

        // A clerk's keys: from the search field, back to the top bar's Add Applicant, Enter.
        await pressKeys(xvfb.display, win, 'shift+Tab', 'Return');
        await until(async () => (await windowName(xvfb.display, win)) === `Add a New Applicant · ${TITLE}`, 'the Add Applicant screen');
        const picture = join(process.env.SCREENSHOT_DIR ?? dir.path, 'app-window.png');
        await mkdir(resolve(picture, '..'), { recursive: true });
        await x(xvfb.display, 'import', '-window', win, picture);
        const png = PNG.sync.read(await readFile(picture));
        expect([png.width, png.height]).toEqual([1366, 860]);
        const colours = new Set<number>();
        for (let i = 0; i < png.data.length; i += 4 * 97) colours.add(png.data.readUInt32BE(i));
        expect(colours.size, 'the window shows the station, not an empty page').toBeGreaterThan(20);

        // The browser: an app window on a profile inside the data folder, given a one-time launch address.
        const browser = browserOf(profile);
        expect(browser, 'a Chromium running on <data>/browser-profile').toBeDefined();
        expect(browser!.cmdline.filter((a) => a.startsWith('--app='))).toEqual([expect.stringMatching(/^--app=http:\/\/127\.0\.0\.1:\d+\/launch\?token=[\w-]+$/)]);
        expect(browser!.cmdline).toEqual(expect.arrayContaining(['--no-first-run', '--no-default-browser-check', '--disable-sync']));

        // The browser key (kept in the data folder by the back end) is on no command line, in no environment, in no output.
        const key = (await readFile(join(data, 'web-session.key'), 'utf8')).trim();
        expect(key).toMatch(/^[\w-]{43}$/);
        const holders = processes().filter((p) => p.cmdline.includes(key) || p.environ.includes(key));
        expect(holders.map((p) => `${p.pid} ${p.cmdline.replace(/\0/g, ' ')}`)).toEqual([]);
        expect(app.output()).not.toContain(key);
        expect(app.output()).not.toContain('/launch');

        // A second npm start on the same data folder says why not, before building anything.
        second = npmStart(['--data', data], stationEnv(dir.path));
        const refused = await until(() => second!.ended() && second!.exited, 'the second npm start to end', 60_000);
        expect((await refused).code).toBe(1);
        expect(second.output()).toMatch(/Another Enrollment Station \(process \d+\) already has this data folder open/);
        expect(second.output()).toContain('Its window is already open: use that one');
        expect(second.output()).not.toContain('Building');
        await noProcessWith(second.marker);
        expect(await windowsNamed(xvfb.display, TITLE)).toEqual([win]);

        // Closing the window (Ctrl+W) stops the station: npm start exits 0, nothing is left.
        await pressKeys(xvfb.display, win, 'ctrl+w');
        const exit = await until(() => app!.ended() && app!.exited, 'npm start to end after the window closed', 60_000);
        expect(await exit, app.output()).toEqual({ code: 0, signal: null });
        await noProcessWith(app.marker);
        expect(browserOf(profile)).toBeUndefined();
        expect(existsSync(join(data, 'station-store.lock')), 'the store lock is released').toBe(false);
        expect(existsSync(join(data, 'app-window.lock')), "the app window's lock is released").toBe(false);
        expect(await windowsNamed(xvfb.display, TITLE)).toEqual([]);
      } finally {
        await cleanUp(app);
        await cleanUp(second);
        await dir.remove();
      }
    },
    OPEN_LIMIT_MS + 180_000,
  );

  it(
    'with --kiosk fills the screen, takes another port when the one asked for is busy, and SIGTERM to npm start closes the window and stops the station',
    async () => {
      const dir = await scratchDir('app-window-');
      const data = join(dir.path, 'data');
      const blocker: Server = createServer();
      await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
      const busy = (blocker.address() as { port: number }).port;
      let app: Launch | undefined;
      try {
        app = npmStart(['--data', data, '--port', String(busy), '--kiosk'], stationEnv(dir.path));
        const win = await waitForWindowOpen(app);
        // Covering the 1440 × 900 display with no window manager to make it full screen (Chromium keeps
        // a window the size of the screen one pixel short of it).
        await until(async () => {
          const geometry = await x(xvfb.display, 'xdotool', 'getwindowgeometry', win);
          const size = /Geometry: (\d+)x(\d+)/.exec(geometry);
          return /Position: 0,0/.test(geometry) && Number(size?.[1]) >= 1439 && Number(size?.[2]) >= 899;
        }, 'the kiosk window to cover the screen');
        expect(browserOf(join(data, 'browser-profile'))!.cmdline).toContain('--kiosk');
        const moved = new RegExp(`Port ${busy} is in use, so the station listens on http://127\\.0\\.0\\.1:(\\d+) instead\\.`).exec(app.output());
        expect(moved, app.output()).not.toBeNull();
        expect(Number(moved![1])).not.toBe(busy);
        expect(browserOf(join(data, 'browser-profile'))!.cmdline).toContainEqual(expect.stringMatching(new RegExp(`^--app=http://127\\.0\\.0\\.1:${moved![1]}/launch\\?token=`)));

        // SIGTERM to npm itself (npm passes it only to its shell, which dies without passing it on).
        process.kill(app.child.pid!, 'SIGTERM');
        await until(() => app!.ended(), 'npm start to end on SIGTERM', 30_000);
        await until(async () => (await windowsNamed(xvfb.display, TITLE)).length === 0, 'the window to close', 30_000);
        await noProcessWith(app.marker);
        expect(existsSync(join(data, 'station-store.lock')), 'the store lock is released').toBe(false);
      } finally {
        await cleanUp(app);
        blocker.close();
        await dir.remove();
      }
    },
    OPEN_LIMIT_MS + 120_000,
  );

  it(
    'asks for the passphrase of a store kept under one in the window, refuses a second start while it waits, and opens the station once it is typed',
    async () => {
      const dir = await scratchDir('app-window-');
      const data = join(dir.path, 'data');
      const passphrase = 'app window passphrase 2026';
      // A station set up with a passphrase (as with ENROLLMENT_STATION_PASSPHRASE), then closed.
      await mkdir(data, { recursive: true, mode: 0o700 });
      const setUp = await startStation({ dataDir: data, keys: passphraseProvider(passphrase), version: 'test', pcsc: smartcardDevices });
      await setUp.close();
      let app: Launch | undefined;
      let second: Launch | undefined;
      try {
        app = npmStart(['--data', data], stationEnv(dir.path));
        await until(() => app!.output().includes(' is open in ') || app!.ended(), 'npm start to open the window', OPEN_LIMIT_MS);
        expect(app.output()).toContain("The station's data is protected by a passphrase: type it in the window.");
        const [win] = await until(async () => {
          const found = await windowsNamed(xvfb.display, TITLE);
          return found.length > 0 ? found : undefined;
        }, `a window titled "${TITLE}"`, 60_000);
        await until(async () => (await windowName(xvfb.display, win!)) === `Unlock · ${TITLE}`, 'the passphrase prompt', 60_000);
        expect(existsSync(join(data, 'station-store.lock')), 'the store is not open yet').toBe(false);

        // The store is not open, yet the data folder is taken: a second start says so.
        second = npmStart(['--data', data], stationEnv(dir.path));
        expect((await second.exited).code).toBe(1);
        expect(second.output()).toMatch(/Another Enrollment Station \(process \d+\) already has this data folder open/);
        await noProcessWith(second.marker);

        await x(xvfb.display, 'xdotool', 'windowfocus', '--sync', win!);
        await x(xvfb.display, 'xdotool', 'type', '--delay', '20', passphrase);
        await pressKeys(xvfb.display, win!, 'Return');
        await until(async () => (await windowName(xvfb.display, win!)) === `Search · ${TITLE}`, 'the station to open after the passphrase', 60_000);
        expect(existsSync(join(data, 'station-store.lock')), 'the store is open').toBe(true);
        expect(processes().filter((p) => p.cmdline.includes(passphrase) || p.environ.includes(passphrase))).toEqual([]);

        await pressKeys(xvfb.display, win!, 'ctrl+w');
        expect(await app.exited, app.output()).toEqual({ code: 0, signal: null });
        await noProcessWith(app.marker);
        expect(existsSync(join(data, 'station-store.lock'))).toBe(false);
        expect(existsSync(join(data, 'app-window.lock'))).toBe(false);
      } finally {
        await cleanUp(app);
        await cleanUp(second);
        await dir.remove();
      }
    },
    OPEN_LIMIT_MS + 180_000,
  );

  it('prints the usage and exits 2 for an unknown flag', async () => {
    const app = npmStart(['--fullscreen']);
    try {
      expect(await app.exited).toEqual({ code: 2, signal: null });
      expect(app.output()).toContain("Unknown option '--fullscreen'");
      expect(app.output()).toContain('Usage: npm start -- [--data DIR] [--recover] [--kiosk] [--port N] [--browser FILE]');
    } finally {
      await cleanUp(app);
    }
  }, 60_000);

  // Where Electron's binary is installed, npm start opens Electron: this message cannot appear there.
  it.skipIf(Boolean(electronBinary()))('with neither Electron nor a browser, says what to install and exits 1', async () => {
    const dir = await scratchDir('app-window-');
    // A PATH with node, npm and a shell, and no browser.
    const bin = join(dir.path, 'bin');
    await mkdir(bin);
    await symlink(process.execPath, join(bin, 'node'));
    await symlink(await realpath(join(resolve(process.execPath, '..'), 'npm')), join(bin, 'npm'));
    await symlink('/bin/sh', join(bin, 'sh'));
    let app: Launch | undefined;
    try {
      app = npmStart([], { PATH: bin, CHROMIUM_PATH: join(dir.path, 'no-chromium-here') });
      const exit = await app.exited;
      expect(exit, app.output()).toEqual({ code: 1, signal: null });
      expect(app.output()).toContain('Enrollment Station cannot open its window: the Electron binary is not installed and no Chromium, Google Chrome or Microsoft Edge was found.');
      expect(app.output()).toContain('sudo apt-get install -y chromium');
      expect(app.output()).toContain('npx install-electron');
      expect(app.output()).toContain(`CHROMIUM_PATH is set to ${join(dir.path, 'no-chromium-here')}, which is not an executable file.`);
    } finally {
      await cleanUp(app);
      await dir.remove();
    }
  }, 60_000);
});
