import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WatchlistResponse } from '../../../src/shared/contract/watchlist-protocol';
import { request } from '../../support/central-server';
import { createOperators, OPERATOR_PIN, operatorCard, registerOperators, type TestOperators } from '../../support/operators';
import type { OperatorIdentity } from '../../support/operator-pki';
import { VpcdCard } from '../../support/pcsc/vpcd-card';
import { startStationStack, type StationStack } from '../../support/station-stack';
import { until } from '../../support/until';

/**
 * Issue 17, the station's `watchlist:get` over the real stack (web host, private pcscd with
 * virtual operator cards, central server): who may call it, that it answers what the server
 * holds now, and that offline it refuses (ADMIN_OFFLINE) rather than answer from a copy.
 */
type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
let stack: StationStack;
let ops: TestOperators;
let card: VpcdCard | undefined;
const raw = (input: unknown) => stack.client.call('watchlist:get', input) as Promise<Reply>;
const code = (reply: Reply) => (reply.ok ? 'ok' : reply.error.code);
const mode = async () => ((await stack.call('session:get')) as { mode: string }).mode;

async function holds(present: boolean): Promise<void> {
  await until(async () => {
    const status = (await stack.call('readers:status')) as { readers: { name: string; cardPresent: boolean }[] };
    return status.readers.some((r) => r.name === stack.pcscd.readerNames[0] && r.cardPresent === present);
  }, `reader 0 to ${present ? 'hold' : 'lose'} a card`);
}

/** Takes the card out (the station locks), then signs `who` in with theirs. */
async function signInAs(who: OperatorIdentity | undefined): Promise<void> {
  if (card) {
    await card.remove();
    card = undefined;
    await holds(false);
  }
  await until(async () => (await mode()) === 'locked', 'the station to lock');
  if (!who) return;
  card = new VpcdCard(operatorCard(who), { port: stack.pcscd.vpcdPorts[0] });
  await card.insert();
  await holds(true);
  const session = (await stack.call('session:sign-in', { readerName: stack.pcscd.readerNames[0], pin: OPERATOR_PIN })) as { mode: string };
  expect(session.mode).toBe('signed-in');
}

beforeAll(async () => {
  stack = await startStationStack({ prefix: 'admin-watchlist-station-', stationName: 'Badging Office 5' });
  ops = await createOperators();
  await registerOperators(stack.server, ops);
  await stack.register();
  await until(async () => (await mode()) === 'locked', 'sign-in to be configured from the registry', 30_000);
}, 120_000);

afterAll(async () => {
  await card?.remove().catch(() => undefined);
  await stack?.stop();
});

describe('Administration › Watchlist at the station', () => {
  it('watchlist:get × locked, clerk: refused; supervisor, administrator: the server’s answer for the hours asked', async () => {
    await signInAs(undefined);
    expect(code(await raw({}))).toBe('NOT_SIGNED_IN');
    await signInAs(ops.clerk);
    expect(code(await raw({}))).toBe('FORBIDDEN_ROLE');
    for (const who of [ops.supervisor, ops.administrator]) {
      await signInAs(who);
      const reply = await raw({ approvalHours: 2 });
      expect(code(reply), who.name).toBe('ok');
      const answer = WatchlistResponse.parse((reply as { value: unknown }).value);
      expect([answer.invitations.olderThanHours, answer.approvals.olderThanHours, answer.stations.olderThanHours]).toEqual([24, 2, 24]);
      // The same as the server says directly (nothing kept at the station).
      const direct = WatchlistResponse.parse((await request(stack.server.url, 'GET', '/v1/admin/watchlist?approvalHours=2', { authorization: `Bearer admin.${stack.server.adminKey}` })).body);
      expect({ ...answer, serverTime: '' }).toEqual({ ...direct, serverTime: '' });
    }
    expect(code(await raw({ stationHours: 0 }))).toBe('VALIDATION_FAILED');
  });

  it('offline: ADMIN_OFFLINE, saying administration is read-only until the server answers', async () => {
    await stack.server.kill();
    const reply = await raw({});
    expect(reply).toMatchObject({ ok: false, error: { code: 'ADMIN_OFFLINE', message: expect.stringContaining('read-only until the server answers again') } });
    await stack.server.restart();
    await until(async () => code(await raw({})) === 'ok', 'the watchlist once the server is back');
  });
});
