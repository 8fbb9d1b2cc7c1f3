import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A real HTTP proxy between a station and the central server that can misbehave on
 * purpose: refuse everything (network cut), forward a request and then drop the
 * answer (the server committed, the station never hears), or deliver a push twice.
 */
export type ProxyMode =
  | { kind: 'pass' }
  | { kind: 'cut' }
  /** Forward the next `count` requests whose path starts with `path`, then drop their answers. */
  | { kind: 'lose-answers'; path: string; count: number }
  /** Deliver the next `count` matching requests twice; the station sees the second answer. */
  | { kind: 'duplicate'; path: string; count: number };

export interface FlakyProxy {
  url: string;
  set(mode: ProxyMode): void;
  /** Requests forwarded whose answer was then dropped, and requests delivered twice. */
  readonly lost: number;
  readonly duplicated: number;
  close(): Promise<void>;
}

export async function startFlakyProxy(target: string): Promise<FlakyProxy> {
  const upstream = new URL(target);
  let mode: ProxyMode = { kind: 'pass' };
  let lost = 0;
  let duplicated = 0;
  const sockets = new Set<Socket>();

  const forward = (req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const out = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const current = mode;
    if (current.kind === 'cut') {
      req.socket.destroy();
      return;
    }
    const matches = (current.kind === 'lose-answers' || current.kind === 'duplicate') && req.url?.startsWith(current.path) && current.count > 0;
    try {
      if (matches && current.kind === 'duplicate') {
        current.count -= 1;
        duplicated += 1;
        await forward(req, body);
      }
      const answer = await forward(req, body);
      if (matches && current.kind === 'lose-answers') {
        current.count -= 1;
        lost += 1;
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    } catch {
      req.socket.destroy(); // the server is down: the station sees a broken connection
    }
  };

  const server: Server = createServer((req, res) => void handle(req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    if (mode.kind === 'cut') socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    set(next) {
      mode = next;
      if (next.kind === 'cut') for (const socket of sockets) socket.destroy();
    },
    get lost() {
      return lost;
    },
    get duplicated() {
      return duplicated;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
