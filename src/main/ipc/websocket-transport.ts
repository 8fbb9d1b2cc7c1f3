import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { CLOSE_PROTOCOL, CLOSE_UNAUTHORIZED, ClientMessage, HEARTBEAT_MS, type ServerMessage } from '../../shared/contract/websocket-protocol';
import type { StationEvents } from '../events';
import type { Dispatch } from './dispatch';

export interface WebSocketTransportOptions {
  server: Server;
  dispatch: Dispatch;
  events: StationEvents;
  /** Whether a connection may call: the key its hello gave (if any) and its upgrade request (cookie). */
  authorize(key: string | undefined, request: IncomingMessage): boolean;
  /** Origins allowed to connect, e.g. http://127.0.0.1:4580. */
  allowedOrigins: readonly string[];
  /** Host headers accepted (defeats DNS rebinding). */
  allowedHosts: readonly string[];
}

const AUTH_TIMEOUT_MS = 5_000;
const MAX_MESSAGE_BYTES = 256 * 1024;

/**
 * The web host's twin of Electron IPC: the contract over a WebSocket at /station.
 * A connection must come from an allowed Origin and Host and prove the browser
 * key (hello or cookie) before any call; every message is parsed with a schema.
 */
export function attachWebSocketTransport(options: WebSocketTransportOptions): { close(): Promise<void> } {
  const wss = new WebSocketServer({
    server: options.server,
    path: '/station',
    maxPayload: MAX_MESSAGE_BYTES,
    verifyClient: ({ req }: { req: IncomingMessage }) =>
      options.allowedOrigins.includes(req.headers.origin ?? '') && options.allowedHosts.includes(req.headers.host ?? ''),
  });

  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    let authenticated = false;
    const send = (message: ServerMessage): void => socket.send(JSON.stringify(message));
    const timer = setTimeout(() => socket.close(CLOSE_UNAUTHORIZED, 'not authenticated'), AUTH_TIMEOUT_MS);
    let unsubscribe: (() => void) | undefined;

    socket.on('message', (data, isBinary) => {
      let message: ClientMessage;
      try {
        if (isBinary) throw new Error('binary');
        message = ClientMessage.parse(JSON.parse(data.toString()));
      } catch {
        socket.close(CLOSE_PROTOCOL, 'unreadable message');
        return;
      }
      if (!authenticated) {
        if (message.type !== 'hello' || !options.authorize(message.key, request)) {
          socket.close(CLOSE_UNAUTHORIZED, 'not authenticated');
          return;
        }
        authenticated = true;
        clearTimeout(timer);
        const stopEvents = options.events.onAny((event, payload) => send({ type: 'event', event, payload }));
        const heartbeat = setInterval(() => send({ type: 'heartbeat' }), HEARTBEAT_MS);
        unsubscribe = () => {
          stopEvents();
          clearInterval(heartbeat);
        };
        send({ type: 'ready' });
        return;
      }
      if (message.type !== 'call') return;
      void options.dispatch(message.channel, message.input).then((envelope) => {
        if (socket.readyState === socket.OPEN) send({ type: 'result', id: message.id, envelope });
      });
    });
    socket.on('close', () => {
      clearTimeout(timer);
      unsubscribe?.();
    });
  });

  return {
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
