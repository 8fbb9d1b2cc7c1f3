import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Station } from '../../../src/main/station';
import { stationLogPath } from '../../../src/main/station-log';
import { startCentralServer, type CentralServer } from '../../support/central-server';
import { startFlakyProxy, type FlakyProxy } from '../../support/flaky-proxy';
import { openStation, person, serverProbe } from '../../support/sync-harness';
import { until } from '../../support/until';
import { scratchDir } from '../../support/web-host';

/**
 * A real station (in this process) syncing with a real central server (a child
 * process, PGlite) through a proxy that cuts the network or drops answers on purpose.
 */
let server: CentralServer;
let dir: { path: string; remove(): Promise<void> };
let probe: Awaited<ReturnType<typeof serverProbe>>;
const open: Station[] = [];
const proxies: FlakyProxy[] = [];

beforeAll(async () => {
  dir = await scratchDir('sync-');
  server = await startCentralServer({ backend: 'pglite', dataDir: join(dir.path, 'server') });
  probe = await serverProbe(server.url, await server.createToken('Probe'));
});
afterAll(async () => {
  await server?.stop();
  await dir?.remove();
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  for (const p of proxies.splice(0)) await p.close();
});

let sites = 0;
/** A new station registered with the server through its own flaky proxy. */
async function registeredStation(name = `Site ${++sites}`, sync = {}) {
  const proxy = await startFlakyProxy(server.url);
  proxies.push(proxy);
  const dataDir = join(dir.path, name.replace(/\W/g, '-'));
  const station = await openStation(dataDir, { name, sync });
  open.push(station);
  const status = await station.handlers['sync:register']({ serverUrl: proxy.url, token: await server.createToken(name) });
  return { station, proxy, dataDir, status };
}

const status = (s: Station) => s.handlers['sync:status'](undefined);
const numbersOf = (view: Awaited<ReturnType<typeof probe.read>>, lastName: string) => [...view.applicants.values()].filter((a) => a.lastName === lastName);

