import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { StationError } from '../../shared/contract/errors';
import { hostStation, type HostedStation } from '../hosted-station';
import { desktopKeys } from '../host-options';
import { bindElectronIpc, type EventTarget, type IpcMainLike } from '../ipc/electron-ipc';
import type { KeyProvider, OsKeystore } from '../store/key-providers';
import { startStation, type Station } from '../station';
import type { PcscDevices } from '../reader/pcsc-devices';

/**
 * Exactly the pieces of Electron the station's shell uses. Electron's own objects satisfy
 * these interfaces structurally (src/main/index.ts passes them in, and the type checker
 * proves it); the unit tests pass a fake, the only stand-in for Electron we have.
 */
export interface ElectronSurface {
  app: ShellApp;
  /** `new BrowserWindow(options)`. */
  createWindow(options: ShellWindowOptions): ShellWindow;
  dialog: ShellDialog;
  ipcMain: IpcMainLike;
  safeStorage: OsKeystore;
  session: { defaultSession: ShellSession };
}

export interface PreventableEvent {
  preventDefault(): void;
}

export interface ShellApp {
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<unknown>;
  on(event: 'web-contents-created', listener: (event: unknown, contents: ShellWebContents) => void): unknown;
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown;
  getVersion(): string;
  getPath(name: 'userData'): string;
  quit(): void;
  exit(exitCode?: number): void;
}

/** What every web contents gets refused (pages, and anything a page might try to create). */
export interface ShellWebContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
}

export interface ShellWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  show: boolean;
  icon?: string;
  webPreferences: {
    preload: string;
    contextIsolation: boolean;
    sandbox: boolean;
    nodeIntegration: boolean;
    webSecurity: boolean;
    spellcheck: boolean;
  };
}

export interface ShellWindow {
  readonly webContents: EventTarget;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  focus(): void;
  isMinimized(): boolean;
  restore(): void;
  loadURL(url: string): Promise<void>;
  loadFile(path: string): Promise<void>;
}

export interface ShellDialog {
  showMessageBox(options: {
    type: 'warning';
    title: string;
    message: string;
    detail: string;
    buttons: string[];
    defaultId: number;
    cancelId: number;
  }): Promise<{ response: number }>;
  showErrorBox(title: string, content: string): void;
}

