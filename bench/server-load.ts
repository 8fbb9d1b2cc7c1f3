import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FeedEntry, OutboxEntry, PullResponse, PushResponse } from '../src/shared/contract/server-protocol';
import { registerStation, startCentralServer, type CentralServer } from '../tests/support/central-server';
import { startPostgres, type PrivatePostgres } from '../tests/support/postgres';

/**
 * `npm run bench -- server-load`: N simulated stations (SERVER_LOAD_STATIONS, default 20)
 * against one server on PostgreSQL, two server processes sharing that PostgreSQL, and one
 * server on PGlite. Each station pushes SERVER_LOAD_MUTATIONS (default 2,000) new applicants
 * in 200-mutation batches while following the feed on the other instance (paged pulls, then
 * a long poll once caught up). Then probe pushes, one at a time, measure how soon every
 * other station's long poll is answered.
 *
 * The stations are plain HTTP clients in this process (no station store, answers not
 * schema-checked), so the figures are the server's and the database's — on the same cores.
 */
const STATIONS = positiveInt(process.env.SERVER_LOAD_STATIONS, 20);
const PER_STATION = positiveInt(process.env.SERVER_LOAD_MUTATIONS, 2_000);
const BATCH = 200;
const PULL_PAGE = 500;
const PROBES = 10;
const LONG_POLL_SECONDS = 20;
/** Only stops a broken run from hanging. */
const PHASE_LIMIT_MS = 180_000;

function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

interface Sim {
  index: number;
  stationId: string;
  authorization: string;
  pushUrl: string;
  followUrl: string;
  nextNumber: number;
  seq: number;
  cursor: number;
  caughtUp: boolean;
}

class Recorder {
  push: number[] = [];
  pull: number[] = [];
  wake: number[] = [];
  errors = 0;
  firstError: string | undefined;
  fail(what: string): void {
    this.errors += 1;
    this.firstError ??= what;
  }
}

