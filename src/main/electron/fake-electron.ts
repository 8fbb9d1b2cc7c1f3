import type { InvokeEvent } from '../ipc/electron-ipc';
import type { OsKeystore } from '../store/key-providers';
import type {
  ElectronSurface,
  PreventableEvent,
  ShellApp,
  ShellDialog,
  ShellSession,
  ShellWebContents,
  ShellWindow,
  ShellWindowOptions,
} from './shell';

/**
 * A typed fake of the Electron surface the shell uses (as electron/fiddle tests its main
 * process): it records what the shell asked for and lets a test play the user and the
 * OS (close the window, start a second instance, answer a dialog). Only for tests: it
 * is the one stand-in for Electron, whose binary cannot run on our CI machines.
 */
type Listener = (...args: never[]) => unknown;

class Emitter {
  private readonly listeners = new Map<string, { listener: Listener; once: boolean }[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { listener, once: false }]);
    return this;
  }
  once(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { listener, once: true }]);
    return this;
  }
  emit(event: string, ...args: unknown[]): number {
    const all = this.listeners.get(event) ?? [];
    this.listeners.set(
      event,
      all.filter((l) => !l.once),
    );
    for (const { listener } of all) (listener as (...a: unknown[]) => unknown)(...args);
    return all.length;
  }
  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

export class FakeEvent implements PreventableEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeWebContents extends Emitter implements ShellWebContents {
  readonly sent: { channel: string; payload: unknown }[] = [];
  destroyed = false;
  private windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** What Electron would do with `window.open(url)` from the page: 'allow' unless a handler denies. */
  windowOpen(url: string): 'allow' | 'deny' {
    return this.windowOpenHandler?.({ url }).action ?? 'allow';
  }
  /** Whether a navigation to `url` would go ahead. */
  navigate(url: string): 'allowed' | 'prevented' {
    const event = new FakeEvent();
    this.emit('will-navigate', event, url);
    return event.defaultPrevented ? 'prevented' : 'allowed';
  }
  /** Whether a <webview> would be attached. */
  attachWebview(): 'allowed' | 'prevented' {
    const event = new FakeEvent();
    this.emit('will-attach-webview', event, {}, {});
    return event.defaultPrevented ? 'prevented' : 'allowed';
  }
}

export class FakeWindow extends Emitter implements ShellWindow {
  readonly webContents = new FakeWebContents();
  shown = false;
  focused = 0;
  minimized = false;
  loaded: { url: string } | { file: string } | undefined;
  closed = false;

  constructor(
    readonly options: ShellWindowOptions,
    private readonly app: FakeApp,
  ) {
    super();
    app.emit('web-contents-created', new FakeEvent(), this.webContents);
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.focused += 1;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  async loadURL(url: string): Promise<void> {
    this.loaded = { url };
    this.emit('ready-to-show');
  }
  async loadFile(file: string): Promise<void> {
    this.loaded = { file };
    this.emit('ready-to-show');
  }
  /** The operator closes the window. */
  close(): void {
    this.closed = true;
    this.webContents.destroyed = true;
    this.app.windowClosed();
  }
}

export class FakeApp extends Emitter implements ShellApp {
  gotLock = true;
  readonly windows: FakeWindow[] = [];
  quitRequests = 0;
  /** Set once a quit went through (no before-quit listener prevented it). */
  quitted = false;
  exitCode: number | undefined;
  private readyNow: () => void = () => undefined;
  private readonly ready = new Promise<void>((resolve) => (this.readyNow = resolve));

  constructor(private readonly userData: string) {
    super();
  }
  requestSingleInstanceLock(): boolean {
    return this.gotLock;
  }
  whenReady(): Promise<void> {
    return this.ready;
  }
  /** Electron is ready (the shell's start runs). */
  becomeReady(): void {
    this.readyNow();
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  getPath(): string {
    return this.userData;
  }
  quit(): void {
    this.quitRequests += 1;
    const event = new FakeEvent();
    this.emit('before-quit', event);
    if (!event.defaultPrevented) this.quitted = true;
  }
  exit(exitCode = 0): void {
    this.exitCode = exitCode;
  }
  windowClosed(): void {
    if (this.windows.every((w) => w.closed)) this.emit('window-all-closed');
  }
  /** Someone started the app again while it runs. */
  secondInstance(): void {
    this.emit('second-instance', new FakeEvent(), [], '/');
  }
}

export class FakeIpcMain {
  readonly handlers = new Map<string, (event: InvokeEvent, input: unknown) => unknown>();
  handle(channel: string, listener: (event: InvokeEvent, input: unknown) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** `ipcRenderer.invoke(channel, input)` from a frame at `url` (the main frame unless `parent` is given). */
  async invoke(channel: string, input?: unknown, frame: InvokeEvent['senderFrame'] = { url: 'file:///app/.vite/renderer/main_window/index.html', parent: null }): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: frame }, input);
  }
}

export class FakeDialog implements ShellDialog {
  readonly messageBoxes: Parameters<ShellDialog['showMessageBox']>[0][] = [];
  readonly errorBoxes: { title: string; content: string }[] = [];
  /** The button the operator presses in the next message boxes, in order. */
  readonly answers: number[] = [];

  async showMessageBox(options: Parameters<ShellDialog['showMessageBox']>[0]): Promise<{ response: number }> {
    this.messageBoxes.push(options);
    const response = this.answers.shift();
    if (response === undefined) throw new Error(`No answer prepared for the dialog "${options.message}"`);
    return { response };
  }
  showErrorBox(title: string, content: string): void {
    this.errorBoxes.push({ title, content });
  }
}

type PermissionRequestHandler = Parameters<ShellSession['setPermissionRequestHandler']>[0];
type PermissionCheckHandler = Parameters<ShellSession['setPermissionCheckHandler']>[0];

export class FakeSession implements ShellSession {
  requestHandler: PermissionRequestHandler = null;
  checkHandler: PermissionCheckHandler = null;
  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler): void {
    this.checkHandler = handler;
  }
  /** What a page asking for `permission` gets (Electron grants everything without a handler). */
  async request(permission: string): Promise<boolean> {
    const handler = this.requestHandler;
    if (!handler) return true;
    return new Promise((resolve) => handler({}, permission, resolve));
  }
  check(): boolean {
    return this.checkHandler ? this.checkHandler() : true;
  }
}

/** safeStorage with a chosen Linux backend; 'gnome_libsecret' wraps, 'basic_text' protects nothing. */
export function fakeSafeStorage(backend: 'gnome_libsecret' | 'basic_text'): OsKeystore {
  const mask = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ 0x5a));
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain) => mask(Buffer.from(plain, 'utf8')),
    decryptString: (wrapped) => mask(wrapped).toString('utf8'),
  };
}

export interface FakeElectron extends ElectronSurface {
  app: FakeApp;
  dialog: FakeDialog;
  ipcMain: FakeIpcMain;
  session: { defaultSession: FakeSession };
  windows: FakeWindow[];
}

export function fakeElectron(options: { userData: string; keystore?: 'gnome_libsecret' | 'basic_text' }): FakeElectron {
  const app = new FakeApp(options.userData);
  return {
    app,
    createWindow: (windowOptions) => {
      const window = new FakeWindow(windowOptions, app);
      app.windows.push(window);
      return window;
    },
    dialog: new FakeDialog(),
    ipcMain: new FakeIpcMain(),
    safeStorage: fakeSafeStorage(options.keystore ?? 'gnome_libsecret'),
    session: { defaultSession: new FakeSession() },
    windows: app.windows,
  };
}
