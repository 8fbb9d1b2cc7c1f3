import { app, BrowserWindow, dialog, ipcMain, safeStorage, session } from 'electron';
import { join } from 'node:path';
import { createDispatcher } from './ipc/dispatch';
import { bindElectronIpc } from './ipc/electron-ipc';
import { mkdir } from 'node:fs/promises';
import { StationError } from '../shared/contract/errors';
import { desktopKeys } from './host-options';
import type { KeyProvider } from './store/key-providers';
import { startStation, type Station } from './station';

/**
 * The Electron host: a hardened window around the same station back end the web
 * host serves. Everything here is Electron wiring; the station itself is in station.ts.
 */
declare const MAIN_WINDOW_VITE_DEV_SERVER_URL: string | undefined;
declare const MAIN_WINDOW_VITE_NAME: string;

let station: Station | undefined;
let window: BrowserWindow | undefined;

function trustedOrigins(): string[] {
  return MAIN_WINDOW_VITE_DEV_SERVER_URL ? [new URL(MAIN_WINDOW_VITE_DEV_SERVER_URL).origin] : ['file://'];
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1366,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    title: 'Enrollment Station',
    show: false,
    webPreferences: {
      preload: join(__dirname, 'preload.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  if (MAIN_WINDOW_VITE_DEV_SERVER_URL) void win.loadURL(MAIN_WINDOW_VITE_DEV_SERVER_URL);
  else void win.loadFile(join(__dirname, `../renderer/${MAIN_WINDOW_VITE_NAME}/index.html`));
  return win;
}

function harden(): void {
  // No page may navigate away, open windows, or get a permission (camera, USB, …).
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

/** A damaged data file: say so, and let the operator open the last good copy instead. */
async function openOrOfferRecovery(dataDir: string, keys: KeyProvider): Promise<Station> {
  try {
    return await startStation({ dataDir, keys, version: app.getVersion() });
  } catch (error) {
    if (!(error instanceof StationError) || error.details?.recoverable !== true) throw error;
    const { response } = await dialog.showMessageBox({
      type: 'warning',
      title: 'Enrollment Station',
      message: "The station's data file is damaged",
      detail: error.message.replace(/To do that, start the station with --recover\.?/, ''),
      buttons: ['Open last good copy', 'Quit'],
      defaultId: 1,
      cancelId: 1,
    });
    if (response !== 0) throw error;
    return startStation({ dataDir, keys, version: app.getVersion(), recover: true });
  }
}

async function start(): Promise<void> {
  harden();
  const dataDir = process.env.ENROLLMENT_STATION_DATA ?? join(app.getPath('userData'), 'station');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const choice = desktopKeys({
    passphrase: process.env.ENROLLMENT_STATION_PASSPHRASE,
    keystore: safeStorage,
    platform: process.platform,
    wrappedKeyPath: join(dataDir, 'station.key.wrapped'),
  });
  if ('passphraseNeeded' in choice) throw new Error(choice.passphraseNeeded);
  station = await openOrOfferRecovery(dataDir, choice.keys);
  bindElectronIpc({
    ipcMain,
    dispatch: createDispatcher(station.handlers),
    events: station.events,
    trustedOrigins: trustedOrigins(),
    target: () => window?.webContents,
  });
  window = createWindow();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.whenReady().then(start).catch((error: unknown) => {
    dialog.showErrorBox('Enrollment Station could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
  app.on('window-all-closed', () => {
    void station?.close().finally(() => app.quit());
  });
}
