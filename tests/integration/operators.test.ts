import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_FILE } from '../../src/main/config';
import { startCentralServer, request, type CentralServer } from '../support/central-server';
import { createOperators, OPERATOR_PIN, operatorCard, registerOperators, type TestOperators } from '../support/operators';
import type { OperatorIdentity } from '../support/operator-pki';
import { startPrivatePcscd, type PrivatePcscd } from '../support/pcsc/private-pcscd';
import { pivCard } from '../support/pcsc/virtual-cards';
import { VpcdCard } from '../support/pcsc/vpcd-card';
import { StationClient } from '../support/station-client';
import { FAST_SYNC } from '../support/sync-harness';
import { until } from '../support/until';
import { scratchDir, startWebHost, type RunningHost } from '../support/web-host';

/**
 * Operator sign-in, roles, four eyes and the audit trail over the real stack: the station
 * (web host process, its contract over WebSocket) → a private pcscd → virtual operator
 * cards with keys and certificates from a test CA; a real central server holding the
 * operator registry. Nothing mocked.
 */
const exec = promisify(execFile);
const ROOT = resolve(__dirname, '../..');

let pcscd: PrivatePcscd;
let dir: Awaited<ReturnType<typeof scratchDir>>;
let server: CentralServer;
let host: RunningHost;
let client: StationClient;
let ops: TestOperators;
const inReader: (VpcdCard | undefined)[] = [undefined, undefined];

type Reply = { ok: true; value: Record<string, unknown> & Record<string, never> } | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };
const call = (channel: string, input?: unknown) => client.call(channel, input) as Promise<Reply>;
const reader = (slot: 0 | 1) => pcscd.readerNames[slot]!;
const errorCode = (reply: Reply) => (reply.ok ? 'ok' : reply.error.code);

