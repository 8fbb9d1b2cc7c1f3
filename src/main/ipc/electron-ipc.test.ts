import { describe, expect, it } from 'vitest';
import { channels } from '../../shared/contract';
import { StationEvents } from '../events';
import { bindElectronIpc, isTrustedSender, type InvokeEvent } from './electron-ipc';

type Handler = (event: InvokeEvent, input: unknown) => unknown;

/**
 * Electron's ipcMain cannot run here (no Electron binary). This stands in for the two
 * methods the binding uses; the binding itself is the real code.
 */
function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: (channel: string, handler: Handler) => void handlers.set(channel, handler),
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
}

const mainFrame = (url: string) => ({ senderFrame: { url, parent: null } });

describe('Electron IPC binding', () => {
  it('binds exactly the contract channels and removes them again', () => {
    const ipc = fakeIpcMain();
    const unbind = bindElectronIpc({ ipcMain: ipc, dispatch: async () => ({ ok: true, value: 1 }), events: new StationEvents(), trustedOrigins: ['file://'], target: () => undefined });
    expect([...ipc.handlers.keys()].sort()).toEqual(Object.keys(channels).sort());
    unbind();
    expect(ipc.handlers.size).toBe(0);
  });

  it('serves the station page and refuses any other sender without dispatching', async () => {
    const ipc = fakeIpcMain();
    const dispatched: unknown[] = [];
    bindElectronIpc({
      ipcMain: ipc,
      dispatch: async (channel, input) => {
        dispatched.push([channel, input]);
        return { ok: true, value: 'served' };
      },
      events: new StationEvents(),
      trustedOrigins: ['file://'],
      target: () => undefined,
    });
    const search = ipc.handlers.get('applicants:search')!;
    expect(await search(mainFrame('file:///opt/station/resources/app.asar/.vite/renderer/main_window/index.html'), { text: 'x' })).toEqual({ ok: true, value: 'served' });
    expect(await search(mainFrame('https://evil.example/'), { text: 'x' })).toMatchObject({ ok: false });
    expect(await search({ senderFrame: { url: 'file:///x/index.html', parent: {} } }, { text: 'x' })).toMatchObject({ ok: false });
    expect(await search({ senderFrame: null }, { text: 'x' })).toMatchObject({ ok: false });
    expect(dispatched).toHaveLength(1);
  });

  it('forwards station events to the window', () => {
    const events = new StationEvents();
    const sent: unknown[] = [];
    bindElectronIpc({
      ipcMain: fakeIpcMain(),
      dispatch: async () => ({ ok: true, value: null }),
      events,
      trustedOrigins: ['file://'],
      target: () => ({ send: (...args: unknown[]) => void sent.push(args), isDestroyed: () => false }),
    });
    events.emit('applicants:changed', { employeeNumber: '10000001' });
    expect(sent).toEqual([['applicants:changed', { employeeNumber: '10000001' }]]);
  });
});

describe('trusted sender check', () => {
  it('trusts only the dev server origin in development', () => {
    expect(isTrustedSender('http://localhost:5173/index.html', true, ['http://localhost:5173'])).toBe(true);
    expect(isTrustedSender('http://localhost:5174/', true, ['http://localhost:5173'])).toBe(false);
    expect(isTrustedSender('file:///index.html', true, ['http://localhost:5173'])).toBe(false);
    expect(isTrustedSender('not a url', true, ['file://'])).toBe(false);
  });
});
