import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperators, OPERATOR_PIN, operatorCard, registerOperators, type TestOperators } from '../../support/operators';
import type { OperatorIdentity } from '../../support/operator-pki';
import { VpcdCard } from '../../support/pcsc/vpcd-card';
import { startStationStack, type StationStack } from '../../support/station-stack';
import { until } from '../../support/until';

/**
 * Issue 17, the station's channels for Administration › Operators and Trust over the real
 * stack (web host, private pcscd with virtual operator cards, central server): who may call
 * each, and a registry change made there reaching the station through the feed.
 */
type Reply = { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string; message: string } };
let stack: StationStack;
let ops: TestOperators;
const inReader: (VpcdCard | undefined)[] = [undefined, undefined];
const raw = (channel: string, input?: unknown) => stack.client.call(channel, input) as Promise<Reply>;
const code = (reply: Reply) => (reply.ok ? 'ok' : reply.error.code);

async function holds(slot: 0 | 1, present: boolean): Promise<void> {
  await until(async () => {
    const status = (await stack.call('readers:status')) as { readers: { name: string; cardPresent: boolean }[] };
    return status.readers.some((r) => r.name === stack.pcscd.readerNames[slot] && r.cardPresent === present);
  }, `reader ${slot} to ${present ? 'hold' : 'lose'} a card`);
}

/** Takes out what is in the reader (the station notices), then puts `who`'s card in. */
async function put(slot: 0 | 1, who: OperatorIdentity | undefined): Promise<void> {
  if (inReader[slot]) {
    await inReader[slot].remove();
    inReader[slot] = undefined;
    await holds(slot, false);
  }
  if (who) {
    inReader[slot] = new VpcdCard(operatorCard(who), { port: stack.pcscd.vpcdPorts[slot] });
    await inReader[slot].insert();
    await holds(slot, true);
  }
}

async function signInAs(who: OperatorIdentity | undefined): Promise<void> {
  await put(0, undefined);
  await until(async () => ((await stack.call('session:get')) as { mode: string }).mode === 'locked', 'the station to lock');
  if (!who) return;
  await put(0, who);
  const session = (await stack.call('session:sign-in', { readerName: stack.pcscd.readerNames[0], pin: OPERATOR_PIN })) as { mode: string };
  expect(session.mode).toBe('signed-in');
}

beforeAll(async () => {
  stack = await startStationStack({ prefix: 'admin-operators-station-', stationName: 'Badging Office 4' });
  ops = await createOperators();
  await registerOperators(stack.server, ops);
  await stack.register();
  await until(async () => ((await stack.call('session:get')) as { mode: string }).mode === 'locked', 'sign-in to be configured from the registry', 30_000);
}, 120_000);

afterAll(async () => {
  for (const card of inReader) await card?.remove().catch(() => undefined);
  await stack?.stop();
});

const FINGERPRINT = 'f'.repeat(64);
const CHANNELS: Array<[string, unknown]> = [
  ['admin-operators:list', undefined],
  ['admin-operators:add', { source: { kind: 'file', certificate: 'not a certificate' }, name: 'X', roles: ['clerk'] }],
  ['admin-operators:set-roles', { fingerprint: FINGERPRINT, roles: ['clerk'] }],
  ['admin-operators:set-disabled', { fingerprint: FINGERPRINT, disabled: true }],
  ['admin-operators:revoke', { fingerprint: FINGERPRINT, reason: 'x' }],
  ['admin-operators:decide-grant', { grantId: '7f0c1a8e-3f64-4b0f-9d8e-0c1a2b3c4d5e', decision: 'approve' }],
  ['admin-trust:get', undefined],
  ['admin-trust:add-ca', { certificate: 'not a certificate' }],
  ['admin-trust:refresh', undefined],
];

describe('Administration › Operators and Trust at the station', () => {
  it('every channel × locked, clerk, supervisor: refused; administrator: reaches the server', async () => {
    for (const [who, want] of [[undefined, 'NOT_SIGNED_IN'], [ops.clerk, 'FORBIDDEN_ROLE'], [ops.supervisor, 'FORBIDDEN_ROLE']] as const) {
      await signInAs(who);
      for (const [channel, input] of CHANNELS) expect(code(await raw(channel, input)), `${channel} by ${who?.name ?? 'locked'}`).toBe(want);
    }
    await signInAs(ops.administrator);
    const answers = Object.fromEntries(await Promise.all(CHANNELS.map(async ([channel, input]) => [channel, code(await raw(channel, input))] as const)));
    expect(answers).toEqual({
      'admin-operators:list': 'ok',
      'admin-operators:add': 'VALIDATION_FAILED',
      'admin-operators:set-roles': 'ADMIN_REFUSED',
      'admin-operators:set-disabled': 'ADMIN_REFUSED',
      'admin-operators:revoke': 'ok',
      'admin-operators:decide-grant': 'ADMIN_REFUSED',
      'admin-trust:get': 'ok',
      'admin-trust:add-ca': 'VALIDATION_FAILED',
      'admin-trust:refresh': 'ok',
    });
  });

  it('an Administrator adds an operator from the card in a reader; the registry reaches the station and they sign in', async () => {
    await signInAs(ops.administrator);
    // The expired card is refused in words; nothing is added.
    await put(1, ops.expired);
    const expired = await raw('admin-operators:add', { source: { kind: 'card', readerName: stack.pcscd.readerNames[1] }, name: 'Eve Expired', roles: ['clerk'] });
    expect(expired).toMatchObject({ ok: false, error: { code: 'ADMIN_REFUSED', message: expect.stringContaining('expired on') } });
    await put(1, ops.unregistered);
    const added = await stack.call<{ outcome: string; message: string }>('admin-operators:add', { source: { kind: 'card', readerName: stack.pcscd.readerNames[1] }, name: 'Nina Nobody', roles: ['clerk'] });
    expect(added.outcome).toBe('done');
    const list = await stack.call<{ operators: Array<{ name: string; status: string }> }>('admin-operators:list');
    expect(list.operators.map((o) => o.name)).toContain('Nina Nobody');
    expect(list.operators.map((o) => o.name)).not.toContain('Eve Expired');
    await put(1, undefined);
    // Through the feed: the station's own registry copy now knows her, so she can sign in here.
    await signInAs(ops.unregistered);
    expect(((await stack.call('session:get')) as { operator: { name: string; roles: string[] } }).operator).toMatchObject({ name: 'Nina Nobody', roles: ['clerk'] });
  });
});
