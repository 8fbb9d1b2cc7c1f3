import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutboxEntry } from '../src/shared/contract/server-protocol';
import { ServerClient } from '../src/main/sync/server-client';
import { startCentralServer, type CentralServer } from '../tests/support/central-server';
import { startFlakyProxy } from '../tests/support/flaky-proxy';
import { startPostgres } from '../tests/support/postgres';
import { openStation } from '../tests/support/sync-harness';

/**
 * Sync benchmarks, per database backend:
 * - drain: one station enrolls N people offline, then the network returns; the time
 *   until the server has applied all of them (the station's outbox is empty);
 * - throughput: several stations push batches concurrently straight to the server;
 *   mutations applied per second.
 */
const DRAIN = 10_000;
const THROUGHPUT_STATIONS = 4;
const THROUGHPUT_PER_STATION = 5_000;

async function benchDrain(server: CentralServer, dir: string) {
  const proxy = await startFlakyProxy(server.url);
  const station = await openStation(join(dir, 'drain-station'), { name: 'Drain', sync: { blockSize: DRAIN, refillBelow: 0, longPollSeconds: 25 } });
  await station.handlers['sync:register']({ serverUrl: proxy.url, token: await server.createToken('Drain') });
  proxy.set({ kind: 'cut' });
  const enrollStart = performance.now();
  for (let i = 0; i < DRAIN; i++) {
    await station.handlers['applicants:create']({ firstName: `Drain${i}`, lastName: 'Bench', credentialTypeId: 'mobile-pacs-employee', email: `drain${i}@bench.example` });
  }
  const enrollMs = performance.now() - enrollStart;
  proxy.set({ kind: 'pass' });
  const drainStart = performance.now();
  await station.handlers['sync:now'](undefined);
  while ((await station.handlers['sync:status'](undefined)).waiting > 0) {
    await station.handlers['sync:now'](undefined);
  }
  const drainMs = performance.now() - drainStart;
  await station.close();
  await proxy.close();
  return { enrollments: DRAIN, offlineEnrollMs: Math.round(enrollMs), drainMs: Math.round(drainMs), drainedPerSecond: Math.round(DRAIN / (drainMs / 1000)) };
}

async function benchThroughput(server: CentralServer) {
  const clients = [];
  for (let s = 0; s < THROUGHPUT_STATIONS; s++) {
    const stationId = randomUUID();
    const { body } = await new ServerClient(server.url, undefined).register({ token: await server.createToken(`Load ${s}`), stationId, stationName: `Load ${s}` });
    const client = new ServerClient(server.url, { stationId, secret: body.secret });
    const { body: lease } = await client.lease({ requestId: randomUUID(), size: THROUGHPUT_PER_STATION });
    clients.push({ stationId, client, first: lease.block.first });
  }
  const started = performance.now();
  await Promise.all(
    clients.map(async ({ stationId, client, first }, s) => {
      for (let seq = 1; seq <= THROUGHPUT_PER_STATION; seq += 200) {
        const batch: OutboxEntry[] = [];
        for (let k = seq; k < seq + 200 && k <= THROUGHPUT_PER_STATION; k++) {
          const at = new Date().toISOString();
          const employeeNumber = String(first + k - 1);
          batch.push({
            mutationId: randomUUID(),
            seq: k,
            createdAt: at,
            mutation: {
              kind: 'applicant.create',
              applicant: { employeeNumber, firstName: `Load${k}`, lastName: `Station${s}`, credentialTypeId: 'mobile-pacs-employee', email: `load${s}.${k}@bench.example`, createdAt: at, createdBy: 'bench', stationId },
            },
          });
        }
        await client.push(batch);
      }
    }),
  );
  const ms = performance.now() - started;
  const total = THROUGHPUT_STATIONS * THROUGHPUT_PER_STATION;
  return { stations: THROUGHPUT_STATIONS, batchSize: 200, mutations: total, ms: Math.round(ms), appliedPerSecond: Math.round(total / (ms / 1000)) };
}

export async function benchSync() {
  const results: Record<string, unknown> = {};
  for (const backend of ['pglite', 'postgresql'] as const) {
    const dir = await mkdtemp(join(tmpdir(), `bench-sync-${backend}-`));
    const postgres = backend === 'postgresql' ? await startPostgres({ durable: true }) : undefined;
    const server = await startCentralServer({ backend, dataDir: join(dir, 'server'), ...(postgres ? { databaseUrl: postgres.url } : {}) });
    try {
      results[backend] = { drain: await benchDrain(server, dir), throughput: await benchThroughput(server) };
    } finally {
      await server.stop();
      await postgres?.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }
  return { description: 'Station outbox drain and server push throughput, per database backend (server as a child process on 127.0.0.1).', results };
}
