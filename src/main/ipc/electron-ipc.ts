import { channels, type Channel } from '../../shared/contract';
import type { StationEvents } from '../events';
import type { Dispatch } from './dispatch';

/** The parts of Electron's ipcMain and invoke event this binding uses (Electron's types satisfy them). */
export interface InvokeEvent {
  senderFrame: { url: string; parent: unknown } | null | undefined;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, input: unknown) => unknown): void;
  removeHandler(channel: string): void;
}
export interface EventTarget {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

/**
 * Only the station's own page may call: the main frame of a page loaded from the
 * app's own origin (file:// in a packaged app, the Vite dev server in development).
 */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean, trustedOrigins: readonly string[]): boolean {
  if (!frameUrl || !isMainFrame) return false;
  let url: URL;
  try {
    url = new URL(frameUrl);
  } catch {
    return false;
  }
  if (url.protocol === 'file:') return trustedOrigins.includes('file://');
  return trustedOrigins.includes(url.origin);
}

/**
 * Binds every contract channel on ipcMain (one handler each) and forwards station
 * events to the window. Untrusted senders get a refusal, never a service call.
 */
export function bindElectronIpc(options: {
  ipcMain: IpcMainLike;
  dispatch: Dispatch;
  events: StationEvents;
  trustedOrigins: readonly string[];
  target: () => EventTarget | undefined;
}): () => void {
  const names = Object.keys(channels) as Channel[];
  for (const name of names) {
    options.ipcMain.handle(name, (event, input) => {
      const frame = event.senderFrame;
      const isMainFrame = frame !== null && frame !== undefined && frame.parent === null;
      if (!isTrustedSender(frame?.url, isMainFrame, options.trustedOrigins)) {
        return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'This page may not use the station.' } };
      }
      return options.dispatch(name, input);
    });
  }
  const unsubscribe = options.events.onAny((event, payload) => {
    const contents = options.target();
    if (contents && !contents.isDestroyed()) contents.send(event, payload);
  });
  return () => {
    unsubscribe();
    for (const name of names) options.ipcMain.removeHandler(name);
  };
}
