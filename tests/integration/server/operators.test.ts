import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, expect, it } from 'vitest';
import type { z } from 'zod';
import { AuditHeadResponse, OperatorResponse, RegistryResponse } from '../../../src/shared/contract/operator-protocol';
import { InvitationResponse } from '../../../src/shared/contract/mobile-protocol';
import { PushResponse, ServerErrorBody, type Mutation, type MutationResult } from '../../../src/shared/contract/server-protocol';
import type { CredentialType } from '../../../src/shared/domain/credential-types';
import { PERMISSIONS, type Action, type Role } from '../../../src/shared/domain/roles';
import { request } from '../../support/central-server';
import { createTestCa, untrustedOperator, type OperatorIdentity, type TestCa } from '../../support/operator-pki';
import { applicant, createApplicant, describeEachBackend, enrollDevice, feedAfter, feedEnd, newStation, useCentralServer, type TestStation } from './fixture';

/** Issue 7 on the server: the registry, role enforcement on every path, approvals with four eyes. */

const policy = { requiredFields: [], pinRequiredForDeviceEnrollment: true, acceptedCardTypes: ['piv' as const] };
const TYPES: z.input<typeof CredentialType>[] = [
  { id: 'mobile-pacs-employee', name: 'Mobile PACS – Employee', policy: { ...policy, mobileCapable: true, supervisorApprovalRequired: false } },
  { id: 'mobile-pacs-contractor', name: 'Mobile PACS – Contractor', policy: { ...policy, mobileCapable: true, supervisorApprovalRequired: true } },
  { id: 'piv-card-employee', name: 'PIV Card – Employee', policy: { ...policy, mobileCapable: false, supervisorApprovalRequired: false } },
];

type Principal = 'clerk' | 'supervisor' | 'administrator' | 'none' | 'unknown' | 'revoked' | 'disabled';
const PRINCIPALS: Principal[] = ['clerk', 'supervisor', 'administrator', 'none', 'unknown', 'revoked', 'disabled'];
const ROLE_OF: Partial<Record<Principal, Role>> = { clerk: 'clerk', supervisor: 'supervisor', administrator: 'administrator' };

/** What PERMISSIONS says `who` gets for `action`: null = allowed, else the refusal code. */
function expected(who: Principal, action: Action): string | null {
  if (who === 'none') return 'OPERATOR_REQUIRED';
  if (who === 'unknown' || who === 'disabled') return 'OPERATOR_UNKNOWN';
  if (who === 'revoked') return 'OPERATOR_REVOKED';
  return PERMISSIONS[action].includes(ROLE_OF[who]!) ? null : 'FORBIDDEN_ROLE';
}

