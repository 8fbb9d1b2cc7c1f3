import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_FILE } from '../../src/main/config';
import { startCentralServer, type CentralServer } from '../support/central-server';
import { createOperators, OPERATOR_PIN, operatorCard, registerOperators, type TestOperators } from '../support/operators';
import { startOtherProgram, type OtherProgram } from '../support/pcsc/other-program';
import { startPrivatePcscd, type PrivatePcscd } from '../support/pcsc/private-pcscd';
import { VpcdCard } from '../support/pcsc/vpcd-card';
import { StationClient } from '../support/station-client';
import { FAST_SYNC } from '../support/sync-harness';
import { until } from '../support/until';
import { scratchDir, startWebHost, type RunningHost } from '../support/web-host';

/**
 * Issue 14, item 3: operator sign-in (certificate read + PIN + GENERAL AUTHENTICATE, one
 * PC/SC transaction) with another program using the operator's card, over the real stack:
 * station process → patched binding → private pcscd → vpcd → a virtual operator card; a
 * real central server holding the operator registry.
 */
let pcscd: PrivatePcscd;
let dir: Awaited<ReturnType<typeof scratchDir>>;
let server: CentralServer;
let host: RunningHost;
let client: StationClient;
let ops: TestOperators;
let card: VpcdCard | undefined;
const others = new Set<OtherProgram>();

type Reply = { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };
const call = (channel: string, input?: unknown) => client.call(channel, input) as Promise<Reply>;
const READER = () => pcscd.readerNames[0]!;
const mode = async () => {
  const s = await call('session:get');
  return s.ok ? (s.value.mode as string) : 'error';
};
const signIn = () => call('session:sign-in', { readerName: READER(), pin: OPERATOR_PIN });
const other = async (how: 'hammer' | 'hold') => {
  const p = await startOtherProgram(READER(), how, pcscd.env);
  others.add(p);
  return p;
};

beforeAll(async () => {
  pcscd = await startPrivatePcscd();
  dir = await scratchDir('shared-sign-in-');
  ops = await createOperators();
  server = await startCentralServer({ backend: 'pglite', dataDir: join(dir.path, 'server') });
  await mkdir(join(dir.path, 'station'), { recursive: true });
  await writeFile(join(dir.path, 'station', CONFIG_FILE), JSON.stringify({ stationName: 'Shared Reader Site', sync: FAST_SYNC }));
  host = await startWebHost({ dataDir: join(dir.path, 'station'), keyFile: join(dir.path, 'keys', 'station.key'), env: { ...pcscd.env } });
  client = await StationClient.connect(host.origin);
  await client.hello(host.secret);
  const registered = await call('sync:register', { serverUrl: server.url, token: await server.createToken('Shared Reader Site') });
  if (!registered.ok) throw new Error(registered.error.message);
  await registerOperators(server, ops);
  await until(async () => (await mode()) === 'locked', 'the registry to reach the station');
  card = new VpcdCard(operatorCard(ops.clerk), { port: pcscd.vpcdPorts[0] });
  await card.insert();
  await until(async () => {
    const status = await call('readers:status');
    return status.ok && (status.value.readers as { name: string; cardPresent: boolean }[]).some((r) => r.name === READER() && r.cardPresent);
  }, 'the operator card in the reader');
}, 90_000);

afterEach(() => {
  for (const p of others) p.kill();
  others.clear();
});

afterAll(async () => {
  await card?.remove().catch(() => undefined);
  client?.close();
  await host?.stop();
  await server?.stop();
  await pcscd?.stop();
  await dir?.remove();
});

describe('operator sign-in with another program using the card', () => {
  it('while the other program holds the card: "The card is being used by another program", still locked; once it lets go, the clerk signs in without re-inserting the card', async () => {
    const p = await other('hold');
    const busy = await signIn();
    expect(busy).toMatchObject({ ok: false, error: { code: 'CARD_IN_USE' } });
    expect(!busy.ok && busy.error.message).toMatch(/^The card is being used by another program/);
    expect(await mode()).toBe('locked');
    await p.stop();
    expect(await signIn()).toMatchObject({ ok: true, value: { mode: 'signed-in', operator: { name: 'Alice Clerk' } } });
    expect(await call('session:sign-out')).toMatchObject({ ok: true });
  });

  it('while the other program hammers the card (resetting it after each of its transactions): no sign-in is broken by its APDUs, and sign-in succeeds once it stops', async () => {
    const p = await other('hammer');
    for (let i = 0; i < 3; i += 1) {
      const reply = await signIn();
      // The PIN check and the signature are one transaction: a reset in between would have
      // made GENERAL AUTHENTICATE fail (security status not satisfied).
      if (reply.ok) {
        expect(reply.value).toMatchObject({ mode: 'signed-in' });
        expect(await call('session:sign-out')).toMatchObject({ ok: true });
      } else expect(reply.error.code).toBe('CARD_IN_USE');
    }
    const stopped = await p.stop();
    expect(stopped.errors).toEqual([]);
    expect(await signIn()).toMatchObject({ ok: true, value: { mode: 'signed-in' } });
  });
});