describe('a registered station', () => {
  it('registers with a one-time token, gets a block of Employee Numbers and shows Online', async () => {
    const { station, status: first } = await registeredStation('Front Desk');
    expect(first).toMatchObject({ state: 'online', waiting: 0, lastError: null, employeeNumbersLeft: 500 });
    expect(first.clockOffsetMs).not.toBeNull();
    const created = await station.handlers['applicants:create'](person('FrontDesk'));
    expect(Number(created.employeeNumber)).toBeGreaterThanOrEqual(20_000_000);
    await until(async () => (await status(station)).waiting === 0, 'the applicant to reach the server');
    expect((await probe.read()).applicants.get(created.employeeNumber)).toMatchObject({ email: created.email, stationId: created.stationId });
  });

  it('refuses a token that was already used, with the server’s reason', async () => {
    const token = await server.createToken('Once');
    const a = await openStation(join(dir.path, 'once-a'), { name: 'Once A' });
    const b = await openStation(join(dir.path, 'once-b'), { name: 'Once B' });
    open.push(a, b);
    await a.handlers['sync:register']({ serverUrl: server.url, token });
    await expect(b.handlers['sync:register']({ serverUrl: server.url, token })).rejects.toMatchObject({ code: 'REGISTRATION_REFUSED' });
    expect(await status(b)).toMatchObject({ state: 'not-registered' });
  });

  it('works offline: saves, shows Offline with the count waiting, and sends everything when the network returns', async () => {
    const { station, proxy } = await registeredStation();
    proxy.set({ kind: 'cut' });
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await station.handlers['applicants:create'](person('Offline')));
    const offline = await until(async () => {
      const s = await status(station);
      return s.state === 'offline' && s.waiting === 3 && s;
    }, 'Offline with 3 waiting');
    expect(offline.lastError).toMatchObject({ problem: 'unreachable' });
    proxy.set({ kind: 'pass' });
    await until(async () => {
      const s = await status(station);
      return s.state === 'online' && s.waiting === 0;
    }, 'Online with 0 waiting');
    const view = await probe.read();
    for (const a of made) expect(view.applicants.get(a.employeeNumber)?.email).toBe(a.email);
  });

  it('does not double an applicant when the server applied a push but its answer was lost', async () => {
    const { station, proxy } = await registeredStation();
    proxy.set({ kind: 'lose-answers', path: '/v1/sync/push', count: 2 });
    const made = await station.handlers['applicants:create'](person('LostAnswer'));
    await until(async () => (await status(station)).waiting === 0, 'the push to be acknowledged after retries');
    expect(proxy.lost).toBe(2);
    const view = await probe.read();
    expect(numbersOf(view, 'LostAnswer').map((a) => a.employeeNumber)).toEqual([made.employeeNumber]);
    expect(view.entries.filter((e) => e.change.kind === 'applicant.upserted' && e.change.applicant.employeeNumber === made.employeeNumber)).toHaveLength(1);
  });

  it('is unharmed by a push delivered twice', async () => {
    const { station, proxy } = await registeredStation();
    proxy.set({ kind: 'duplicate', path: '/v1/sync/push', count: 3 });
    for (let i = 0; i < 3; i++) await station.handlers['applicants:create'](person('Twice'));
    await until(async () => (await status(station)).waiting === 0, 'the pushes to be acknowledged');
    expect(proxy.duplicated).toBeGreaterThan(0);
    const view = await probe.read();
    expect(numbersOf(view, 'Twice')).toHaveLength(3);
  });

  it('asks for the same block again after losing the answer, and never issues a number twice', async () => {
    const { station, proxy } = await registeredStation(undefined, { blockSize: 3, refillBelow: 2 });
    proxy.set({ kind: 'lose-answers', path: '/v1/sync/employee-number-blocks', count: 1 });
    const issued = [];
    for (let i = 0; i < 7; i++) {
      issued.push((await station.handlers['applicants:create'](person('Lease'))).employeeNumber);
      await station.handlers['sync:now'](undefined);
    }
    expect(new Set(issued).size).toBe(7);
    await until(async () => (await status(station)).waiting === 0, 'all pushed');
    expect(numbersOf(await probe.read(), 'Lease')).toHaveLength(7);
  });

  it('says clearly when it runs out of Employee Numbers offline, and saves nothing for that person', async () => {
    const { station, proxy } = await registeredStation(undefined, { blockSize: 2, refillBelow: 0 });
    proxy.set({ kind: 'cut' });
    await station.handlers['applicants:create'](person('RunOut'));
    await station.handlers['applicants:create'](person('RunOut'));
    await expect(station.handlers['applicants:create'](person('RunOut'))).rejects.toMatchObject({
      code: 'EMPLOYEE_NUMBERS_EXHAUSTED',
      message: expect.stringContaining('connect the station to the network'),
    });
    expect((await status(station)).waiting).toBe(2);
  });

  it('survives the server being killed mid-drain: after a restart everything arrives exactly once', async () => {
    const { station, proxy } = await registeredStation();
    proxy.set({ kind: 'cut' });
    for (let i = 0; i < 400; i++) await station.handlers['applicants:create'](person('Killed'));
    proxy.set({ kind: 'pass' });
    await until(async () => (await status(station)).waiting < 400, 'the drain to start', 30_000);
    await server.kill('SIGKILL');
    await until(async () => (await status(station)).state === 'offline', 'Offline after the server died');
    await server.restart();
    await until(async () => (await status(station)).waiting === 0, 'the drain to finish after the restart', 60_000);
    probe = await serverProbe(server.url, await server.createToken('Probe again'));
    const view = await probe.read();
    expect(numbersOf(view, 'Killed')).toHaveLength(400);
  });

  it('keeps both records when the same person was enrolled offline at two stations, until a clerk decides', async () => {
    const a = await registeredStation('North Gate');
    const b = await registeredStation('South Gate');
    a.proxy.set({ kind: 'cut' });
    b.proxy.set({ kind: 'cut' });
    const same = person('Twin', { email: 'Same.Person@Example.org' });
    const atA = await a.station.handlers['applicants:create'](same);
    const atB = await b.station.handlers['applicants:create']({ ...same, email: 'same.person@example.org' });
    a.proxy.set({ kind: 'pass' });
    await until(async () => (await status(a.station)).waiting === 0, 'A to sync');
    b.proxy.set({ kind: 'pass' });
    await until(async () => (await status(b.station)).openReviews === 1, 'B to show one review');
    await a.station.handlers['sync:now'](undefined);
    const [review] = await a.station.handlers['reviews:list'](undefined);
    expect(review!.review).toMatchObject({ status: 'open', employeeNumbers: [atA.employeeNumber, atB.employeeNumber], matchedOn: ['email'] });
    expect(review!.applicants.map((p) => p.employeeNumber)).toEqual([atA.employeeNumber, atB.employeeNumber]);

    // A merges offline; B keeps both later: the first decision to reach the server wins everywhere.
    const merged = await a.station.handlers['reviews:resolve']({ reviewId: review!.review.id, resolution: 'merge', survivor: atA.employeeNumber });
    expect(merged.review).toMatchObject({ status: 'merged', survivor: atA.employeeNumber, resolvedBy: 'Clerk at North Gate' });
    await until(async () => (await status(a.station)).waiting === 0, 'the decision to reach the server');
    b.proxy.set({ kind: 'cut' });
    await b.station.handlers['reviews:resolve']({ reviewId: review!.review.id, resolution: 'keep-both' });
    b.proxy.set({ kind: 'pass' });
    // The push answer already brings the review as decided; the merged record comes with the next pull.
    await until(async () => {
      const [item] = await b.station.handlers['reviews:list'](undefined);
      const record = await b.station.handlers['applicants:get']({ employeeNumber: atB.employeeNumber });
      return (await status(b.station)).waiting === 0 && item?.review.status === 'merged' && record.applicant.mergedInto !== undefined && record;
    }, 'B to show the first decision');
    const record = await b.station.handlers['applicants:get']({ employeeNumber: atB.employeeNumber });
    expect(record.applicant.mergedInto).toBe(atA.employeeNumber);
    const view = await probe.read();
    expect(view.applicants.get(atB.employeeNumber)?.mergedInto).toBe(atA.employeeNumber);
    expect(view.applicants.get(atA.employeeNumber)?.mergedInto).toBeUndefined();
  });

  it('sees applicants enrolled at other stations in Search and in the duplicate check', async () => {
    const a = await registeredStation('East');
    const b = await registeredStation('West');
    const atA = await a.station.handlers['applicants:create'](person('Shared', { email: 'shared.one@example.org' }));
    await until(async () => (await b.station.handlers['applicants:search']({ text: 'shared.one', limit: 5 })).total === 1, 'B to find the applicant from A', 20_000);
    await expect(b.station.handlers['applicants:create'](person('Shared', { email: 'SHARED.ONE@example.org' }))).rejects.toMatchObject({
      code: 'USER_ALREADY_EXISTS',
      details: { employeeNumber: atA.employeeNumber },
    });
  });

  it('keeps its outbox through a restart and sends it when it comes back', async () => {
    const { station, proxy, dataDir } = await registeredStation('Restarted');
    proxy.set({ kind: 'cut' });
    for (let i = 0; i < 20; i++) await station.handlers['applicants:create'](person('Restart'));
    await station.close();
    open.splice(open.indexOf(station), 1);
    proxy.set({ kind: 'pass' });
    const again = await openStation(dataDir, { name: 'Restarted' });
    open.push(again);
    expect((await status(again)).waiting).toBeLessThanOrEqual(20);
    await until(async () => (await status(again)).waiting === 0, 'the outbox to drain after the restart');
    expect(numbersOf(await probe.read(), 'Restart')).toHaveLength(20);
  });
});

describe("the station's log", () => {
  it('has every sync failure with its reason, and never the store key, a credential or the token', async () => {
    const proxy = await startFlakyProxy(server.url);
    proxies.push(proxy);
    const dataDir = join(dir.path, 'Logged-Site');
    const station = await openStation(dataDir, { name: 'Logged Site' });
    const token = await server.createToken('Logged Site');
    try {
      await station.handlers['sync:register']({ serverUrl: proxy.url, token });
      proxy.set({ kind: 'cut' });
      await until(async () => (await status(station)).lastError?.problem, 'sync to fail');
    } finally {
      await station.close();
    }
    const text = await readFile(stationLogPath(dataDir), 'utf8');
    const lines = text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const failure = lines.find((line) => line.msg === 'sync failed');
    expect(failure).toMatchObject({ level: 40, name: 'station', problem: expect.any(String), reason: expect.stringContaining(proxy.url), failures: 1, retryInMs: expect.any(Number) });
    expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['station opened', 'station closed']));
    const storeKey = /^enrollment-station-key-v1:(\S+)$/m.exec(await readFile(join(dataDir, 'key'), 'utf8'))![1]!;
    for (const secret of [storeKey, token, server.adminKey, 'Bearer']) expect(text).not.toContain(secret);
  });
});
