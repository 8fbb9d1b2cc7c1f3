import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_FILE } from '../../../src/main/config';
import { startCentralServer, type CentralServer } from '../../support/central-server';
import { startFlakyProxy, type FlakyProxy } from '../../support/flaky-proxy';
import { StationClient } from '../../support/station-client';
import { FAST_SYNC, person, serverProbe } from '../../support/sync-harness';
import { until } from '../../support/until';
import { scratchDir, startWebHost, type RunningHost } from '../../support/web-host';

/** The real web host process, killed with SIGKILL while its outbox is full, then started again. */
let server: CentralServer;
let proxy: FlakyProxy;
let dir: { path: string; remove(): Promise<void> };
beforeAll(async () => {
  dir = await scratchDir('killed-');
  server = await startCentralServer({ backend: 'pglite', dataDir: join(dir.path, 'server') });
  proxy = await startFlakyProxy(server.url);
});
afterAll(async () => {
  await proxy?.close();
  await server?.stop();
  await dir?.remove();
});

async function connect(host: RunningHost) {
  const client = await StationClient.connect(host.origin);
  await client.hello(host.secret);
  return async (channel: string, input?: unknown) => {
    const envelope = (await client.call(channel, input)) as { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
    if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.code} ${envelope.error.message}`);
    return envelope.value as Record<string, unknown>;
  };
}

describe('a station killed with changes waiting', () => {
  it('sends every saved change after it is started again, once each', async () => {
    const dataDir = join(dir.path, 'station');
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, CONFIG_FILE), JSON.stringify({ stationName: 'Killed Site', sync: FAST_SYNC }));
    const keyFile = join(dir.path, 'keys', 'station.key');
    let host = await startWebHost({ dataDir, keyFile });
    let call = await connect(host);
    await call('sync:register', { serverUrl: proxy.url, token: await server.createToken('Killed Site') });

    proxy.set({ kind: 'cut' });
    const made: string[] = [];
    for (let i = 0; i < 50; i++) made.push(String((await call('applicants:create', person('KilledSite'))).employeeNumber));
    expect(await call('sync:status')).toMatchObject({ waiting: 50, state: 'offline' });
    await host.kill();

    proxy.set({ kind: 'pass' });
    host = await startWebHost({ dataDir, keyFile });
    call = await connect(host);
    await until(async () => (await call('sync:status')).waiting === 0, 'the outbox to drain after the restart');
    await host.stop();

    const view = await (await serverProbe(server.url, await server.createToken('Probe'))).read();
    const arrived = [...view.applicants.values()].filter((a) => a.lastName === 'KilledSite').map((a) => a.employeeNumber);
    expect(arrived.sort()).toEqual(made.sort());
  });
});
