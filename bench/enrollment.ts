import { GENESIS_HASH, sealAuditEntry, type AuditEntry } from '../src/shared/domain/audit-chain';
import { nodeEd25519 } from '../src/node/crypto';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { AuditLog } from '../src/main/store/audit-log';
import { percentiles } from './support/measure';
import { emptyDocument, type StoreDocument } from '../src/main/store/document';
import { keyFileProvider } from '../src/main/store/key-providers';
import { openStationStore } from '../src/main/store/station-store';
import type { Applicant } from '../src/shared/domain/applicant';

/**
 * Enrollment latency: Submit → Employee Number returned, through the real contract
 * dispatcher, service and encrypted durable store; and plain lowdb (JSONFile/steno,
 * no encryption, no fsync) appending the same records, for comparison.
 */
/** Plain lowdb writes compared (each rewrites the whole file). */
const SAMPLES = 50;

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

const round = (ms: number) => Math.round(ms * 100) / 100;

function child(dir: string, what: 'store' | 'station' | 'plain-lowdb', count: number): unknown {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'cold-open-child.ts'), dir, join(dir, 'key'), what, String(10_000_000 + Math.floor(count / 2))], {
    encoding: 'utf8',
    maxBuffer: 16 * 2 ** 20,
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

async function encrypted(count: number) {
  const dir = await mkdtemp(join(tmpdir(), 'bench-enc-'));
  try {
    const keys = keyFileProvider(join(dir, 'key'), { create: true });
    // Seeded as the initial document: the store starts with its first snapshot at this size.
    const seedStore = await openStationStore({ dataDir: dir, keys, initial: () => seeded(emptyDocument({ first: 10_000_000, last: 19_999_999 }), count) });
    await seedStore.close();
    // Each in a fresh process: the store alone, then the whole station from its first moment.
    const store = child(dir, 'store', count) as { ms: number; eventLoopMaxMs: number; memory: unknown };
    const station = child(dir, 'station', count) as { stationReadyMs: number } & Record<string, unknown>;
    return { ...station, openMs: round(store.ms), openEventLoopMaxMs: store.eventLoopMaxMs, stationReadyMs: round(station.stationReadyMs), storeMemory: store.memory };
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
    return { write: percentiles(times), openMs: round((child(dir, 'plain-lowdb', count) as { ms: number }).ms) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Tiers: 1,000 … 1,000,000 people, each with one signed History entry (generated, never committed). */
const TIERS = (process.env.BENCH_ENROLLMENT_TIERS ?? '1000,10000,100000,1000000').split(',').map(Number);
/** Plain lowdb rewrites the whole file per write: compared up to 100,000 only (at 1,000,000 it is seconds per write). */
const PLAIN_LOWDB_UP_TO = 100_000;

export async function benchEnrollment() {
  const results = [];
  for (const count of TIERS) {
    results.push({ applicantsStored: count, auditEntries: count, encryptedStore: await encrypted(count), ...(count <= PLAIN_LOWDB_UP_TO ? { plainLowdb: await plainLowdb(count) } : {}) });
  }
  return {
    name: 'enrollment latency (Submit → Employee Number), store open, audit check and search',
    unit: 'ms',
    target:
      'at 1,000,000 applicants and audit entries: write p95 ≤ 2 ms including right after start, event loop never blocked > 20 ms, cold open ≤ 2 s, station ready ≤ 2 s, search p95 ≤ 20 ms, audit check ≤ 2 s per 100,000 entries off the main thread',
    results,
  };
}
