import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Station } from '../../../src/main/station';
import { startCentralServer, type CentralServer } from '../../support/central-server';
import { startPostgres, type PrivatePostgres } from '../../support/postgres';
import { openStation, person, serverProbe } from '../../support/sync-harness';
import { until } from '../../support/until';
import { scratchDir } from '../../support/web-host';

/**
 * Issue 18: two server processes on one PostgreSQL, each serving a real station (the sync
 * engine of src/main/sync). Each station long-polls its own instance, so what the other
 * station pushes reaches it through the database (LISTEN/NOTIFY), and both instances hand
 * out the same feed in the same order.
 */
describe('[PostgreSQL 15] two stations on two server instances sharing one database', () => {
  let postgres: PrivatePostgres;
  let dir: Awaited<ReturnType<typeof scratchDir>>;
  let a: CentralServer;
  let b: CentralServer;
  const stations: Station[] = [];

  beforeAll(async () => {
    postgres = await startPostgres();
    const databaseUrl = await postgres.createDatabase();
    dir = await scratchDir('two-instances-');
    const env = { ENROLLMENT_SERVER_ADMIN_KEY: randomBytes(24).toString('base64url') };
    a = await startCentralServer({ backend: 'postgresql', databaseUrl, dataDir: join(dir.path, 'a'), env });
    b = await startCentralServer({ backend: 'postgresql', databaseUrl, dataDir: join(dir.path, 'b'), env });
  });
  afterAll(async () => {
    for (const station of stations) await station.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await postgres?.stop();
    await dir?.remove();
  });

  /** A station registered on `server`, long-polling it for 25 s at a time (the fast path is the wake-up, not a re-poll). */
  async function stationOn(server: CentralServer, name: string): Promise<Station> {
    const station = await openStation(join(dir.path, name), { name, sync: { longPollSeconds: 25 } });
    stations.push(station);
    await station.handlers['sync:register']({ serverUrl: server.url, token: await server.createToken(name) });
    return station;
  }
  const total = async (station: Station): Promise<number> => (await station.handlers['applicants:search']({ text: '', limit: 1 })).total;

  it('each station gets what the other pushed through the other instance, and both instances serve one feed order', async () => {
    const north = await stationOn(a, 'North');
    const south = await stationOn(b, 'South');

    // Both enroll at once; the same person at both sites opens one Review.
    const shared = `shared.${randomBytes(4).toString('hex')}@example.org`;
    await Promise.all(
      [north, south].map(async (station, s) => {
        for (let i = 0; i < 25; i++) await station.handlers['applicants:create'](person(s === 0 ? 'North' : 'South'));
        await station.handlers['applicants:create'](person(s === 0 ? 'North' : 'South', { email: shared }));
      }),
    );
    for (const station of [north, south]) {
      await until(async () => (await station.handlers['sync:status'](undefined)).waiting === 0, 'both outboxes to drain', 60_000);
      await until(async () => (await total(station)) === 52, 'both stations to hold all 52 applicants', 60_000);
      await until(async () => (await station.handlers['reviews:list'](undefined)).some((r) => r.review.status === 'open'), 'the Review to reach both stations', 60_000);
    }

    // One more on North (instance A) reaches South, idle in a long poll on B.
    const late = await north.handlers['applicants:create'](person('North'));
    await until(async () => (await south.handlers['applicants:get']({ employeeNumber: late.employeeNumber }).catch(() => undefined)) !== undefined, 'South to hear of it through B');

    const [viaA, viaB] = await Promise.all([serverProbe(a.url, await a.createToken('Probe A')), serverProbe(b.url, await a.createToken('Probe B'))]);
    const [feedA, feedB] = await Promise.all([viaA.read(), viaB.read()]);
    expect(feedB.entries).toEqual(feedA.entries);
    expect(feedA.applicants.size).toBe(53);
    expect([...feedA.reviews.values()].filter((r) => r.status === 'open')).toHaveLength(1);
  });
});
