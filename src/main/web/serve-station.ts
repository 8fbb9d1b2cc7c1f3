import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { hostStation, type HostedStation, type PassphrasePrompt } from '../hosted-station';
import { attachWebSocketTransport } from '../ipc/websocket-transport';
import { startStation } from '../station';
import type { KeyProvider } from '../store/key-providers';
import { keyCookie, keyFromCookie, LaunchTokens, loadBrowserKey, sameKey } from './browser-session';
import { SECURITY_HEADERS, staticFiles } from './static-server';
import type { PcscDevices } from '../reader/pcsc-devices';

export interface ServeStationOptions {
  dataDir: string;
  keys: KeyProvider | PassphrasePrompt;
  version: string;
  /** PC/SC for the station's card readers. */
  pcsc: PcscDevices;
  recover?: boolean;
  now?: () => Date;
  /** 0 picks a free port. */
  port: number;
  /** When `port` is taken, listen on any free port instead of failing. */
  portFallback?: boolean;
  /** The built screens (dist/renderer). */
  rendererDir: string;
}

export interface ServedStation {
  /** http://127.0.0.1:PORT */
  origin: string;
  hosted: HostedStation;
  /** The browser's key (what start:web prints after #key=); kept in the data folder, never logged. */
  browserKey: string;
  /** A one-time address (valid once, for a minute) that gives the browser its key as an HttpOnly cookie. */
  newLaunchUrl(): string;
  /** Stops the transport and the HTTP server, then closes the station (its store). */
  close(): Promise<void>;
}

// The token goes in the query: Chromium names an app window's X class after the URL's host and path.
const LAUNCH_TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The station's web back end on 127.0.0.1: the built screens, a launch link for app
 * windows, and the contract over a WebSocket — shared by `npm run start:web` and the
 * app window `npm start` opens where Electron is missing.
 */
export async function serveStation(options: ServeStationOptions): Promise<ServedStation> {
  if (!existsSync(join(options.rendererDir, 'web.html'))) {
    throw new Error(`The station's screens are not built (${options.rendererDir} is missing). Run: npm run build:renderer`);
  }
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const hosted = hostStation({
    keys: options.keys,
    open: (keys) => startStation({ dataDir: options.dataDir, keys, version: options.version, pcsc: options.pcsc, recover: options.recover, now: options.now }),
  });
  // A store that cannot open (wrong key, damaged, locked by another station) stops the host before it listens.
  if (!('mode' in options.keys)) await hosted.opened;

  try {
    const browserKey = await loadBrowserKey(options.dataDir);
    const tokens = new LaunchTokens();
    let hosts: string[] = [];
    const launch = (req: IncomingMessage, res: ServerResponse): boolean => {
      const url = new URL(req.url ?? '/', 'http://station');
      if (url.pathname !== '/launch') return false;
      const token = url.searchParams.get('token') ?? '';
      if (!LAUNCH_TOKEN.test(token) || !tokens.redeem(token)) {
        res
          .writeHead(403, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
          .end('This launch link was already used or has expired. Close this window and start Enrollment Station again.\n');
        return true;
      }
      res.writeHead(303, { ...SECURITY_HEADERS, 'Set-Cookie': keyCookie(browserKey), Location: '/', 'Cache-Control': 'no-store' }).end();
      return true;
    };
    const server = createServer(staticFiles(options.rendererDir, () => hosts, launch));
    const port = await listen(server, options.port, options.portFallback ?? false);
    const origin = `http://127.0.0.1:${port}`;
    hosts = [`127.0.0.1:${port}`];
    const transport = attachWebSocketTransport({
      server,
      dispatch: hosted.dispatch,
      events: hosted.events,
      authorize: (key, request) => sameKey(key ?? keyFromCookie(request.headers.cookie), browserKey),
      allowedOrigins: [origin],
      allowedHosts: hosts,
    });

    let closing: Promise<void> | undefined;
    return {
      origin,
      hosted,
      browserKey,
      newLaunchUrl: () => `${origin}/launch?token=${tokens.issue()}`,
      close: () =>
        (closing ??= (async () => {
          await transport.close();
          server.closeAllConnections();
          await new Promise((resolve) => server.close(resolve));
          await hosted.close();
        })()),
    };
  } catch (error) {
    await hosted.close();
    throw error;
  }
}

function listen(server: Server, port: number, fallback: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      if (error.code === 'EADDRINUSE' && fallback && port !== 0) {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
      } else reject(error);
    };
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
