import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Station } from '../../../src/main/station';
import { startCentralServer, type CentralServer } from '../../support/central-server';
import { seededRandom } from '../../support/crash-harness';
import { startFlakyProxy, type FlakyProxy } from '../../support/flaky-proxy';
import { openStation, person, serverProbe } from '../../support/sync-harness';
import { until } from '../../support/until';
import { scratchDir } from '../../support/web-host';

/**
 * Three remote sites enroll 1,000 people each while their networks drop at random and
 * their stations restart; afterwards the server holds exactly the union and every
 * station shows the same people. The seed is printed so a failure can be replayed.
 */
const STATIONS = 3;
const PER_STATION = 1_000;
const SEED = Number(process.env.CONVERGENCE_SEED ?? Date.now() % 1_000_000);


let server: CentralServer;
let dir: { path: string; remove(): Promise<void> };
beforeAll(async () => {
  dir = await scratchDir('converge-');
  server = await startCentralServer({ backend: 'pglite', dataDir: join(dir.path, 'server') });
});
afterAll(async () => {
  await server?.stop();
  await dir?.remove();
});

interface Site {
  name: string;
  dataDir: string;
  proxy: FlakyProxy;
  station: Station;
  enrolled: Map<string, string>; // email → Employee Number
  cuts: number;
  restarts: number;
  ranOut: number;
}

const SYNC = { blockSize: 150, refillBelow: 60 };

async function enrollAll(site: Site, rnd: () => number): Promise<void> {
  let cut = false;
  for (let i = 0; i < PER_STATION; i++) {
    if (rnd() < 0.02) {
      cut = !cut;
      site.proxy.set({ kind: cut ? 'cut' : 'pass' });
      if (cut) site.cuts += 1;
    }
    if (rnd() < 0.004) {
      await site.station.close();
      site.station = await openStation(site.dataDir, { name: site.name, sync: SYNC });
      site.restarts += 1;
    }
    const input = person(site.name.replace(/\W/g, ''));
    for (;;) {
      try {
        const created = await site.station.handlers['applicants:create'](input);
        site.enrolled.set(input.email, created.employeeNumber);
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== 'EMPLOYEE_NUMBERS_EXHAUSTED') throw error;
        // Out of numbers while offline: the clerk reconnects and submits again.
        site.ranOut += 1;
        cut = false;
        site.proxy.set({ kind: 'pass' });
        await until(async () => (await site.station.handlers['sync:now'](undefined)).employeeNumbersLeft > 0, `${site.name} to get more numbers`, 30_000);
      }
    }
  }
  site.proxy.set({ kind: 'pass' });
}

describe('convergence', () => {
  it(`${STATIONS} stations × ${PER_STATION} enrollments with random network cuts and restarts end with exactly the union everywhere`, { timeout: 300_000 }, async () => {
    console.log(`convergence seed ${SEED} (replay with CONVERGENCE_SEED=${SEED})`);
    const rnd = seededRandom(SEED);
    const sites: Site[] = [];
    for (let i = 0; i < STATIONS; i++) {
      const name = `Remote Site ${i + 1}`;
      const dataDir = join(dir.path, `site-${i + 1}`);
      const proxy = await startFlakyProxy(server.url);
      const station = await openStation(dataDir, { name, sync: SYNC });
      await station.handlers['sync:register']({ serverUrl: proxy.url, token: await server.createToken(name) });
      sites.push({ name, dataDir, proxy, station, enrolled: new Map(), cuts: 0, restarts: 0, ranOut: 0 });
    }
    await Promise.all(sites.map((site) => enrollAll(site, seededRandom(Math.floor(rnd() * 1e9)))));
    console.log(sites.map((s) => `${s.name}: ${s.cuts} cuts, ${s.restarts} restarts, ran out offline ${s.ranOut}×`).join('; '));

    // Quiet period: every station pushes everything and pulls everyone else's.
    for (const site of sites) {
      await until(async () => (await site.station.handlers['sync:status'](undefined)).waiting === 0, `${site.name} to push everything`, 120_000);
    }
    for (const site of sites) {
      await until(
        async () => (await site.station.handlers['applicants:search']({ text: '', limit: 1 })).total === STATIONS * PER_STATION,
        `${site.name} to hold all ${STATIONS * PER_STATION} applicants`,
        120_000,
      );
    }

    const view = await (await serverProbe(server.url, await server.createToken('Convergence probe'))).read();
    const expected = new Map(sites.flatMap((s) => [...s.enrolled]));
    expect(expected.size).toBe(STATIONS * PER_STATION);
    expect(view.applicants.size).toBe(STATIONS * PER_STATION); // 0 duplicates, 0 losses
    const serverByEmail = new Map([...view.applicants.values()].map((a) => [a.email!, a.employeeNumber]));
    expect(serverByEmail).toEqual(expected); // the same people with the Employee Numbers their stations gave them
    expect(view.reviews.size).toBe(0);

    for (const site of sites) {
      for (const [email, employeeNumber] of expected) {
        const { applicant } = await site.station.handlers['applicants:get']({ employeeNumber });
        if (applicant.email !== email) expect.fail(`${site.name} shows ${employeeNumber} as ${applicant.email}, the server as ${email}`);
      }
      await site.station.close();
      await site.proxy.close();
    }
  });
});
