import { GENESIS_HASH, sealAuditEntry, type AuditEntry } from '../src/shared/domain/audit-chain';
import { nodeEd25519 } from '../src/node/crypto';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { createDispatcher } from '../src/main/ipc/dispatch';
import { AuditLog } from '../src/main/store/audit-log';
import { emptyDocument, type StoreDocument } from '../src/main/store/document';
import { keyFileProvider } from '../src/main/store/key-providers';
import { openStationStore } from '../src/main/store/station-store';
import { startStation } from '../src/main/station';
import type { Applicant } from '../src/shared/domain/applicant';
import { smartcardDevices } from '../src/main/reader/smartcard-devices';

/**
 * Enrollment latency: Submit → Employee Number returned, through the real contract
 * dispatcher, service and encrypted durable store; and plain lowdb (JSONFile/steno,
 * no encryption, no fsync) appending the same records, for comparison.
 */
const SAMPLES = 200;

function person(i: number, stationId: string): Applicant {
  return {
    employeeNumber: String(10_000_000 + i),
    firstName: `First${i}`,
    lastName: `Lästname${i}`,
    credentialTypeId: 'mobile-pacs-employee',
    email: `person${i}@example.org`,
    externalLinkingKey: `HR-${i}`,
    createdAt: new Date().toISOString(),
    createdBy: 'Local account bench',
    stationId,
  };
}

function seeded(doc: StoreDocument, count: number): StoreDocument {
  const applicants = Array.from({ length: count }, (_, i) => person(i, doc.stationId));
  // A real chain: every History entry linked and signed, as the station writes them.
  const audit: AuditEntry[] = [];
  applicants.forEach((a, i) => {
    const previous = audit.at(-1);
    audit.push(
      sealAuditEntry(
        {
          id: randomUUID(),
          seq: i + 1,
          at: a.createdAt,
          action: 'applicant.created',
          employeeNumber: a.employeeNumber,
          operator: a.createdBy,
          stationId: doc.stationId,
          stationName: 'bench',
          summary: `Applicant ${a.firstName} ${a.lastName} added with credential type Mobile PACS – Employee`,
          prevHash: previous?.hash ?? GENESIS_HASH,
        },
        doc.auditKey.secretKey,
        nodeEd25519,
      ),
    );
  });
  return { ...doc, applicants, audit: AuditLog.of(audit), employeeNumbers: { ...doc.employeeNumbers, lastIssued: 10_000_000 + count - 1 } };
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: round(at(0.5)), p95: round(at(0.95)), max: round(sorted[sorted.length - 1]!), samples: sorted.length };
}
const round = (ms: number) => Math.round(ms * 100) / 100;

function coldOpen(dir: string, what: 'store' | 'station' | 'plain-lowdb'): number {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'cold-open-child.ts'), dir, join(dir, 'key'), what], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return (JSON.parse(run.stdout) as { ms: number }).ms;
}

async function encrypted(count: number) {
  const dir = await mkdtemp(join(tmpdir(), 'bench-enc-'));
  try {
    const keys = keyFileProvider(join(dir, 'key'), { create: true });
    // Seeded as the initial document: the store starts with its first snapshot at this size.
    const seedStore = await openStationStore({ dataDir: dir, keys, initial: () => seeded(emptyDocument({ first: 10_000_000, last: 19_999_999 }), count) });
    await seedStore.close();

    // Cold open in fresh processes: the store alone, then the whole station (store + applicant index).
    const storeOpenMs = coldOpen(dir, 'store');
    const stationReadyMs = coldOpen(dir, 'station');
    let start = performance.now();
    const station = await startStation({ dataDir: dir, keys, version: 'bench', pcsc: smartcardDevices, operator: 'bench' });
    const dispatch = createDispatcher(station.handlers);
    const times: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      start = performance.now();
      const reply = await dispatch('applicants:create', {
        firstName: 'Bench',
        lastName: `Person ${i}`,
        credentialTypeId: 'mobile-pacs-employee',
        email: `bench${i}@example.org`,
      });
      times.push(performance.now() - start);
      if (!reply.ok) throw new Error(JSON.stringify(reply.error));
    }
    // Search: name fragments without accents, an Employee Number, an email; through the contract.
    const queries = ['lastname4', 'first99 lastname', 'lästname7', String(10_000_000 + Math.floor(count / 2)), 'person12@example', 'nobody-matches-this'];
    const searchTimes: number[] = [];
    for (let round = 0; round < 20; round++) {
      for (const text of queries) {
        start = performance.now();
        const reply = await dispatch('applicants:search', { text, limit: 50 });
        searchTimes.push(performance.now() - start);
        if (!reply.ok) throw new Error(JSON.stringify(reply.error));
      }
    }
    await station.close();
    return { write: percentiles(times), search: percentiles(searchTimes), openMs: round(storeOpenMs), stationReadyMs: round(stationReadyMs) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function plainLowdb(count: number) {
  const dir = await mkdtemp(join(tmpdir(), 'bench-plain-'));
  try {
    const base = seeded(emptyDocument({ first: 10_000_000, last: 19_999_999 }), count);
    const db = new Low<StoreDocument>(new JSONFile(join(dir, 'db.json')), base);
    await db.write();
    const times: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const start = performance.now();
      await db.update((doc) => {
        doc.applicants.push(person(count + i, doc.stationId));
      });
      times.push(performance.now() - start);
    }
    return { write: percentiles(times), openMs: round(coldOpen(dir, 'plain-lowdb')) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function benchEnrollment() {
  const results = [];
  for (const count of [1_000, 10_000, 100_000]) {
    results.push({ applicantsStored: count, encryptedStore: await encrypted(count), plainLowdb: await plainLowdb(count) });
  }
  return {
    name: 'enrollment latency (Submit → Employee Number), store open and search',
    unit: 'ms',
    target: 'write p95 < 50 ms at 10,000 applicants; write p95 ≤ 20 ms, cold open ≤ 1 s and search ≤ 50 ms at 100,000',
    results,
  };
}
