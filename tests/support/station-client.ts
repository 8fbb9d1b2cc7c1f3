import WebSocket from 'ws';
import { ServerMessage } from '../../src/shared/contract/websocket-protocol';

/**
 * A WebSocket client speaking the web host's protocol, for integration tests that
 * probe the transport itself (the e2e tests use the real page in Chromium).
 */
export class StationClient {
  private nextId = 0;
  private readonly results = new Map<number, (envelope: unknown) => void>();
  readonly events: { event: string; payload: unknown }[] = [];
  heartbeats = 0;
  closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    this.closed = new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    socket.on('message', (data) => {
      const message = ServerMessage.parse(JSON.parse(data.toString()));
      if (message.type === 'result') this.results.get(message.id)?.(message.envelope);
      if (message.type === 'event') this.events.push({ event: message.event, payload: message.payload });
      if (message.type === 'heartbeat') this.heartbeats++;
    });
  }

  static async connect(origin: string, options: { origin?: string; host?: string; cookie?: string } = {}): Promise<StationClient> {
    const socket = new WebSocket(`${origin.replace('http', 'ws')}/station`, {
      origin: options.origin ?? origin,
      headers: { ...(options.host ? { host: options.host } : {}), ...(options.cookie ? { cookie: options.cookie } : {}) },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    return new StationClient(socket);
  }

  /** The first message; without a key the host looks for its cookie. */
  async hello(key?: string): Promise<void> {
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (data: WebSocket.RawData): void => {
        if (ServerMessage.parse(JSON.parse(data.toString())).type === 'ready') resolve();
      };
      this.socket.on('message', onMessage);
      void this.closed.then((c) => reject(new Error(`closed ${c.code}`)));
    });
    this.socket.send(JSON.stringify({ type: 'hello', key }));
    await ready;
  }

  call(channel: string, input?: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.results.set(id, resolve);
      this.socket.send(JSON.stringify({ type: 'call', id, channel, input }));
    });
  }

  sendRaw(data: string): void {
    this.socket.send(data);
  }

  close(): void {
    this.socket.close();
  }
}
