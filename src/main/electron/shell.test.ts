import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../../../tests/support/until';
import { scratchDir } from '../../../tests/support/web-host';
import { channels } from '../../shared/contract';
import { CONFIG_FILE } from '../config';
import { JOURNAL_FILE } from '../store/station-store';
import { fakeElectron, FakeWebContents, type FakeElectron } from './fake-electron';
import { runElectronShell, type ElectronShell, type ShellOptions } from './shell';
import { FakePcsc } from '../../../tests/support/pcsc/fake-pcsc';

/**
 * The Electron shell with a typed fake of Electron (the only stand-in) around the real
 * station: real store on a temp folder, real services, real dispatcher and IPC binding.
 */
const PAGE = 'file:///app/.vite/renderer/main_window/index.html';
const PASSPHRASE = 'correct horse battery staple';
const ICON = resolve(__dirname, '../../../assets/png/512x512.png');

let dir: { path: string; remove(): Promise<void> };
const running: { electron: FakeElectron; shell: ElectronShell }[] = [];

beforeEach(async () => (dir = await scratchDir('electron-shell-')));
afterEach(async () => {
  for (const { shell } of running.splice(0)) await shell.station()?.close();
  await dir.remove();
});

const dataDir = () => join(dir.path, 'data');

/** Starts the shell as Electron would run the entry, and lets Electron become ready. */
function launch(
  setup: { keystore?: 'gnome_libsecret' | 'basic_text'; answers?: number[] } = {},
  options: Partial<ShellOptions> = {},
): { electron: FakeElectron; shell: ElectronShell } {
  const electron = fakeElectron({ userData: join(dir.path, 'user-data'), ...(setup.keystore ? { keystore: setup.keystore } : {}) });
  electron.dialog.answers.push(...(setup.answers ?? []));
  const shell = runElectronShell(electron, {
    dataDir: dataDir(),
    platform: 'linux',
    pcsc: new FakePcsc(),
    preload: '/app/.vite/build/preload.js',
    page: { file: '/app/.vite/renderer/main_window/index.html' },
    icon: ICON,
    ...options,
  });
  electron.app.becomeReady();
  running.push({ electron, shell });
  return { electron, shell };
}

type Answer = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
const call = (electron: FakeElectron, channel: string, input?: unknown) => electron.ipcMain.invoke(channel, input) as Promise<Answer>;
const value = async (electron: FakeElectron, channel: string, input?: unknown) => {
  const answer = await call(electron, channel, input);
  if (!answer.ok) throw new Error(`${channel}: ${answer.error.code} ${answer.error.message}`);
  return answer.value as Record<string, unknown>;
};
const ada = { firstName: 'Ada', lastName: 'Lovelace', credentialTypeId: 'piv-card-employee' };

/** The operator closes the window; resolves once the shell has closed the station and quit. */
async function closeWindow(electron: FakeElectron): Promise<void> {
  for (const window of electron.windows) window.close();
  await until(() => electron.app.quitted, 'the app to quit');
}

/** Enrolls people in a passphrase-protected store, then damages the last journal record. */
async function damagedPassphraseStore(people: number): Promise<void> {
  const { electron, shell } = launch({}, { passphrase: PASSPHRASE });
  await shell.started;
  for (let i = 0; i < people; i += 1) await value(electron, 'applicants:create', { ...ada, firstName: `Ada${'a'.repeat(i)}` });
  await closeWindow(electron);
  const journal = join(dataDir(), JOURNAL_FILE);
  const bytes = await readFile(journal);
  bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0xff;
  await writeFile(journal, bytes);
}