describeEachBackend('operators, roles and approvals', (backend) => {
  const fx = useCentralServer(backend, { config: { credentialTypes: TYPES } });
  const admin = (): string => `Bearer admin.${fx.server.adminKey}`;
  let ca: TestCa;
  const ids = {} as Record<'clerk' | 'supervisor' | 'supervisor2' | 'administrator' | 'boss' | 'unknown' | 'revoked' | 'disabled', OperatorIdentity>;
  let station: TestStation;

  beforeAll(async () => {
    ca = await createTestCa();
    for (const [key, name] of Object.entries({ clerk: 'Clara Clerk', supervisor: 'Sam Supervisor', supervisor2: 'Sue Supervisor', administrator: 'Ada Admin', boss: 'Bo Everything', unknown: 'Uma Unknown', revoked: 'Rex Revoked', disabled: 'Dee Disabled' })) {
      ids[key as keyof typeof ids] = await ca.issue({ name });
    }
  });
  // A station per test: one test's failure cannot leave another's outbox out of step.
  beforeEach(async () => {
    station = await newStation(fx.server, 'Front desk');
  });

  const fp = (who: Principal): string | undefined => (who === 'none' ? undefined : ids[who as keyof typeof ids].fingerprint);
  const asOperator = (who: Principal): Record<string, string> => {
    const f = fp(who);
    return f ? { 'x-operator': f } : {};
  };
  async function push(mutation: Mutation, operator: string | undefined): Promise<MutationResult> {
    const entry = { ...station.entry(mutation), ...(operator ? { operator } : {}) };
    const response = await station.api.push([entry]);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return PushResponse.parse(response.body).results[0]!;
  }
  const adminCall = (method: string, path: string, body?: unknown) => request<ServerErrorBody>(fx.server.url, method, path, { authorization: admin(), ...(body === undefined ? {} : { body }) });

  it('before a CA is trusted, nothing changes: no operator needed, stations cannot administer, the registry is empty', async () => {
    const result = await push(createApplicant(station.stationId), undefined);
    expect(result.outcome).toBe('applied');
    const registry = RegistryResponse.parse((await request(fx.server.url, 'GET', '/v1/operators/registry', { authorization: station.authorization })).body).registry;
    expect(registry).toMatchObject({ caCertificates: [], operators: [], revokedCertificates: [] });
    const asStation = await request(fx.server.url, 'GET', '/v1/admin/stations', { authorization: station.authorization, headers: { 'x-operator': ids.administrator.fingerprint } });
    expect(asStation.status).toBe(401);
    // Adding an operator needs a trusted CA first.
    const early = await adminCall('POST', '/v1/admin/operators', { certificatePem: ids.clerk.certificatePem, name: 'Clara Clerk', roles: ['clerk'] });
    expect(early.status).toBe(400);
    expect(early.body.error.message).toContain('Trust the CA');
  });

  const roles: Record<string, Role[]> = { clerk: ['clerk'], supervisor: ['supervisor'], supervisor2: ['supervisor'], administrator: ['administrator'], boss: ['clerk', 'supervisor', 'administrator'], revoked: ['clerk', 'supervisor', 'administrator'], disabled: ['clerk', 'supervisor', 'administrator'] };
  let configuring: Promise<number> | undefined;
  /** Trusts the CA and adds the operators once (whichever test runs first), checking each step; resolves with the feed cursor before. */
  const configured = (): Promise<number> => (configuring ??= configure());
  async function configure(): Promise<number> {
    const cursor = await feedEnd(station);
    const notCa = await adminCall('POST', '/v1/admin/operators/cas', { certificatePem: ids.clerk.certificatePem });
    expect(notCa.status).toBe(400);
    expect(notCa.body.error.message).toContain('not a CA certificate');
    const garbage = await adminCall('POST', '/v1/admin/operators/cas', { certificatePem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' });
    expect(garbage.status).toBe(400);

    // A long poll wakes for the first registry change.
    const woken = station.api.pull({ after: cursor, wait: 20 });
    expect((await adminCall('POST', '/v1/admin/operators/cas', { certificatePem: ca.certificatePem })).status).toBe(200);
    expect((await woken).body.changes.map((c) => c.change.kind)).toContain('operator-registry.set');

    const rogue = await untrustedOperator('Rogue');
    const untrusted = await adminCall('POST', '/v1/admin/operators', { certificatePem: rogue.certificatePem, name: 'Rogue', roles: ['administrator'] });
    expect(untrusted.status).toBe(400);
    expect(untrusted.body.error.message).toContain('not issued by a CA this server trusts');
    const claimed = await adminCall('POST', '/v1/admin/operators', { certificatePem: ids.clerk.certificatePem, name: 'Clara', roles: ['clerk'], fingerprint: 'f'.repeat(64) });
    expect(claimed.status).toBe(400);

    for (const [key, list] of Object.entries(roles)) {
      const id = ids[key as keyof typeof ids];
      const added = await adminCall('POST', '/v1/admin/operators', { certificatePem: id.certificatePem, name: id.name, roles: list });
      expect(added.status, JSON.stringify(added.body)).toBe(200);
      expect(OperatorResponse.parse(added.body).operator).toEqual({ fingerprint: id.fingerprint, name: id.name, roles: list, disabled: false });
    }
    expect((await adminCall('PATCH', `/v1/admin/operators/${ids.disabled.fingerprint}`, { disabled: true })).status).toBe(200);
    expect((await adminCall('POST', '/v1/admin/operators/revoked-certificates', { fingerprint: ids.revoked.fingerprint, reason: 'Card lost' })).status).toBe(200);
    expect((await adminCall('PATCH', `/v1/admin/operators/${'a'.repeat(64)}`, { disabled: true })).status).toBe(404);

    return cursor;
  }

  it('trust-ca and add-operator check certificates on the server and compute fingerprints there; every change reaches the feed whole', async () => {
    const cursor = await configured();
    const served = RegistryResponse.parse((await request(fx.server.url, 'GET', '/v1/operators/registry', { authorization: station.authorization })).body).registry;
    expect(served.caCertificates).toHaveLength(1);
    expect(served.operators.map((o) => o.fingerprint)).toEqual(Object.keys(roles).map((k) => ids[k as keyof typeof ids].fingerprint));
    expect(served.operators.find((o) => o.fingerprint === ids.disabled.fingerprint)?.disabled).toBe(true);
    expect(served.revokedCertificates).toEqual([expect.objectContaining({ fingerprint: ids.revoked.fingerprint, reason: 'Card lost' })]);

    // One feed entry per change, each carrying the whole registry; the last one is what the server serves.
    const sets = (await feedAfter(station, cursor)).filter((e) => e.change.kind === 'operator-registry.set');
    expect(sets).toHaveLength(1 + Object.keys(roles).length + 2);
    expect(sets.at(-1)!.change).toEqual({ kind: 'operator-registry.set', registry: served });
  });

  it('pushed mutations: each kind × each principal is applied or refused as PERMISSIONS says; a refusal never blocks the queue', async () => {
    await configured();
    // Preconditions for the allowed ones: an open review per role that may resolve, a Pending credential.
    const reviews: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const email = `dup-${randomUUID()}@example.org`;
      await push(createApplicant(station.stationId, { email }), ids.clerk.fingerprint);
      const second = await push(createApplicant(station.stationId, { email }), ids.clerk.fingerprint);
      reviews.push(second.reviewsOpened[0]!.id);
    }
    const person = applicant(station.stationId);
    await push({ kind: 'applicant.create', applicant: person }, ids.clerk.fingerprint);
    const pending = enrollDevice(station.stationId, person.employeeNumber, ['mobile-pacs-contractor']);
    const enrolled = await push(pending, ids.clerk.fingerprint);
    expect(enrolled.device!.credentials[0]!.status).toBe('PENDING');
    const device = (pending as Extract<Mutation, { kind: 'device.enroll' }>).device;

    const mutationFor = (kind: Mutation['kind']): Mutation => {
      switch (kind) {
        case 'applicant.create':
          return createApplicant(station.stationId);
        case 'device.enroll':
          return enrollDevice(station.stationId, person.employeeNumber, ['piv-card-employee']);
        case 'review.resolve':
          return { kind, reviewId: reviews.shift() ?? randomUUID(), resolution: 'keep-both', resolvedBy: 'x', resolvedAt: new Date().toISOString() };
        case 'credential.decide':
          return { kind, deviceId: device.id, credentialId: device.credentials[0]!.id, decision: 'approve', reason: '', decidedBy: 'x', decidedAt: new Date().toISOString() };
      }
    };
    for (const kind of ['applicant.create', 'device.enroll', 'review.resolve', 'credential.decide'] as const) {
      // Refused principals first (so the review ids and the Pending credential are left for the allowed ones).
      const order = [...PRINCIPALS].sort((a, b) => Number(expected(a, kind) === null) - Number(expected(b, kind) === null));
      for (const who of order) {
        const want = expected(who, kind);
        // A refused resolution names no real review: were it applied, the push would fail loudly (409 NOT_FOUND).
        const mutation: Mutation =
          want === null || kind !== 'review.resolve' ? mutationFor(kind) : { kind, reviewId: randomUUID(), resolution: 'keep-both', resolvedBy: 'x', resolvedAt: new Date().toISOString() };
        const result = await push(mutation, fp(who));
        if (want === null) expect(result.outcome, `${kind} by ${who}: ${JSON.stringify(result.refusal)}`).toBe('applied');
        else expect({ outcome: result.outcome, code: result.refusal?.code }, `${kind} by ${who}`).toEqual({ outcome: 'refused', code: want });
      }
    }
    // Nothing of the refused decisions was applied: the supervisor's approval was the one that counted.
    const decided = (await feedAfter(station, 0)).filter((e) => e.change.kind === 'device.upserted' && e.change.device.id === device.id).at(-1)!;
    expect(decided.change.kind === 'device.upserted' && decided.change.device.credentials[0]).toMatchObject({ status: 'ISSUED', decision: { decision: 'approve', decidedBy: 'Sam Supervisor', decidedByFingerprint: ids.supervisor.fingerprint } });

    // A refused entry in the middle of a batch: the rest is applied, the sequence advances, a retry is refused the same way.
    const refusedEntry = { ...station.entry(createApplicant(station.stationId)), operator: ids.supervisor.fingerprint };
    const next = { ...station.entry(createApplicant(station.stationId)), operator: ids.clerk.fingerprint };
    const batch = PushResponse.parse((await station.api.push([refusedEntry, next])).body);
    expect(batch.results.map((r) => r.outcome)).toEqual(['refused', 'applied']);
    expect(batch.results[0]!.refusal).toEqual({ code: 'FORBIDDEN_ROLE', message: expect.stringContaining('Only a Clerk may add applicants') });
    expect(batch.lastAppliedSeq).toBe(next.seq);
    const retry = PushResponse.parse((await station.api.push([refusedEntry, next])).body);
    expect(retry.results.map((r) => r.outcome)).toEqual(['refused', 'already-applied']);
    expect(retry.results[0]!.refusal).toEqual(batch.results[0]!.refusal);
    // The created record names its creator.
    expect(batch.results[1]!.applicant!.createdByFingerprint).toBe(ids.clerk.fingerprint);
  });

  it('online requests: invitations, Suspend / Resume / Revoke and the admin endpoints × each principal, with X-Operator', async () => {
    await configured();
    const person = applicant(station.stationId);
    await push({ kind: 'applicant.create', applicant: person }, ids.clerk.fingerprint);
    const enroll = enrollDevice(station.stationId, person.employeeNumber, ['mobile-pacs-employee']);
    await push(enroll, ids.clerk.fingerprint);
    const credentialId = (enroll as Extract<Mutation, { kind: 'device.enroll' }>).device.credentials[0]!.id;

    const check = async (who: Principal, action: Action, call: (headers: Record<string, string>) => Promise<{ status: number; body: unknown }>): Promise<void> => {
      const response = await call(asOperator(who));
      const want = expected(who, action);
      if (want === null) expect(response.status, `${action} by ${who}: ${JSON.stringify(response.body)}`).toBe(200);
      else {
        expect(response.status, `${action} by ${who}`).toBe(403);
        expect(ServerErrorBody.parse(response.body).error.code, `${action} by ${who}`).toBe(want);
      }
    };
    const order = (action: Action): Principal[] => [...PRINCIPALS].sort((a, b) => Number(expected(a, action) === null) - Number(expected(b, action) === null));
    const stationCall = (method: string, path: string, body?: unknown) => (headers: Record<string, string>) =>
      request(fx.server.url, method, path, { authorization: station.authorization, headers, ...(body === undefined ? {} : { body }) });

    for (const who of order('invitation.issue')) await check(who, 'invitation.issue', stationCall('POST', '/v1/invitations', { credentialId, requestedBy: 'Clerk' }));
    for (const action of ['suspend', 'resume', 'revoke']) {
      for (const who of order('credential.lifecycle')) await check(who, 'credential.lifecycle', stationCall('POST', `/v1/credentials/${credentialId}/status`, { action, reason: 'Testing roles', changedBy: 'x' }));
    }
    for (const who of PRINCIPALS) {
      await check(who, 'admin.configure', stationCall('GET', '/v1/admin/stations'));
      await check(who, 'admin.configure', stationCall('GET', '/v1/admin/operators'));
      await check(who, 'admin.configure', stationCall('POST', '/v1/admin/station-tokens', {}));
      await check(who, 'admin.configure', stationCall('PATCH', `/v1/admin/operators/${ids.clerk.fingerprint}`, { roles: ['clerk'] }));
      await check(who, 'audit.view', stationCall('GET', '/v1/admin/audit-log'));
      await check(who, 'audit.view', stationCall('GET', `/v1/admin/audit/${station.stationId}`));
    }
    // A refusal names the role needed, in words.
    const refused = await stationCall('POST', '/v1/invitations', { credentialId, requestedBy: 'x' })(asOperator('supervisor'));
    expect(ServerErrorBody.parse(refused.body).error.message).toContain('Only a Clerk may issue mobile credential invitations');
    // What an administrator did through a station is in the server audit log under their name.
    const log = await request<{ entries: Array<{ action: string; actor: string; actorKind: string; stationId: string | null }> }>(fx.server.url, 'GET', '/v1/admin/audit-log?action=operator-registry.operator-changed', { authorization: admin() });
    expect(log.body.entries[0]).toMatchObject({ actorKind: 'operator', actor: ids.administrator.fingerprint, stationId: station.stationId });
  });

  it('four eyes: whoever added the person or enrolled the device never decides, whatever their roles; another supervisor does', async () => {
    await configured();
    const cases: Array<{ creator: OperatorIdentity; enroller: OperatorIdentity }> = [
      { creator: ids.boss, enroller: ids.boss },
      { creator: ids.boss, enroller: ids.clerk },
      { creator: ids.clerk, enroller: ids.boss },
    ];
    for (const { creator, enroller } of cases) {
      const person = applicant(station.stationId);
      await push({ kind: 'applicant.create', applicant: person }, creator.fingerprint);
      const enroll = enrollDevice(station.stationId, person.employeeNumber, ['mobile-pacs-contractor']);
      const enrolled = await push(enroll, enroller.fingerprint);
      expect(enrolled.device).toMatchObject({ enrolledByFingerprint: enroller.fingerprint });
      const device = (enroll as Extract<Mutation, { kind: 'device.enroll' }>).device;
      const decide = (decision: 'approve' | 'reject'): Mutation => ({ kind: 'credential.decide', deviceId: device.id, credentialId: device.credentials[0]!.id, decision, reason: decision === 'reject' ? 'No' : '', decidedBy: 'x', decidedAt: new Date().toISOString() });
      for (const decision of ['approve', 'reject'] as const) {
        const own = await push(decide(decision), ids.boss.fingerprint);
        expect(own).toMatchObject({ outcome: 'refused', refusal: { code: 'FOUR_EYES', message: 'You enrolled this person, so another supervisor must approve their credential.' } });
        // The refusal carries the server's device, so a station that decided offline shows Pending again.
        expect(own.device!.credentials[0]).toMatchObject({ status: 'PENDING' });
      }
      const other = await push(decide('approve'), ids.supervisor2.fingerprint);
      expect(other.outcome).toBe('applied');
      expect(other.device!.credentials[0]).toMatchObject({ status: 'ISSUED', decision: { decision: 'approve', decidedByFingerprint: ids.supervisor2.fingerprint, stationId: station.stationId } });
    }
  });

  it('approve makes the mobile pickup possible and wakes the clerk’s long poll; reject is final; a second decision is refused', async () => {
    await configured();
    const invite = (credentialId: string) =>
      request<InvitationResponse & ServerErrorBody>(fx.server.url, 'POST', '/v1/invitations', { body: { credentialId, requestedBy: 'x' }, authorization: station.authorization, headers: asOperator('clerk') });
    const pendingCredential = async () => {
      const person = applicant(station.stationId);
      await push({ kind: 'applicant.create', applicant: person }, ids.clerk.fingerprint);
      const enroll = enrollDevice(station.stationId, person.employeeNumber, ['mobile-pacs-contractor']);
      await push(enroll, ids.clerk.fingerprint);
      const device = (enroll as Extract<Mutation, { kind: 'device.enroll' }>).device;
      return { deviceId: device.id, credentialId: device.credentials[0]!.id };
    };
    const decide = (c: { deviceId: string; credentialId: string }, decision: 'approve' | 'reject', reason = ''): Mutation => ({ kind: 'credential.decide', ...c, decision, reason, decidedBy: 'x', decidedAt: new Date().toISOString() });

    const approved = await pendingCredential();
    const before = await invite(approved.credentialId);
    expect(before.status).toBe(409);
    expect(before.body.error.code).toBe('CREDENTIAL_PENDING');
    const cursor = await feedEnd(station);
    const clerkStation = await newStation(fx.server, 'Clerk desk');
    const woken = clerkStation.api.pull({ after: cursor, wait: 20 });
    expect((await push(decide(approved, 'approve'), ids.supervisor.fingerprint)).outcome).toBe('applied');
    const feed = (await woken).body.changes;
    expect(feed.find((e) => e.change.kind === 'device.upserted' && e.change.device.credentials[0]!.id === approved.credentialId)?.change).toMatchObject({ device: { credentials: [{ status: 'ISSUED' }] } });
    const after = await invite(approved.credentialId);
    expect(after.status, JSON.stringify(after.body)).toBe(200);
    expect(InvitationResponse.parse(after.body).credential.status).toBe('ISSUED');

    const again = await push(decide(approved, 'reject', 'Changed my mind'), ids.supervisor2.fingerprint);
    expect(again).toMatchObject({ outcome: 'refused', refusal: { code: 'TRANSITION_NOT_ALLOWED', message: expect.stringContaining('already approved by Sam Supervisor') } });
    // The first decision wins: the refused station is told which one it was.
    expect(again.device!.credentials[0]).toMatchObject({ status: 'ISSUED', decision: { decision: 'approve' } });

    const rejected = await pendingCredential();
    const noReason = await push(decide(rejected, 'reject', ''), ids.supervisor.fingerprint);
    expect(noReason).toMatchObject({ outcome: 'refused', refusal: { code: 'BAD_REQUEST' } });
    const rejection = await push(decide(rejected, 'reject', 'Contract not signed'), ids.supervisor.fingerprint);
    expect(rejection.device!.credentials[0]).toMatchObject({ status: 'REJECTED', decision: { decision: 'reject', reason: 'Contract not signed' } });
    const pickup = await invite(rejected.credentialId);
    expect(pickup.status).toBe(409);
    expect(pickup.body.error).toMatchObject({ code: 'CREDENTIAL_NOT_ISSUABLE', message: expect.stringContaining('rejected this credential (Contract not signed)') });
    const late = await push(decide(rejected, 'approve'), ids.supervisor2.fingerprint);
    expect(late).toMatchObject({ outcome: 'refused', refusal: { code: 'TRANSITION_NOT_ALLOWED', message: expect.stringContaining('already rejected') } });
  });

  it('the admin key still works once sign-in is configured, and every use is in the server audit log as break-glass', async () => {
    await configured();
    await fx.server.createToken('After sign-in');
    const log = await request<{ entries: Array<{ action: string; actorKind: string; details: Record<string, unknown> }> }>(fx.server.url, 'GET', '/v1/admin/audit-log?action=break-glass.used&limit=5', { authorization: admin() });
    expect(log.status).toBe(200);
    expect(log.body.entries[0]).toMatchObject({ action: 'break-glass.used', actorKind: 'admin-key', details: { method: 'GET', route: '/v1/admin/audit-log', signInConfigured: true } });
    expect(log.body.entries[1]).toMatchObject({ details: { method: 'POST', route: '/v1/admin/station-tokens' } });
    const head = AuditHeadResponse.parse((await request(fx.server.url, 'GET', '/v1/audit/head', { authorization: station.authorization })).body);
    expect(head).toMatchObject({ head: null, publicKey: null });
  });
});
