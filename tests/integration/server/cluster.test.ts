import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvitationResponse } from '../../../src/shared/contract/mobile-protocol';
import { LeaseResponse, PullResponse, PushResponse, ServerErrorBody, type FeedEntry } from '../../../src/shared/contract/server-protocol';
import { request, startCentralServer, stationApi, type CentralServer } from '../../support/central-server';
import { SHIPPED_MIGRATIONS } from '../../support/migrations';
import { startPostgres, type PrivatePostgres } from '../../support/postgres';
import { until } from '../../support/until';
import { createApplicant, enrollDevice, feedAfter, feedEnd, newStation, type TestStation } from './fixture';

/**
 * Several stateless server instances on one PostgreSQL, as a large organisation runs
 * them behind a load balancer: they share everything through the database, and a
 * commit on one wakes long polls on the others through LISTEN/NOTIFY.
 */
describe('[PostgreSQL 15] two server instances on one database', () => {
  let postgres: PrivatePostgres;
  let dir: string;
  let a: CentralServer;
  let b: CentralServer;
  let databaseUrl: string;

  beforeAll(async () => {
    postgres = await startPostgres();
    databaseUrl = await postgres.createDatabase();
    dir = await mkdtemp(join(tmpdir(), 'server-cluster-'));
    const env = { ENROLLMENT_SERVER_ADMIN_KEY: randomBytes(24).toString('base64url') };
    // Started together on an empty database: the migration lock makes them take turns.
    [a, b] = await Promise.all([
      startCentralServer({ backend: 'postgresql', databaseUrl, dataDir: join(dir, 'a'), env }),
      startCentralServer({ backend: 'postgresql', databaseUrl, dataDir: join(dir, 'b'), env }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await postgres?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** The same station, speaking to instance B. */
  const viaB = (station: TestStation): TestStation => ({ ...station, api: stationApi(b.url, station) });

  it('both started on an empty database: one migration run, one credential-types entry', async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      expect((await client.query('SELECT name FROM schema_migrations ORDER BY version')).rows).toEqual(SHIPPED_MIGRATIONS.map((name) => ({ name })));
    } finally {
      await client.end();
    }
    const station = await newStation(a);
    const types = (await feedAfter(station, 0)).filter((e) => e.change.kind === 'credential-types.set');
    expect(types).toHaveLength(1);
  });

  it('a station registered through A is known to B, and a batch sent to both at once is applied once', async () => {
    const station = await newStation(a, 'Both ways');
    const batch = Array.from({ length: 20 }, () => station.entry(createApplicant(station.stationId)));
    const [fromA, fromB] = await Promise.all([station.api.push(batch), viaB(station).api.push(batch)]);
    const outcomes = [PushResponse.parse(fromA.body), PushResponse.parse(fromB.body)].map((r) => r.results.map((x) => x.outcome));
    expect(outcomes.map((o) => new Set(o).size)).toEqual([1, 1]);
    expect(outcomes.flat().filter((o) => o === 'applied')).toHaveLength(20);
    const mine = (await feedAfter(station, 0)).filter((e) => e.change.kind === 'applicant.upserted' && e.change.applicant.stationId === station.stationId);
    expect(mine).toHaveLength(20);
  });

  it('a long poll on B wakes as soon as A applies a push (LISTEN/NOTIFY across instances)', async () => {
    const reader = viaB(await newStation(a, 'Reader on B'));
    const writer = await newStation(a, 'Writer on A');
    await expectWokenAcrossInstances(reader, writer);
  });

  it('loses no feed entry when stations push through both instances at once (a reader on B sees every one, in order)', async () => {
    const stations = await Promise.all([1, 2, 3, 4].map((n) => newStation(a, `Busy ${n}`)));
    const reader = viaB(await newStation(a, 'Follower'));
    const start = await feedEnd(reader);
    const expected = 4 * 6 * 10;
    let done = false;
    const followed: FeedEntry[] = [];
    const follow = (async () => {
      let cursor = start;
      for (;;) {
        const page = PullResponse.parse((await reader.api.pull({ after: cursor, limit: 9, wait: 2 })).body);
        followed.push(...page.changes);
        cursor = page.cursor;
        if (done && page.changes.length === 0) return;
      }
    })();
    await Promise.all(
      stations.map(async (station, i) => {
        for (let batch = 0; batch < 6; batch += 1) {
          // Alternate instances per batch, and start half the stations on B.
          const via = (batch + i) % 2 === 0 ? station : viaB(station);
          expect((await via.api.push(Array.from({ length: 10 }, () => station.entry(createApplicant(station.stationId))))).status).toBe(200);
        }
      }),
    );
    done = true;
    await follow;
    const everything = await feedAfter(reader, start);
    expect(everything).toHaveLength(expected);
    expect(followed.map((e) => e.serverSeq)).toEqual(everything.map((e) => e.serverSeq));
  });

  it('leases never overlap when requests go to both instances at once', async () => {
    const stations = await Promise.all([1, 2, 3].map((n) => newStation(a, `Lessee ${n}`)));
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? stations[i % 3]! : viaB(stations[i % 3]!)).api.lease({ requestId: randomUUID(), size: 37 })),
    );
    const blocks = responses.map((r) => LeaseResponse.parse(r.body).block).sort((x, y) => x.first - y.first);
    blocks.forEach((block, i) => {
      if (i > 0) expect(block.first).toBe(blocks[i - 1]!.last + 1);
    });
  });

  it('mobile credentials: a redemption on B wakes a long poll on A at once, and one phone’s guesses through both instances share one throttle', async () => {
    const station = await newStation(a, 'Pickup desk');
    const person = createApplicant(station.stationId, { credentialTypeId: 'mobile-pacs-employee' });
    const device = enrollDevice(station.stationId, person.kind === 'applicant.create' ? person.applicant.employeeNumber : '', ['mobile-pacs-employee']);
    expect((await station.api.push([station.entry(person), station.entry(device)])).status).toBe(200);
    const credentialId = device.kind === 'device.enroll' ? device.device.credentials[0]!.id : '';
    const invitation = InvitationResponse.parse((await request(a.url, 'POST', '/v1/invitations', { body: { credentialId, requestedBy: 'Clerk' }, authorization: station.authorization })).body);

    const phone = (deviceId: string) => ({ deviceId, osVersion: 'Android 15', secureElementType: 'StrongBox', manufacturer: 'Google', model: 'Pixel 8', applicationVersion: '4.9.1' });
    const publicKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const redeemVia = (server: CentralServer, code: string, deviceId: string) => request(server.url, 'POST', '/v1/wallet/redeem', { body: { code, phone: phone(deviceId), publicKey } });

    const waiting = station.api.pull({ after: await feedEnd(station), wait: 20 });
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    expect((await redeemVia(b, invitation.code, 'real-phone')).status).toBe(200);
    const page = PullResponse.parse((await waiting).body);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(page.changes.map((e) => e.change)).toEqual([{ kind: 'mobile-credential.upserted', credential: expect.objectContaining({ credentialId, status: 'ACTIVE' }) }]);

    // The default limit, 10 failed guesses per phone, holds across instances even when they run at once.
    const guesses = await Promise.all(Array.from({ length: 16 }, (_, i) => redeemVia(i % 2 ? a : b, `ZZZZ-ZZZZ-ZZZZ-${'23456789ABCDEFGH'[i]}ZZZ`, 'guessing-phone')));
    const codes = guesses.map((r) => ServerErrorBody.parse(r.body).error.code).sort();
    expect(codes).toEqual([...Array(10).fill('INVITATION_UNKNOWN'), ...Array(6).fill('THROTTLED')]);
  });

  it('during a database outage: /ready is 503 NOT_READY and requests get a JSON 500 with no stack; afterwards both recover, LISTEN included', async () => {
    const writer = await newStation(a, 'Outage writer');
    const reader = viaB(await newStation(a, 'Outage reader'));
    await postgres.crash();
    try {
      const ready = await request(a.url, 'GET', '/ready');
      expect(ready.status).toBe(503);
      expect(ServerErrorBody.parse(ready.body).error).toMatchObject({ code: 'NOT_READY', message: expect.stringContaining('PostgreSQL') });
      const push = await writer.api.push([writer.entry(createApplicant(writer.stationId))]);
      expect(push.status).toBe(500);
      const { error } = ServerErrorBody.parse(push.body);
      expect(error.code).toBe('INTERNAL');
      expect(error.message).toMatch(/request id/);
      expect(JSON.stringify(push.body)).not.toMatch(/ at .*\.ts:\d+/);
      writer.nextSeq -= 1;
    } finally {
      await postgres.restart();
    }
    for (const server of [a, b]) await until(async () => (await request(server.url, 'GET', '/ready')).status === 200, `${server.url} ready again`, 20_000);
    await until(() => b.logs().includes('database LISTEN connection restored'), 'B to listen again', 20_000);
    await expectWokenAcrossInstances(reader, writer);
  });
});

async function expectWokenAcrossInstances(reader: TestStation, writer: TestStation): Promise<void> {
  const cursor = await feedEnd(reader);
  const started = Date.now();
  const waiting = reader.api.pull({ after: cursor, wait: 25 });
  await new Promise((r) => setTimeout(r, 400));
  const push = await writer.api.push([writer.entry(createApplicant(writer.stationId))]);
  expect(push.status).toBe(200);
  const page = PullResponse.parse((await waiting).body);
  // Without the NOTIFY, B would only notice at its 5-second re-check.
  expect(Date.now() - started).toBeLessThan(4_000);
  expect(page.changes.map((e) => e.change.kind)).toEqual(['applicant.upserted']);
}