describe('the Electron shell: window', () => {
  it('opens one window with the station page, its size, title, icon, and a locked-down renderer', async () => {
    const { electron, shell } = launch();
    await shell.started;
    expect(electron.windows).toHaveLength(1);
    const [window] = electron.windows;
    expect(window!.options).toEqual({
      width: 1366,
      height: 900,
      minWidth: 1024,
      minHeight: 700,
      title: 'Enrollment Station',
      show: false,
      icon: ICON,
      webPreferences: {
        preload: '/app/.vite/build/preload.js',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
      },
    });
    expect(window!.loaded).toEqual({ file: '/app/.vite/renderer/main_window/index.html' });
    expect(window!.shown).toBe(true); // shown on ready-to-show, not blank before
    expect(shell.window()).toBe(window);
  });

  it('loads the Vite dev server in development and trusts only its origin', async () => {
    const { electron, shell } = launch({}, { page: { url: 'http://localhost:5173/' } });
    await shell.started;
    expect(electron.windows[0]!.loaded).toEqual({ url: 'http://localhost:5173/' });
    expect(await electron.ipcMain.invoke('station:get-info', undefined, { url: 'http://localhost:5173/#/identity', parent: null })).toMatchObject({ ok: true });
    expect(await electron.ipcMain.invoke('station:get-info', undefined, { url: PAGE, parent: null })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });
});

describe('the Electron shell: hardening', () => {
  it('refuses navigation, new windows and webviews in every web contents, and every permission', async () => {
    const { electron, shell } = launch();
    await shell.started;
    const contents = electron.windows[0]!.webContents;
    expect(contents.windowOpen('https://example.org/')).toBe('deny');
    expect(contents.navigate('https://example.org/')).toBe('prevented');
    expect(contents.navigate('file:///etc/passwd')).toBe('prevented');
    expect(contents.attachWebview()).toBe('prevented');

    // Any later web contents (a devtools page, anything a page might create) gets the same.
    const later = new FakeWebContents();
    electron.app.emit('web-contents-created', {}, later);
    expect([later.windowOpen('https://example.org/'), later.navigate('https://example.org/'), later.attachWebview()]).toEqual(['deny', 'prevented', 'prevented']);

    const session = electron.session.defaultSession;
    for (const permission of ['media', 'usb', 'hid', 'serial', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      expect(await session.request(permission)).toBe(false);
    }
    expect(session.check()).toBe(false);
  });
});

describe('the Electron shell: IPC', () => {
  it('binds every contract channel to the station and forwards its events to the window', async () => {
    const { electron, shell } = launch();
    await shell.started;
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(Object.keys(channels).sort());
    expect(await value(electron, 'unlock:status')).toEqual({ state: 'open' });
    const info = await value(electron, 'station:get-info');
    expect(info).toMatchObject({ productName: 'Enrollment Station', version: '0.0.0-test' });
    const created = await value(electron, 'applicants:create', ada);
    expect(created.employeeNumber).toMatch(/^\d{8}$/);
    expect(electron.windows[0]!.webContents.sent).toContainEqual({ channel: 'applicants:changed', payload: expect.objectContaining({ employeeNumber: created.employeeNumber }) });
    expect(await call(electron, 'applicants:create', { firstName: '' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('refuses callers that are not the main frame of the station page, without calling the station', async () => {
    const { electron, shell } = launch();
    await shell.started;
    const refused = { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'This page may not use the station.' } };
    const senders = [
      { url: 'https://evil.example/', parent: null },
      { url: PAGE, parent: { url: PAGE } }, // an iframe inside the page
      { url: 'http://localhost:5173/', parent: null },
      { url: 'not a url', parent: null },
      null,
    ];
    for (const frame of senders) expect(await electron.ipcMain.invoke('applicants:create', ada, frame)).toEqual(refused);
    expect(await value(electron, 'applicants:search', { text: '', limit: 50 })).toMatchObject({ total: 0 });
  });
});

describe('the Electron shell: single instance and lifecycle', () => {
  it('a second start while one runs brings the running window to the front', async () => {
    const { electron, shell } = launch();
    await shell.started;
    const window = electron.windows[0]!;
    window.minimized = true;
    electron.app.secondInstance();
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(1);
  });

  it('the second instance itself (no single-instance lock) quits at once: no station, no window, no IPC', async () => {
    const electron = fakeElectron({ userData: join(dir.path, 'user-data') });
    electron.app.gotLock = false;
    const shell = runElectronShell(electron, { dataDir: dataDir(), pcsc: new FakePcsc(), preload: 'preload.js', page: { file: 'index.html' } });
    electron.app.becomeReady();
    await shell.started;
    expect(electron.app.quitRequests).toBe(1);
    expect(electron.windows).toHaveLength(0);
    expect(electron.ipcMain.handlers.size).toBe(0);
    expect(shell.station()).toBeUndefined();
  });

  it('closing the window closes the station (its store lock is released) and quits', async () => {
    const { electron, shell } = launch({}, { passphrase: PASSPHRASE });
    await shell.started;
    await value(electron, 'applicants:create', ada);
    await closeWindow(electron);
    expect(shell.station()!.current()).toBeUndefined();
    // The same data folder opens again: the first station let go of it.
    const again = launch({}, { passphrase: PASSPHRASE });
    await again.shell.started;
    expect(again.electron.dialog.errorBoxes).toEqual([]);
    expect(await value(again.electron, 'applicants:search', { text: 'ada', limit: 50 })).toMatchObject({ total: 1 });
  });

  it('a quit from elsewhere (the OS, a menu) waits for the station to close first', async () => {
    const { electron, shell } = launch({}, { passphrase: PASSPHRASE });
    await shell.started;
    electron.app.quit();
    expect(electron.app.quitted).toBe(false); // held back while the store closes
    await until(() => electron.app.quitted, 'the app to quit after the station closed');
    expect(shell.station()!.current()).toBeUndefined();
  });

  it('a station that cannot start: an error box naming the reason, exit code 1, no window', async () => {
    await mkdir(dataDir(), { recursive: true });
    await writeFile(join(dataDir(), CONFIG_FILE), JSON.stringify({ employeeNumberRange: { first: 'ten' } }));
    const { electron, shell } = launch({}, { passphrase: PASSPHRASE });
    await shell.started;
    expect(electron.dialog.errorBoxes).toEqual([{ title: 'Enrollment Station could not start', content: expect.stringContaining('employeeNumberRange') }]);
    expect(electron.app.exitCode).toBe(1);
    expect(electron.windows).toHaveLength(0);
  });
});

describe('the Electron shell: damaged data file', () => {
  it('offers the last good copy; choosing it opens the station with what could be read', async () => {
    await damagedPassphraseStore(3);
    const { electron, shell } = launch({ answers: [0] }, { passphrase: PASSPHRASE });
    await shell.started;
    expect(electron.dialog.messageBoxes).toEqual([
      expect.objectContaining({ type: 'warning', message: "The station's data file is damaged", buttons: ['Open last good copy', 'Quit'], defaultId: 1, cancelId: 1 }),
    ]);
    expect(electron.dialog.messageBoxes[0]!.detail).not.toContain('--recover');
    expect(electron.windows).toHaveLength(1);
    expect(await value(electron, 'station:get-info')).toMatchObject({ recovery: { keptAside: expect.any(String) } });
  });

  it('Quit leaves the file untouched and quits, with no error box', async () => {
    await damagedPassphraseStore(2);
    const before = await readFile(join(dataDir(), JOURNAL_FILE));
    const { electron, shell } = launch({ answers: [1] }, { passphrase: PASSPHRASE });
    await shell.started;
    await until(() => electron.app.quitted, 'the app to quit');
    expect(electron.windows).toHaveLength(0);
    expect(electron.dialog.errorBoxes).toEqual([]);
    expect(electron.app.exitCode).toBeUndefined();
    expect(await readFile(join(dataDir(), JOURNAL_FILE))).toEqual(before);
  });
});

describe('the Electron shell: passphrase (no usable key store)', () => {
  it('first run asks to choose a passphrase through the page; every other channel waits for it', async () => {
    const { electron, shell } = launch({ keystore: 'basic_text' });
    await shell.started;
    expect(electron.windows).toHaveLength(1); // the page shows the prompt
    expect(await value(electron, 'unlock:status')).toMatchObject({ state: 'choose', reason: expect.stringContaining('basic_text'), failures: 0 });
    expect(await call(electron, 'applicants:search', { text: '', limit: 5 })).toMatchObject({ ok: false, error: { code: 'STATION_LOCKED' } });
    expect(await call(electron, 'unlock:submit', { passphrase: 'short', confirm: 'short' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await call(electron, 'unlock:submit', { passphrase: PASSPHRASE, confirm: `${PASSPHRASE}!` })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await value(electron, 'unlock:submit', { passphrase: PASSPHRASE, confirm: PASSPHRASE })).toEqual({ state: 'open' });
    expect(electron.windows[0]!.webContents.sent).toContainEqual({ channel: 'unlock:changed', payload: { state: 'open' } });
    await value(electron, 'applicants:create', ada);
    await closeWindow(electron);

    // Later starts: unlock; a wrong passphrase says so; the right one opens the same data.
    const later = launch({ keystore: 'basic_text' });
    await later.shell.started;
    expect(await value(later.electron, 'unlock:status')).toMatchObject({ state: 'unlock' });
    expect(await call(later.electron, 'unlock:submit', { passphrase: 'not the passphrase at all' })).toMatchObject({ ok: false, error: { code: 'PASSPHRASE_INCORRECT' } });
    expect(await value(later.electron, 'unlock:status')).toMatchObject({ state: 'unlock', failures: 1 });
    expect(await value(later.electron, 'unlock:submit', { passphrase: PASSPHRASE })).toEqual({ state: 'open' });
    expect(await value(later.electron, 'applicants:search', { text: 'ada', limit: 5 })).toMatchObject({ total: 1 });
  });

  it('after 5 wrong passphrases the prompt pauses', async () => {
    const { electron, shell } = launch({ keystore: 'basic_text' }, { passphrase: undefined, firstPauseMs: 60_000 });
    await shell.started;
    await value(electron, 'unlock:submit', { passphrase: PASSPHRASE, confirm: PASSPHRASE });
    await closeWindow(electron);
    const later = launch({ keystore: 'basic_text' }, { firstPauseMs: 60_000 });
    await later.shell.started;
    for (let i = 0; i < 5; i += 1) await call(later.electron, 'unlock:submit', { passphrase: `wrong passphrase ${i}` });
    expect(await value(later.electron, 'unlock:status')).toMatchObject({ state: 'unlock', failures: 5, pausedUntil: expect.any(String) });
    expect(await call(later.electron, 'unlock:submit', { passphrase: PASSPHRASE })).toMatchObject({ ok: false, error: { code: 'PASSPHRASE_PAUSED' } });
  });

  it('a damaged file found after the passphrase: the same dialog, then the last good copy', async () => {
    await damagedPassphraseStore(3);
    const { electron, shell } = launch({ keystore: 'basic_text', answers: [0] });
    await shell.started;
    expect(await value(electron, 'unlock:status')).toMatchObject({ state: 'unlock' });
    expect(electron.dialog.messageBoxes).toHaveLength(0);
    expect(await value(electron, 'unlock:submit', { passphrase: PASSPHRASE })).toEqual({ state: 'open' });
    expect(electron.dialog.messageBoxes).toEqual([expect.objectContaining({ message: "The station's data file is damaged", buttons: ['Open last good copy', 'Quit'] })]);
    expect(await value(electron, 'station:get-info')).toMatchObject({ recovery: { keptAside: expect.any(String) } });
  });

  it('a damaged file found after the passphrase, and Quit: the app quits', async () => {
    await damagedPassphraseStore(2);
    const { electron, shell } = launch({ keystore: 'basic_text', answers: [1] });
    await shell.started;
    expect(await call(electron, 'unlock:submit', { passphrase: PASSPHRASE })).toMatchObject({ ok: false, error: { code: 'STORE_UNREADABLE' } });
    await until(() => electron.app.quitted, 'the app to quit');
    expect(electron.dialog.errorBoxes).toEqual([]);
  });
});
