import { type Channel, type EventName } from '../shared/contract';
import {
  CLOSE_UNAUTHORIZED,
  HEARTBEAT_TIMEOUT_MS,
  ServerMessage,
  type ClientMessage,
} from '../shared/contract/websocket-protocol';
import { createStationApi, type Transport } from './create-station-api';

/**
 * The web host's preload: window.station over a WebSocket to 127.0.0.1. The browser key
 * comes in the URL fragment (start:web; never sent to a server, kept for this tab only
 * and removed from the address bar) or, for an app window, in an HttpOnly cookie the
 * page never sees. A lost connection is reported at once (`connection:changed`) and
 * retried until the station answers again, without a reload.
 */
const KEY_STORAGE = 'enrollment-station.key';
const RETRY_MS = [250, 500, 1_000];

function takeKey(): string | undefined {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('key');
  if (fromHash) {
    sessionStorage.setItem(KEY_STORAGE, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  return sessionStorage.getItem(KEY_STORAGE) ?? undefined;
}

interface NotConnected {
  code: 'NOT_CONNECTED';
  message: string;
}

const LOST: NotConnected = {
  code: 'NOT_CONNECTED',
  message: 'Station not connected: the connection to the station was lost. Trying again…',
};
const REFUSED: NotConnected = {
  code: 'NOT_CONNECTED',
  message: 'This page is not signed in to the station. Open the address the station printed when it started.',
};

function connect(key: string | undefined): Transport {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/station`;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 0;
  let socket: WebSocket | undefined;
  let connected = false;
  let everConnected = false;
  let failure: NotConnected | undefined;
  let attempts = 0;
  let waiters: Array<() => void> = [];
  let watchdog: ReturnType<typeof setTimeout> | undefined;

  const emit = (event: string, payload: unknown): void => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  const setConnected = (value: boolean): void => {
    if (value === connected) return;
    connected = value;
    emit('connection:changed', { connected: value });
  };
  const send = (message: ClientMessage): void => socket?.send(JSON.stringify(message));
  // A host that stops answering without closing (hung, or the machine asleep) counts as gone.
  const feedWatchdog = (): void => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => socket?.close(), HEARTBEAT_TIMEOUT_MS);
  };

  const open = (): void => {
    const current = new WebSocket(url);
    socket = current;
    current.addEventListener('open', () => {
      send(key ? { type: 'hello', key } : { type: 'hello' });
      feedWatchdog();
    });
    current.addEventListener('message', (event) => {
      let message: ServerMessage;
      try {
        message = ServerMessage.parse(JSON.parse(String(event.data)));
      } catch {
        return;
      }
      feedWatchdog();
      if (message.type === 'ready') {
        attempts = 0;
        failure = undefined;
        everConnected = true;
        setConnected(true);
        for (const wake of waiters) wake();
        waiters = [];
      } else if (message.type === 'result') {
        pending.get(message.id)?.resolve(message.envelope);
        pending.delete(message.id);
      } else if (message.type === 'event') emit(message.event, message.payload);
    });
    current.addEventListener('close', (event) => {
      if (socket !== current) return;
      clearTimeout(watchdog);
      failure = event.code === CLOSE_UNAUTHORIZED ? REFUSED : LOST;
      for (const p of pending.values()) p.reject(failure);
      pending.clear();
      for (const wake of waiters) wake();
      waiters = [];
      if (everConnected) setConnected(false);
      else emit('connection:changed', { connected: false });
      const delay = RETRY_MS[Math.min(attempts++, RETRY_MS.length - 1)]!;
      setTimeout(open, event.code === CLOSE_UNAUTHORIZED ? delay * 4 : delay);
    });
  };
  open();

  /** Waits for the first answer from the station, never longer than one failed attempt. */
  const settled = (): Promise<void> => (connected || failure ? Promise.resolve() : new Promise((wake) => waiters.push(wake)));

  return {
    async invoke(channel: Channel, input: unknown) {
      await settled();
      if (!connected) throw failure ?? LOST;
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