async function call<T>(rec: Recorder, base: string, method: string, path: string, authorization: string, body?: unknown, signal?: AbortSignal): Promise<T | undefined> {
  try {
    const response = await fetch(new URL(path, base), {
      method,
      headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
    const text = await response.text();
    if (!response.ok) {
      rec.fail(`${method} ${path.split('?')[0]} → ${response.status} ${text.slice(0, 300)}`);
      return undefined;
    }
    return JSON.parse(text) as T;
  } catch (error) {
    if (!signal?.aborted) rec.fail(`${method} ${path.split('?')[0]}: ${String(error)}`);
    return undefined;
  }
}

function applicantEntry(sim: Sim, tag: string): OutboxEntry {
  const at = new Date().toISOString();
  sim.seq += 1;
  const employeeNumber = String(sim.nextNumber++);
  return {
    mutationId: randomUUID(),
    seq: sim.seq,
    createdAt: at,
    mutation: {
      kind: 'applicant.create',
      applicant: { employeeNumber, firstName: `${tag}${sim.seq}`, lastName: `Station${sim.index}`, credentialTypeId: 'mobile-pacs-employee', email: `${tag.toLowerCase()}${sim.index}.${sim.seq}@bench.example`, createdAt: at, createdBy: 'bench', stationId: sim.stationId },
    },
  };
}

async function push(rec: Recorder, sim: Sim, batch: OutboxEntry[]): Promise<void> {
  const started = performance.now();
  const answer = await call<PushResponse>(rec, sim.pushUrl, 'POST', '/v1/sync/push', sim.authorization, { mutations: batch });
  if (batch.length === BATCH) rec.push.push(performance.now() - started);
  if (answer && (answer.results.length !== batch.length || answer.results.some((r) => r.outcome !== 'applied'))) {
    rec.fail(`push from station ${sim.index}: ${JSON.stringify(answer.results.find((r) => r.outcome !== 'applied') ?? { answered: answer.results.length })}`);
  }
}

/** Pages through the feed; once caught up, holds a long poll; until `stop` aborts. */
async function follow(rec: Recorder, sim: Sim, stop: AbortSignal, seen: (entry: FeedEntry, sim: Sim) => void): Promise<void> {
  while (!stop.aborted) {
    const wait = sim.caughtUp ? LONG_POLL_SECONDS : 0;
    const started = performance.now();
    const page = await call<PullResponse>(rec, sim.followUrl, 'GET', `/v1/sync/changes?after=${sim.cursor}&limit=${PULL_PAGE}&wait=${wait}`, sim.authorization, undefined, stop);
    if (!page) {
      if (!stop.aborted) await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    if (wait === 0) rec.pull.push(performance.now() - started);
    for (const entry of page.changes) seen(entry, sim);
    sim.cursor = page.cursor;
    // As a station does: after a long poll brought news, read on without waiting.
    sim.caughtUp = wait === 0 ? !page.hasMore : page.changes.length === 0;
  }
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + PHASE_LIMIT_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`server-load: gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { count: sorted.length, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: Math.round(sorted.at(-1) ?? 0) };
}

async function runScenario(servers: CentralServer[]) {
  const rec = new Recorder();
  const sims: Sim[] = [];
  for (let i = 0; i < STATIONS; i++) {
    // Two instances: a station pushes to one and follows the feed on the other.
    const pushUrl = servers[i % servers.length]!.url;
    const followUrl = servers[(i + 1) % servers.length]!.url;
    const credentials = await registerStation(servers[0]!, `Load ${i}`);
    const sim: Sim = { index: i, stationId: credentials.stationId, authorization: credentials.authorization, pushUrl, followUrl, nextNumber: 0, seq: 0, cursor: 0, caughtUp: false };
    const lease = await call<{ block: { first: number } }>(rec, pushUrl, 'POST', '/v1/sync/employee-number-blocks', sim.authorization, { requestId: randomUUID(), size: PER_STATION + PROBES });
    if (!lease) throw new Error(`server-load: station ${i} got no Employee Numbers: ${rec.firstError}`);
    sim.nextNumber = lease.block.first;
    sims.push(sim);
  }

  // Probe pushes: employee number → when it was sent and by whom; each follower notes its arrival.
  const probes = new Map<string, { sentAt: number; from: Sim; arrived: number }>();
  const seen = (entry: FeedEntry, sim: Sim): void => {
    if (entry.change.kind !== 'applicant.upserted') return;
    const probe = probes.get(entry.change.applicant.employeeNumber);
    if (!probe || probe.from === sim) return;
    probe.arrived += 1;
    // With two instances, only wake-ups across instances count.
    if (servers.length === 1 || probe.from.pushUrl !== sim.followUrl) rec.wake.push(performance.now() - probe.sentAt);
  };

  let peakRss = servers.map(() => 0);
  const sampler = setInterval(() => {
    void Promise.all(servers.map((s) => rssMb(s.pid))).then((now) => (peakRss = peakRss.map((peak, i) => Math.max(peak, now[i]!))));
  }, 250);
  const stop = new AbortController();
  const started = performance.now();
  const followers = sims.map((sim) => follow(rec, sim, stop.signal, seen));
  try {
    await Promise.all(
      sims.map(async (sim) => {
        for (let sent = 0; sent < PER_STATION; sent += BATCH) {
          const batch = Array.from({ length: Math.min(BATCH, PER_STATION - sent) }, () => applicantEntry(sim, 'Load'));
          await push(rec, sim, batch);
        }
      }),
    );
    const pushMs = performance.now() - started;
    await until(() => sims.every((s) => s.caughtUp), 'every station to catch up with the feed');
    const catchUpMs = performance.now() - started;

    for (let p = 0; p < PROBES; p++) {
      const from = sims[p % sims.length]!;
      const entry = applicantEntry(from, 'Probe');
      if (entry.mutation.kind !== 'applicant.create') continue;
      const probe = { sentAt: performance.now(), from, arrived: 0 };
      probes.set(entry.mutation.applicant.employeeNumber, probe);
      await push(rec, from, [entry]);
      await until(() => probe.arrived >= sims.length - 1, `probe ${p} to reach every other station`);
    }
    const total = STATIONS * PER_STATION;
    return {
      stations: STATIONS,
      mutations: total,
      batchSize: BATCH,
      pushPhaseMs: Math.round(pushMs),
      appliedPerSecond: Math.round(total / (pushMs / 1000)),
      allCaughtUpMs: Math.round(catchUpMs),
      push: percentiles(rec.push),
      pull: percentiles(rec.pull),
      longPollWake: percentiles(rec.wake),
      errors: rec.errors,
      firstError: rec.firstError ?? null,
      serverRssMb: peakRss,
    };
  } finally {
    clearInterval(sampler);
    stop.abort();
    await Promise.all(followers);
  }
}

export async function benchServerLoad() {
  const env = { ENROLLMENT_SERVER_ADMIN_KEY: randomBytes(24).toString('base64url'), LOG_LEVEL: 'warn' };
  const results: Record<string, unknown> = {};
  let postgres: PrivatePostgres | undefined;
  try {
    postgres = await startPostgres({ durable: true });
    for (const instances of [1, 2]) {
      const databaseUrl = await postgres.createDatabase();
      const servers: CentralServer[] = [];
      try {
        for (let i = 0; i < instances; i++) servers.push(await startCentralServer({ backend: 'postgresql', databaseUrl, env }));
        results[instances === 1 ? 'postgresql' : 'postgresql-two-instances'] = await runScenario(servers);
      } finally {
        await Promise.all(servers.map((s) => s.stop()));
      }
    }
  } finally {
    await postgres?.stop();
  }
  const pglite = await startCentralServer({ backend: 'pglite', env });
  try {
    results.pglite = await runScenario([pglite]);
  } finally {
    await pglite.stop();
  }
  return {
    description: `${STATIONS} simulated stations against the central server, each pushing ${PER_STATION} new applicants in ${BATCH}-mutation batches while following the feed (pages of ${PULL_PAGE}, then a long poll) on the other instance; then ${PROBES} single pushes, each timed until every other station's long poll has it. PostgreSQL 15 with fsync on; servers are child processes on 127.0.0.1.`,
    results,
  };
}
