import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONFIG_FILE } from '../../src/main/config';
import { startCentralServer, type CentralServer } from './central-server';
import { startPrivatePcscd, type PrivatePcscd } from './pcsc/private-pcscd';
import { StationClient } from './station-client';
import { FAST_SYNC } from './sync-harness';
import { scratchDir, startWebHost, type RunningHost } from './web-host';

/**
 * The whole system for an end-to-end test or a benchmark: a private pcscd with its
 * virtual readers, a central server (PGlite) as a child process, and the web host station
 * syncing with it quickly, plus a WebSocket client to set things up through the contract.
 */
export interface StationStack {
  dir: Awaited<ReturnType<typeof scratchDir>>;
  pcscd: PrivatePcscd;
  server: CentralServer;
  host: RunningHost;
  client: StationClient;
  /** A channel call that throws on a refusal (`channel: CODE message`). */
  call<T = Record<string, unknown>>(channel: string, input?: unknown): Promise<T>;
  /** Registers the station with the server (a one-time token, as the Sync page does). */
  register(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStationStack(options: {
  prefix: string;
  stationName: string;
  /** Written as the server's server.config.json before it starts. */
  serverConfig?: object;
  /** The server's port (default: a free one); for a callback URL that must be known before it starts. */
  serverPort?: number;
}): Promise<StationStack> {
  const dir = await scratchDir(options.prefix);
  const pcscd = await startPrivatePcscd();
  const serverData = join(dir.path, 'server');
  await mkdir(serverData, { recursive: true });
  if (options.serverConfig) await writeFile(join(serverData, 'server.config.json'), JSON.stringify(options.serverConfig));
  const server = await startCentralServer({ backend: 'pglite', dataDir: serverData, ...(options.serverPort ? { port: options.serverPort } : {}) });
  const dataDir = join(dir.path, 'station');
  await mkdir(dataDir, { recursive: true });
  await writeFile(join(dataDir, CONFIG_FILE), JSON.stringify({ stationName: options.stationName, sync: FAST_SYNC }));
  const host = await startWebHost({ dataDir, keyFile: join(dir.path, 'key'), env: { ...pcscd.env } });
  const client = await StationClient.connect(host.origin);
  await client.hello(host.secret);
  const call = async <T>(channel: string, input?: unknown): Promise<T> => {
    const envelope = (await client.call(channel, input)) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
    if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.code} ${envelope.error.message}`);
    return envelope.value;
  };
  return {
    dir,
    pcscd,
    server,
    host,
    client,
    call,
    register: async () => {
      await call('sync:register', { serverUrl: server.url, token: await server.createToken(options.stationName) });
    },
    stop: async () => {
      client.close();
      await host.stop();
      await server.stop();
      await pcscd.stop();
      await dir.remove();
    },
  };
}