type PermissionHandler = (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void;

export interface ShellSession {
  setPermissionRequestHandler(handler: PermissionHandler | null): void;
  setPermissionCheckHandler(handler: (() => boolean) | null): void;
}

export interface ShellOptions {
  /** PC/SC for the station's card readers. */
  pcsc: PcscDevices;
  /** ENROLLMENT_STATION_DATA; else `<userData>/station`. */
  dataDir?: string | undefined;
  /** ENROLLMENT_STATION_PASSPHRASE: the store key without asking. */
  passphrase?: string | undefined;
  platform?: NodeJS.Platform;
  /** The preload script (.vite/build/preload.js). */
  preload: string;
  /** The station's page: the Vite dev server in development, else the built index.html. */
  page: { url: string } | { file: string };
  /** The window icon (shown by Linux; Windows and macOS take the executable's). */
  icon?: string;
  /** The pause after the 5th wrong passphrase (doubling after each further one). */
  firstPauseMs?: number;
}

/** What the shell exposes to its tests (the entry ignores it). */
export interface ElectronShell {
  /** Settles once the window is up, or the start failed and the app is exiting. */
  readonly started: Promise<void>;
  station(): HostedStation | undefined;
  window(): ShellWindow | undefined;
}

export const WINDOW_TITLE = 'Enrollment Station';
const DAMAGED_BUTTONS = ['Open last good copy', 'Quit'];

/** A damaged data file that `--recover` can open: the operator chooses in a dialog. */
function isRecoverable(error: unknown): error is StationError {
  return error instanceof StationError && error.details?.recoverable === true;
}

/**
 * The Electron host: a hardened window around the same station back end the web host
 * serves, bound to it over IPC. The station opens with the OS key store, or — where this
 * computer has none worth the name — after the operator chooses or types the station
 * passphrase on the page (`unlock:status` / `unlock:submit`).
 */
export function runElectronShell(surface: ElectronSurface, options: ShellOptions): ElectronShell {
  const { app, dialog } = surface;
  let hosted: HostedStation | undefined;
  let window: ShellWindow | undefined;
  /** The operator chose Quit in the damaged-store dialog. */
  let quitChosen = false;
  let stationClosed = false;

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { started: Promise.resolve(), station: () => undefined, window: () => undefined };
  }

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  // No page may navigate away, open windows or attach a webview.
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  const closeStation = async (): Promise<void> => {
    try {
      await hosted?.close();
    } finally {
      stationClosed = true;
    }
  };

  app.on('window-all-closed', () => {
    void closeStation().finally(() => app.quit());
  });

  // Quitting any other way (the damaged-store dialog, the OS) still closes the store first.
  app.on('before-quit', (event) => {
    if (stationClosed || !hosted) return;
    event.preventDefault();
    void closeStation().finally(() => app.quit());
  });

  const open = async (dataDir: string, keys: KeyProvider): Promise<Station> => {
    const version = app.getVersion();
    try {
      return await startStation({ dataDir, keys, version, pcsc: options.pcsc });
    } catch (error) {
      if (!isRecoverable(error)) throw error;
      const { response } = await dialog.showMessageBox({
        type: 'warning',
        title: WINDOW_TITLE,
        message: "The station's data file is damaged",
        detail: error.message.replace(/\s*To do that, start the station with --recover\.?/, ''),
        buttons: DAMAGED_BUTTONS,
        defaultId: 1,
        cancelId: 1,
      });
      if (response !== 0) {
        quitChosen = true;
        app.quit();
        throw error;
      }
      return startStation({ dataDir, keys, version, pcsc: options.pcsc, recover: true });
    }
  };

  const createWindow = (): ShellWindow => {
    const win = surface.createWindow({
      width: 1366,
      height: 900,
      minWidth: 1024,
      minHeight: 700,
      title: WINDOW_TITLE,
      show: false,
      ...(options.icon && existsSync(options.icon) ? { icon: options.icon } : {}),
      webPreferences: {
        preload: options.preload,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
      },
    });
    win.once('ready-to-show', () => win.show());
    void ('url' in options.page ? win.loadURL(options.page.url) : win.loadFile(options.page.file));
    return win;
  };

  const start = async (): Promise<void> => {
    // Nothing may ask for a permission (camera, USB, notifications …).
    surface.session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    surface.session.defaultSession.setPermissionCheckHandler(() => false);

    const dataDir = options.dataDir ?? join(app.getPath('userData'), 'station');
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const keys = await desktopKeys({
      passphrase: options.passphrase,
      keystore: surface.safeStorage,
      platform: options.platform ?? process.platform,
      dataDir,
      wrappedKeyPath: join(dataDir, 'station.key.wrapped'),
    });
    hosted = hostStation({
      open: (chosen) => open(dataDir, chosen),
      keys,
      ...(options.firstPauseMs !== undefined ? { firstPauseMs: options.firstPauseMs } : {}),
    });
    bindElectronIpc({
      ipcMain: surface.ipcMain,
      dispatch: hosted.dispatch,
      events: hosted.events,
      trustedOrigins: 'url' in options.page ? [new URL(options.page.url).origin] : ['file://'],
      target: () => window?.webContents,
    });
    // With a key at hand the store opens first (a damaged file is dealt with before any
    // window); with a passphrase to ask for, the page asks and the store opens after.
    if (!('mode' in keys)) await hosted.opened;
    window = createWindow();
  };

  const started = app
    .whenReady()
    .then(start)
    .catch(async (error: unknown) => {
      if (quitChosen) return;
      await closeStation().catch(() => undefined);
      dialog.showErrorBox('Enrollment Station could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });

  return { started, station: () => hosted, window: () => window };
}
