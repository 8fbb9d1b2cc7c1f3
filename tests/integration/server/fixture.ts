import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import type { Queryable } from '../../../src/server/db/database';
import { openDatabase } from '../../../src/server/db/open';
import { PullResponse, type FeedEntry, type Mutation, type OutboxEntry } from '../../../src/shared/contract/server-protocol';
import type { Applicant } from '../../../src/shared/domain/applicant';
import type { Device } from '../../../src/shared/domain/device';
import { BACKEND_LABELS, registerStation, startCentralServer, stationApi, type CentralBackend, type CentralServer, type StationCredentials } from '../../support/central-server';
import { startPostgres, type PrivatePostgres } from '../../support/postgres';
import { SERVER_CLOCK_OFFSET_ENV } from '../../support/test-clock';

/**
 * Shared set-up for the server suites: every suite runs once per backend, named so
 * the output says which database was used ("[PGlite] push …", "[PostgreSQL 15] push …").
 */
export const BACKENDS: ReadonlyArray<{ backend: CentralBackend; label: string }> = [
  { backend: 'pglite', label: `[${BACKEND_LABELS.pglite}]` },
  { backend: 'postgresql', label: `[${BACKEND_LABELS.postgresql}]` },
];

/** `describe` once per backend: "[PGlite] <name>", "[PostgreSQL 15] <name>". */
export function describeEachBackend(name: string, suite: (backend: CentralBackend) => void): void {
  for (const { backend, label } of BACKENDS) describe(`${label} ${name}`, () => suite(backend));
}

export interface ServerFixture {
  server: CentralServer;
  /** The private cluster (PostgreSQL backend only). */
  postgres: PrivatePostgres | undefined;
  databaseUrl: string | undefined;
  /** A scratch folder for this suite. */
  dir: string;
  /**
   * With `{ clock: true }`: moves the server's mobile credential clock (invitations,
   * throttle, door challenges) this many ms ahead of the real one; 0 puts it back.
   */
  setClockOffset(ms: number): Promise<void>;
}

/**
 * One server (and, for PostgreSQL, one private cluster with a fresh database) per
 * suite: started in beforeAll, stopped in afterAll. Read the fields inside tests.
 */
export function useCentralServer(backend: CentralBackend, options: { config?: object; env?: NodeJS.ProcessEnv; clock?: boolean } = {}): ServerFixture {
  const fixture = {
    setClockOffset: () => Promise.reject(new Error('useCentralServer(…, { clock: true }) to move the server clock')),
  } as unknown as ServerFixture;
  let env = options.env;
  beforeAll(async () => {
    fixture.dir = await mkdtemp(join(tmpdir(), `server-suite-${backend}-`));
    if (options.clock) {
      // The test launcher's clock reads this file at every reading (ENROLLMENT_SERVER_CLOCK_OFFSET_MS=@file, tests/support/test-clock.ts).
      const clockFile = join(fixture.dir, 'clock-offset-ms');
      env = { ...env, [SERVER_CLOCK_OFFSET_ENV]: `@${clockFile}` };
      fixture.setClockOffset = (ms) => writeFile(clockFile, String(ms));
    }
    const dataDir = join(fixture.dir, 'server');
    if (options.config) {
      await mkdir(dataDir, { recursive: true });
      await writeFile(join(dataDir, 'server.config.json'), JSON.stringify(options.config));
    }
    if (backend === 'postgresql') {
      fixture.postgres = await startPostgres();
      fixture.databaseUrl = await fixture.postgres.createDatabase();
    }
    fixture.server = await startCentralServer({ backend, dataDir, databaseUrl: fixture.databaseUrl, env });
  });
  afterAll(async () => {
    await fixture.server?.stop();
    await fixture.postgres?.stop();
    if (fixture.dir) await rm(fixture.dir, { recursive: true, force: true });
  });
  return fixture;
}

