import { type Channel, type EventName } from '../shared/contract';
import { CLOSE_UNAUTHORIZED, ServerMessage, type ClientMessage } from '../shared/contract/websocket-protocol';
import { createStationApi, type Transport } from './create-station-api';

/**
 * The web host's preload: window.station over a WebSocket to 127.0.0.1. The secret
 * comes in the URL fragment (never sent to a server, never logged); it is kept for
 * this tab only and removed from the address bar.
 */
const KEY_STORAGE = 'enrollment-station.key';

function takeKey(): string {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('key');
  if (fromHash) {
    sessionStorage.setItem(KEY_STORAGE, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  return sessionStorage.getItem(KEY_STORAGE) ?? '';
}

function connect(key: string): Transport {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/station`;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 0;
  let failure: { code: 'NOT_CONNECTED'; message: string } | undefined;
  let socket: WebSocket;
  let ready: Promise<void>;

  const open = (): void => {
    socket = new WebSocket(url);
    ready = new Promise((resolve, reject) => {
      socket.addEventListener('open', () => send({ type: 'hello', key }));
      socket.addEventListener('message', (event) => {
        let message: ServerMessage;
        try {
          message = ServerMessage.parse(JSON.parse(String(event.data)));
        } catch {
          return;
        }
        if (message.type === 'ready') resolve();
        else if (message.type === 'result') {
          pending.get(message.id)?.resolve(message.envelope);
          pending.delete(message.id);
        } else for (const l of listeners.get(message.event) ?? []) l(message.payload);
      });
      socket.addEventListener('close', (event) => {
        failure = {
          code: 'NOT_CONNECTED',
          message:
            event.code === CLOSE_UNAUTHORIZED
              ? 'This page is not signed in to the station. Open the address the station printed when it started.'
              : 'The connection to the station was lost. Check that the station is running, then reload this page.',
        };
        for (const p of pending.values()) p.reject(failure);
        pending.clear();
        reject(failure);
      });
    });
    ready.catch(() => undefined);
  };
  const send = (message: ClientMessage): void => socket.send(JSON.stringify(message));
  open();

  return {
    async invoke(channel: Channel, input: unknown) {
      await ready;
      if (failure) throw failure;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        send({ type: 'call', id, channel, input });
      });
    },
    subscribe(event: EventName, listener: (payload: unknown) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}

Object.defineProperty(window, 'station', { value: createStationApi(connect(takeKey())), enumerable: true });