async function value<T = Record<string, unknown>>(reply: Promise<Reply>): Promise<T> {
  const r = await reply;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

async function cardPresent(slot: 0 | 1, present: boolean): Promise<void> {
  await until(async () => {
    const status = await call('readers:status');
    return status.ok && (status.value.readers as unknown as { name: string; cardPresent: boolean }[]).some((r) => r.name === reader(slot) && r.cardPresent === present);
  }, `reader ${slot} to ${present ? 'hold' : 'lose'} its card`);
}

async function insert(slot: 0 | 1, behaviour: ConstructorParameters<typeof VpcdCard>[0]): Promise<VpcdCard> {
  await eject(slot);
  const card = new VpcdCard(behaviour, { port: pcscd.vpcdPorts[slot] });
  await card.insert();
  inReader[slot] = card;
  await cardPresent(slot, true);
  return card;
}

async function eject(slot: 0 | 1): Promise<void> {
  const card = inReader[slot];
  if (!card) return;
  inReader[slot] = undefined;
  await card.remove();
  await cardPresent(slot, false);
}

async function session() {
  return value<{ mode: string; operator: { name: string; roles: string[] } | null; lockedBecause: string | null; allowed: string[] }>(call('session:get'));
}

/** Puts the operator's card in reader 0 and signs in with the PIN. */
async function signIn(who: OperatorIdentity) {
  await insert(0, operatorCard(who));
  return value<{ mode: string; operator: { name: string; roles: string[] } }>(call('session:sign-in', { readerName: reader(0), pin: OPERATOR_PIN }));
}

async function signInFails(who: OperatorIdentity | ReturnType<typeof pivCard>, pin = OPERATOR_PIN) {
  await insert(0, 'kind' in who ? who : operatorCard(who));
  const reply = await call('session:sign-in', { readerName: reader(0), pin });
  expect((await session()).mode).toBe('locked');
  return reply.ok ? { code: 'ok', message: '' } : reply.error;
}

async function enrollPending(firstName: string): Promise<{ employeeNumber: string; deviceId: string; credentialId: string }> {
  const applicant = await value<{ employeeNumber: string }>(
    call('applicants:create', { firstName, lastName: 'Contractor', credentialTypeId: 'mobile-pacs-contractor', email: `${firstName.toLowerCase()}@contractor.example` }),
  );
  await insert(1, pivCard({ serial: String(500_000 + firstName.length * 7 + firstName.charCodeAt(0)) }));
  const device = await value<{ id: string; credentials: { id: string; status: string }[] }>(
    call('devices:enroll', { employeeNumber: applicant.employeeNumber, readerName: reader(1), pin: '123456' }),
  );
  await eject(1);
  expect(device.credentials[0]!.status).toBe('PENDING');
  return { employeeNumber: applicant.employeeNumber, deviceId: device.id, credentialId: device.credentials[0]!.id };
}

async function startHost(env: NodeJS.ProcessEnv = {}): Promise<void> {
  host = await startWebHost({ dataDir: join(dir.path, 'station'), keyFile: join(dir.path, 'keys', 'station.key'), env: { ...pcscd.env, ...env } });
  client = await StationClient.connect(host.origin);
  await client.hello(host.secret);
}

beforeAll(async () => {
  pcscd = await startPrivatePcscd();
  dir = await scratchDir('operators-');
  ops = await createOperators();
  server = await startCentralServer({ backend: 'pglite', dataDir: join(dir.path, 'server') });
  await mkdir(join(dir.path, 'station'), { recursive: true });
  await writeFile(join(dir.path, 'station', CONFIG_FILE), JSON.stringify({ stationName: 'Remote Site 4', sync: FAST_SYNC }));
  await startHost();
}, 60_000);

afterAll(async () => {
  for (const card of inReader) await card?.remove().catch(() => undefined);
  client?.close();
  await host?.stop();
  await server?.stop();
  await pcscd?.stop();
  await dir?.remove();
});

describe('operator sign-in with a digital certificate', () => {
  it('works as the local account (setup mode) until the organisation trusts a CA, then locks and refuses everything but sign-in', async () => {
    expect(await session()).toMatchObject({ mode: 'setup', operator: null });
    await value(call('sync:register', { serverUrl: server.url, token: await server.createToken('Remote Site 4') }));
    await registerOperators(server, ops);

    await until(async () => (await session()).mode === 'locked', 'the registry to reach the station');
    expect(await session()).toMatchObject({ mode: 'locked', lockedBecause: 'start', allowed: [] });
    expect(errorCode(await call('applicants:search', { text: 'a' }))).toBe('NOT_SIGNED_IN');
    expect(errorCode(await call('applicants:create', { firstName: 'Ann', lastName: 'Lee', credentialTypeId: 'piv-card-employee' }))).toBe('NOT_SIGNED_IN');
    expect(errorCode(await call('readers:status'))).toBe('ok'); // the lock screen still shows the readers
  });

  it('refuses expired, untrusted, revoked and unregistered certificates, a card without one, and a wrong PIN, without ever signing in', async () => {
    expect(await signInFails(ops.expired)).toMatchObject({ code: 'CERT_EXPIRED' });
    expect(await signInFails(ops.untrusted)).toMatchObject({ code: 'CERT_UNTRUSTED' });
    expect(await signInFails(ops.revoked)).toMatchObject({ code: 'CERT_REVOKED' });
    expect(await signInFails(ops.unregistered)).toMatchObject({ code: 'OPERATOR_NOT_REGISTERED' });
    expect(await signInFails(pivCard({ serial: '777001' }))).toMatchObject({ code: 'NOT_AN_OPERATOR_CARD' });

    const wrongPin = await signInFails(ops.clerk, '999999');
    expect(wrongPin).toMatchObject({ code: 'PIN_INCORRECT' });
    expect(wrongPin.message).toMatch(/2 tries left|2 attempts/i);
  });

  it('signs a clerk in with the right PIN; their roles decide what main lets them do', async () => {
    const state = await signIn(ops.clerk);
    expect(state).toMatchObject({ mode: 'signed-in', operator: { name: 'Alice Clerk', roles: ['clerk'] } });
    expect((await session()).allowed.sort()).toEqual(['applicant.create', 'device.enroll', 'invitation.issue', 'review.resolve']);
    expect(errorCode(await call('audit:list', { text: '' }))).toBe('FORBIDDEN_ROLE');
    // …but a person's History is for every operator.
    expect(errorCode(await call('audit:list', { employeeNumber: '10000000', text: '' }))).toBe('ok');
  });

  it('locks the station when the operator card is removed', async () => {
    const before = client.events.length;
    await eject(0);
    await until(async () => (await session()).mode === 'locked', 'the station to lock');
    expect(await session()).toMatchObject({ mode: 'locked', lockedBecause: 'card-removed', operator: null });
    expect(client.events.slice(before).some((e) => e.event === 'session:changed' && (e.payload as { lockedBecause?: string }).lockedBecause === 'card-removed')).toBe(true);
    expect(errorCode(await call('applicants:search', { text: 'a' }))).toBe('NOT_SIGNED_IN');
  });
});

/** Every role-checked channel, called with input that passes the schema, so only the role can refuse it. */
const GUARDED: [string, () => unknown, string[]][] = [
  ['applicants:create', () => ({ firstName: 'Matrix', lastName: `Person ${Math.random().toString(36).slice(2, 8)}`, credentialTypeId: 'piv-card-employee' }), ['clerk']],
  ['devices:enroll', () => ({ employeeNumber: '19999999', readerName: reader(1), pin: '123456' }), ['clerk']],
  ['mobile:invite', () => ({ employeeNumber: '19999999', credentialId: 'no-such-credential' }), ['clerk']],
  ['reviews:resolve', () => ({ reviewId: '00000000-0000-4000-8000-000000000000', resolution: 'keep-both' }), ['clerk', 'supervisor']],
  ['approvals:decide', () => ({ deviceId: 'no-such-device', credentialId: 'no-such-credential', decision: 'approve' }), ['supervisor']],
  ['mobile:set-status', () => ({ credentialId: 'no-such-credential', action: 'suspend', reason: 'Lost phone' }), ['supervisor']],
  ['audit:list', () => ({ text: '' }), ['supervisor', 'administrator']],
  ['audit:export', () => ({ format: 'csv' }), ['supervisor', 'administrator']],
  ['sync:register', () => ({ serverUrl: 'http://127.0.0.1:9', token: 'EST-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA' }), ['administrator']],
  ['applicants:search', () => ({ text: 'x' }), ['clerk', 'supervisor', 'administrator']],
  ['approvals:list', () => undefined, ['clerk', 'supervisor', 'administrator']],
];

describe('authorization in the main process: every role-checked action × every role', () => {
  for (const role of ['clerk', 'supervisor', 'administrator'] as const) {
    it(`a ${role} may do exactly what the roles table allows`, async () => {
      await signIn(ops[role]);
      const refused: string[] = [];
      for (const [channel, input, roles] of GUARDED) {
        const code = errorCode(await call(channel, input()));
        if (code === 'FORBIDDEN_ROLE' || code === 'NOT_SIGNED_IN') refused.push(channel);
        if (roles.includes(role)) expect.soft(code, channel).not.toMatch(/FORBIDDEN_ROLE|NOT_SIGNED_IN/);
        else expect.soft(code, channel).toBe('FORBIDDEN_ROLE');
      }
      expect(refused.sort()).toEqual(GUARDED.filter(([, , roles]) => !roles.includes(role)).map(([c]) => c).sort());
      await eject(0);
      await until(async () => (await session()).mode === 'locked', 'the station to lock');
    });
  }

  it('a locked station refuses every one of them', async () => {
    for (const [channel, input] of GUARDED) expect.soft(errorCode(await call(channel, input())), channel).toBe('NOT_SIGNED_IN');
  });
});

describe('supervisor approvals with four eyes', () => {
  let alices: Awaited<ReturnType<typeof enrollPending>>;
  let carls: Awaited<ReturnType<typeof enrollPending>>;

  it('a credential type that needs approval leaves the new credential Pending, and pickup is refused with that reason', async () => {
    await signIn(ops.clerk);
    alices = await enrollPending('Priya');
    const pickup = await call('mobile:invite', { employeeNumber: alices.employeeNumber, credentialId: alices.credentialId });
    expect(pickup).toMatchObject({ ok: false, error: { code: 'CREDENTIAL_PENDING' } });
  });

  it('the operator who enrolled a person can never decide on their credential, even holding every role', async () => {
    await signIn(ops.allRoles);
    carls = await enrollPending('Quentin');
    const list = await value<{ credentialId: string; mayDecide: boolean; whyNot?: string; requestedBy: string }[]>(call('approvals:list'));
    expect(list.find((a) => a.credentialId === carls.credentialId)).toMatchObject({ mayDecide: false, requestedBy: 'Carl Everything', whyNot: expect.stringMatching(/another supervisor/) });
    expect(list.find((a) => a.credentialId === alices.credentialId)).toMatchObject({ mayDecide: true, requestedBy: 'Alice Clerk' });
    const self = await call('approvals:decide', { deviceId: carls.deviceId, credentialId: carls.credentialId, decision: 'approve' });
    expect(self).toMatchObject({ ok: false, error: { code: 'FOUR_EYES' } });
  });

  it('another supervisor approves one and rejects the other with a reason; the server agrees and the clerk can then hand out the phone credential', async () => {
    await signIn(ops.supervisor);
    const approved = await value<{ credentials: { status: string; decision: { decidedBy: string } }[] }>(
      call('approvals:decide', { deviceId: alices.deviceId, credentialId: alices.credentialId, decision: 'approve' }),
    );
    expect(approved.credentials[0]).toMatchObject({ status: 'ISSUED', decision: { decidedBy: 'Sam Supervisor' } });
    const rejectWithoutReason = await call('approvals:decide', { deviceId: carls.deviceId, credentialId: carls.credentialId, decision: 'reject' });
    expect(errorCode(rejectWithoutReason)).toBe('VALIDATION_FAILED');
    const rejected = await value<{ credentials: { status: string }[] }>(
      call('approvals:decide', { deviceId: carls.deviceId, credentialId: carls.credentialId, decision: 'reject', reason: 'Contract not signed yet' }),
    );
    expect(rejected.credentials[0]!.status).toBe('REJECTED');
    expect(await value<unknown[]>(call('approvals:list'))).toEqual([]);

    // The decisions reach the server (which re-checks them) and nothing waits.
    await until(async () => (await value<{ waiting: number }>(call('sync:now'))).waiting === 0, 'the decisions to reach the server');
    const status = await value<{ lastRefusal?: unknown }>(call('sync:status'));
    expect(status.lastRefusal ?? null).toBeNull();

    await signIn(ops.clerk);
    const invitation = await value<{ code: string }>(call('mobile:invite', { employeeNumber: alices.employeeNumber, credentialId: alices.credentialId }));
    expect(invitation.code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const refused = await call('mobile:invite', { employeeNumber: carls.employeeNumber, credentialId: carls.credentialId });
    expect(refused.ok).toBe(false);
  });
});

describe('a supervisor at a remote site', () => {
  it('approves offline; the decision waits in the outbox, and the server re-checks and applies it once it is back', async () => {
    await signIn(ops.clerk);
    const person = await enrollPending('Rosa');
    await until(async () => (await value<{ waiting: number }>(call('sync:now'))).waiting === 0, 'the enrollment to reach the server');

    await server.kill('SIGTERM');
    await signIn(ops.supervisor);
    const decided = await value<{ credentials: { status: string }[] }>(call('approvals:decide', { deviceId: person.deviceId, credentialId: person.credentialId, decision: 'approve' }));
    expect(decided.credentials[0]!.status).toBe('ISSUED');
    expect((await value<{ waiting: number; state: string }>(call('sync:status'))).waiting).toBe(1);

    await server.restart();
    await until(async () => (await value<{ waiting: number }>(call('sync:status'))).waiting === 0, 'the decision to reach the server', 30_000);
    expect((await value<{ lastRefusal?: unknown }>(call('sync:status'))).lastRefusal ?? null).toBeNull();
    await signIn(ops.clerk);
    const invitation = await value<{ credential: { status: string } }>(call('mobile:invite', { employeeNumber: person.employeeNumber, credentialId: person.credentialId }));
    expect(invitation.credential.status).toBe('ISSUED');
    await eject(0);
  });
});

describe('the audit trail', () => {
  it('records who did what, chained and signed; the server holds the same chain; the signed export verifies, and a changed byte does not', async () => {
    await signIn(ops.supervisor);
    await until(async () => (await value<{ waiting: number }>(call('sync:now'))).waiting === 0, 'sync');
    const page = await until(async () => {
      const p = await value<{ entries: { action: string; operator: string; operatorFingerprint?: string; summary: string }[]; chain: { ok: boolean; head: { seq: number; hash: string } | null; acknowledgedHead: { seq: number } | null } }>(call('audit:list', { text: '', limit: 1000 }));
      // Everything up to the newest entry delivered (the sign-in just now included).
      return p.chain.acknowledgedHead?.seq === p.chain.head?.seq ? p : undefined;
    }, 'the audit trail to reach the server');
    expect(page.chain.ok).toBe(true);
    const actions = page.entries.map((e) => `${e.action} ${e.operator}`);
    expect(actions).toEqual(expect.arrayContaining([
      'operator.sign-in-failed Eve Expired',
      'operator.sign-in-failed Rex Revoked',
      'operator.signed-in Alice Clerk',
      'applicant.created Alice Clerk',
      'device.enrolled Alice Clerk',
      'credential.approved Sam Supervisor',
      'credential.rejected Sam Supervisor',
      'invitation.issued Alice Clerk',
      'operator.signed-out Alice Clerk',
      'configuration.changed Central server',
    ]));
    expect(page.entries.find((e) => e.action === 'applicant.created' && e.operator === 'Alice Clerk')!.operatorFingerprint).toBe(ops.clerk.fingerprint);

    const stationId = (await value<{ stationId: string }>(call('station:get-info'))).stationId;
    const held = await request<{ entries: unknown[]; publicKey: string; head: { seq: number; hash: string } }>(server.url, 'GET', `/v1/admin/audit/${stationId}`, { authorization: `Bearer admin.${server.adminKey}` });
    expect(held.status).toBe(200);
    expect(held.body.head).toEqual(page.chain.head);

    const bundle = await value<{ fileName: string; content: string }>(call('audit:export', { format: 'bundle' }));
    const file = join(dir.path, bundle.fileName);
    await writeFile(file, bundle.content);
    const good = await exec(process.execPath, ['--import', 'tsx', 'src/main/audit/verify-cli.ts', file, '--public-key', held.body.publicKey], { cwd: ROOT });
    expect(good.stdout).toMatch(/^INTACT: \d+ entries/);

    const tampered = bundle.content.replace('Contract not signed yet', 'Contract not signed yes');
    expect(tampered).not.toBe(bundle.content);
    await writeFile(file, tampered);
    const bad = await exec(process.execPath, ['--import', 'tsx', 'src/main/audit/verify-cli.ts', file], { cwd: ROOT }).catch((e: { code: number; stdout: string }) => e);
    expect(bad).toMatchObject({ code: 1, stdout: expect.stringMatching(/NOT INTACT[\s\S]*was changed after it was written/) });

    const csv = await value<{ content: string }>(call('audit:export', { format: 'csv' }));
    expect(csv.content.split('\r\n')[0]).toBe('seq,at,action,employeeNumber,recordId,operator,operatorFingerprint,stationId,stationName,summary,prevHash,hash,signature');
    expect(csv.content).toContain('credential.rejected');
    await eject(0);
  });
});

describe('offline, the revocation list ages', () => {
  it('fails closed once the station has not reached the server for more than 24 hours, and signs in again once it has', async () => {
    await server.kill('SIGTERM');
    client.close();
    await host.stop();
    await startHost({ ENROLLMENT_STATION_CLOCK_OFFSET_MS: String(25 * 3600_000) });
    const stale = await signInFails(ops.clerk);
    expect(stale).toMatchObject({ code: 'REVOCATION_LIST_STALE', message: expect.stringMatching(/24 hours/) });

    await server.restart();
    await until(async () => (await value<{ state: string }>(call('sync:status'))).state === 'online', 'the station to reach the server again', 30_000);
    expect(await signIn(ops.clerk)).toMatchObject({ mode: 'signed-in' });
    await eject(0);
  });
});
