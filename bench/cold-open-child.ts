import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { keyFileProvider } from '../src/main/store/key-providers';
import { emptyDocument } from '../src/main/store/document';
import { openStationStore } from '../src/main/store/station-store';
import { createDispatcher } from '../src/main/ipc/dispatch';
import { startStation } from '../src/main/station';
import { smartcardDevices } from '../src/main/reader/smartcard-devices';
import { memoryMb, percentiles, startEventLoopMonitor } from './support/measure';

/**
 * Run in a fresh process by bench/enrollment.ts, so "after start" is real: no warm JIT, no
 * garbage from seeding. `station` mode starts the whole station and, from its first
 * moment, measures the event loop, enrollments right after start (while the audit trail
 * is checked), the audit check, steady-state enrollments and searches.
 */
const SAMPLES = 200;

/** Started before anything loads: the station's event loop from its first moment. */
const loop = startEventLoopMonitor();

async function enrollments(dispatch: ReturnType<typeof createDispatcher>, label: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = performance.now();
    const reply = await dispatch('applicants:create', { firstName: 'Bench', lastName: `${label} ${i}`, credentialTypeId: 'mobile-pacs-employee', email: `${label}${i}@bench.example` });
    times.push(performance.now() - start);
    if (!reply.ok) throw new Error(JSON.stringify(reply.error));
  }
  return times;
}

async function station(dataDir: string, keyFile: string, middleNumber: string) {
  const keys = keyFileProvider(keyFile, { create: false });
  const start = performance.now();
  const running = await startStation({ dataDir, keys, version: 'bench', pcsc: smartcardDevices, operator: 'bench' });
  const readyMs = performance.now() - start;
  const dispatch = createDispatcher(running.handlers);
  // Right after start, while the whole-trail check runs: what the first clerk of the day feels.
  const afterStart = await enrollments(dispatch, 'start');
  const check = await dispatch('audit:list', { text: '', limit: 1 });
  const auditCheckedMs = performance.now() - start;
  if (!check.ok) throw new Error(JSON.stringify(check.error));
  const steady = await enrollments(dispatch, 'steady');
  const queries = ['lastname4', 'first99 lastname', 'lästname7', middleNumber, 'person12@example', 'nobody-matches-this'];
  const searchTimes: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (const text of queries) {
      const t = performance.now();
      const reply = await dispatch('applicants:search', { text, limit: 50 });
      searchTimes.push(performance.now() - t);
      if (!reply.ok) throw new Error(JSON.stringify(reply.error));
    }
  }
  const result = {
    stationReadyMs: readyMs,
    writeAfterStart: percentiles(afterStart),
    writeSteady: percentiles(steady),
    search: percentiles(searchTimes),
    audit: {
      entries: (check.value as { chain: { head: { seq: number } | null } }).chain.head?.seq ?? 0,
      ok: (check.value as { chain: { ok: boolean } }).chain.ok,
      checkedAfterStartMs: Math.round(auditCheckedMs),
      // The worker starts with the station; its pace is from the station being ready (it checks while the clerk enrolls).
      checkedAfterReadyMs: Math.round(auditCheckedMs - readyMs),
    },
    memory: memoryMb(),
    eventLoop: loop.stop(),
  };
  await running.close();
  return result;
}

async function main(): Promise<void> {
  const [dataDir, keyFile, what, middleNumber] = process.argv.slice(2) as [string, string, 'store' | 'station' | 'plain-lowdb', string];
  const start = performance.now();
  if (what === 'plain-lowdb') {
    const db = new Low<unknown>(new JSONFile(join(dataDir, 'db.json')), null);
    await db.read();
    process.stdout.write(JSON.stringify({ ms: performance.now() - start }));
  } else if (what === 'store') {
    const store = await openStationStore({ dataDir, keys: keyFileProvider(keyFile, { create: false }), initial: () => emptyDocument({ first: 10_000_000, last: 19_999_999 }) });
    const openMs = performance.now() - start;
    const result = { ms: openMs, eventLoopMaxMs: loop.stop().maxMs, memory: memoryMb() };
    await store.close();
    process.stdout.write(JSON.stringify(result));
  } else {
    process.stdout.write(JSON.stringify(await station(dataDir, keyFile, middleNumber)));
  }
}

void main();