/** A registered station with its API, and a counter for its outbox sequence. */
export interface TestStation extends StationCredentials {
  api: ReturnType<typeof stationApi>;
  /** Next outbox entry for this station (seq 1, 2, 3 …). */
  entry(mutation: Mutation): OutboxEntry;
  nextSeq: number;
}

export async function newStation(server: CentralServer, name = 'Test station'): Promise<TestStation> {
  const credentials = await registerStation(server, name);
  const station: TestStation = {
    ...credentials,
    api: stationApi(server.url, credentials),
    nextSeq: 1,
    entry(mutation) {
      const entry: OutboxEntry = { mutationId: randomUUID(), seq: station.nextSeq, createdAt: new Date().toISOString(), mutation };
      station.nextSeq += 1;
      return entry;
    },
  };
  return station;
}

let numbers = 0;
/** Employee Numbers unique within a test run (from the server's default range). */
export function nextEmployeeNumber(): string {
  numbers += 1;
  return String(30_000_000 + (process.pid % 1000) * 10_000 + numbers);
}

export function applicant(stationId: string, fields: Partial<Applicant> = {}): Applicant {
  const employeeNumber = fields.employeeNumber ?? nextEmployeeNumber();
  return {
    employeeNumber,
    firstName: 'Ada',
    lastName: `Tester${employeeNumber}`,
    credentialTypeId: 'piv-card-employee',
    email: `ada.${employeeNumber}@example.org`,
    createdAt: new Date().toISOString(),
    createdBy: 'clerk',
    stationId,
    ...fields,
  };
}

export function createApplicant(stationId: string, fields: Partial<Applicant> = {}): Mutation {
  return { kind: 'applicant.create', applicant: applicant(stationId, fields) };
}

export function enrollDevice(stationId: string, employeeNumber: string, credentialTypeIds: string[], fields: Partial<Device> = {}): Mutation {
  const at = new Date().toISOString();
  return {
    kind: 'device.enroll',
    device: {
      id: randomUUID(),
      employeeNumber,
      serialNumber: `SN-${randomUUID().slice(0, 8)}`,
      cardType: 'piv',
      cardFamily: 'PIV',
      atr: '3B 8C 80 01',
      readerName: 'Virtual PCD 00 00',
      status: 'Added',
      enrolledAt: at,
      enrolledBy: 'clerk',
      stationId,
      // Stations say ISSUED; the server decides.
      credentials: credentialTypeIds.map((credentialTypeId) => ({ id: randomUUID(), credentialTypeId, status: 'ISSUED' as const, issuedAt: at })),
      ...fields,
    },
  };
}

/**
 * Runs SQL on the server's database from the test, e.g. to age a token. PostgreSQL: a
 * direct connection. PGlite lives inside the server process, so the server is stopped,
 * the database opened here, and the server started again on the same port and data.
 */
export async function withServerDatabase(fx: ServerFixture, fn: (db: Queryable) => Promise<void>): Promise<void> {
  if (fx.server.backend === 'pglite') await fx.server.kill('SIGTERM');
  const db = await openDatabase({ databaseUrl: fx.databaseUrl, dataDir: fx.server.dataDir });
  try {
    await fn(db);
  } finally {
    await db.close();
    if (fx.server.backend === 'pglite') await fx.server.restart();
  }
}

/** Every feed entry after `after`, following `hasMore`. */
export async function feedAfter(station: Pick<TestStation, 'api'>, after: number): Promise<FeedEntry[]> {
  const entries: FeedEntry[] = [];
  for (let cursor = after; ; ) {
    const page = PullResponse.parse((await station.api.pull({ after: cursor, limit: 1000 })).body);
    entries.push(...page.changes);
    cursor = page.cursor;
    if (!page.hasMore) return entries;
  }
}

/** The feed's current end (the cursor a station that read everything holds). */
export async function feedEnd(station: Pick<TestStation, 'api'>): Promise<number> {
  for (let cursor = 0; ; ) {
    const page = PullResponse.parse((await station.api.pull({ after: cursor, limit: 1000 })).body);
    if (!page.hasMore) return page.cursor;
    cursor = page.cursor;
  }
}
