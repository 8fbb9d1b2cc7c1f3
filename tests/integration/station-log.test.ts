import { readFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/station';
import { stationLogPath } from '../../src/main/station-log';
import { startCentralServer, type CentralServer } from '../support/central-server';
import { openStation } from '../support/sync-harness';
import { until } from '../support/until';
import { scratchDir } from '../support/web-host';

/**
 * The station's log (docs/operations.md): a real station (in this process) whose sync
 * fails finds the failure and its reason in <data>/logs/station.log, and no secret.
 * A small proxy in front of the server records the Authorization the station sends, so
 * the test knows the station's server secret, and stops answering to make sync fail.
 */
let server: CentralServer;
let dir: { path: string; remove(): Promise<void> };
let proxy: Server | undefined;
let station: Station | undefined;
const authorizations = new Set<string>();

/** Forwards to the server, noting each Authorization header. */
async function recordingProxy(target: string): Promise<{ server: Server; url: string }> {
  const upstream = new URL(target);
  const proxyServer = createServer((req, res) => {
    if (req.headers.authorization) authorizations.add(req.headers.authorization);
    const forwarded = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forwarded.on('error', () => res.destroy());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => proxyServer.listen(0, '127.0.0.1', resolve));
  return { server: proxyServer, url: `http://127.0.0.1:${(proxyServer.address() as AddressInfo).port}` };
}

beforeAll(async () => {
  dir = await scratchDir('station-log-');
  server = await startCentralServer({ backend: 'pglite', dataDir: join(dir.path, 'server') });
});
afterAll(async () => {
  await station?.close();
  proxy?.closeAllConnections();
  proxy?.close();
  await server?.stop();
  await dir?.remove();
});

describe("the station's log", () => {
  it('has every sync failure with its reason, and never the station key, its server secret or the token', async () => {
    const dataDir = join(dir.path, 'station');
    station = await openStation(dataDir, { name: 'Logged Site' });
    const front = await recordingProxy(server.url);
    proxy = front.server;
    const token = await server.createToken('Logged Site');
    expect(await station.handlers['sync:register']({ serverUrl: front.url, token })).toMatchObject({ state: 'online' });
    await until(() => authorizations.size > 0, 'the station to call the server with its credential');

    // The network goes: every call is refused until it comes back.
    proxy.closeAllConnections();
    await new Promise<void>((resolve) => proxy!.close(() => resolve()));
    const s = station;
    await until(async () => (await s.handlers['sync:status'](undefined)).lastError?.problem === 'unreachable', 'sync to fail');

    const file = stationLogPath(dataDir);
    const failure = await until(async () => {
      const lines = (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      return lines.find((line) => line.msg === 'sync failed' && line.problem === 'unreachable');
    }, 'the failure in the station log');
    expect(failure).toMatchObject({ level: 40, name: 'station', reason: expect.stringContaining(front.url), failures: expect.any(Number), retryInMs: expect.any(Number) });
    expect(new Date(failure.time as string).toISOString()).toBe(failure.time);

    const text = await readFile(file, 'utf8');
    expect(text).toContain('"msg":"station opened"');
    const storeKey = /^enrollment-station-key-v1:(\S+)$/m.exec(await readFile(join(dataDir, 'key'), 'utf8'))![1]!;
    const secrets = [storeKey, token, server.adminKey, ...[...authorizations].flatMap((header) => [header, header.split('.').at(-1)!])];
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
