import { beforeAll, expect, it } from 'vitest';
import { ApprovalRequiredResponse, GrantDecisionResponse, OperatorsAdminResponse, RegistryResponse, TrustResponse } from '../../../src/shared/contract/operator-protocol';
import { ServerErrorBody } from '../../../src/shared/contract/server-protocol';
import type { Role } from '../../../src/shared/domain/roles';
import { request } from '../../support/central-server';
import { createTestCa, untrustedOperator, type OperatorIdentity, type TestCa } from '../../support/operator-pki';
import { describeEachBackend, feedAfter, feedEnd, newStation, useCentralServer, type TestStation } from '../server/fixture';

/** Issue 17, Station › Administration › Operators and Trust on the server: roles, four eyes, the last Administrator, certificates refused in words. */

type Who = 'admin-key' | 'administrator' | 'supervisor' | 'clerk' | 'none';
const WHO: Who[] = ['admin-key', 'administrator', 'supervisor', 'clerk', 'none'];

describeEachBackend('Station › Administration: operators and trust', (backend) => {
  const fx = useCentralServer(backend);
  let ca: TestCa;
  let station: TestStation;
  const ids = {} as Record<'ada' | 'abe' | 'sam' | 'clara' | 'target' | 'newbie' | 'expired' | 'spare', OperatorIdentity>;
  let untrusted: OperatorIdentity;

  const adminKey = () => ({ authorization: `Bearer admin.${fx.server.adminKey}` });
  const as = (who: OperatorIdentity | undefined): { authorization: string; headers: Record<string, string> } => ({ authorization: station.authorization, headers: who ? { 'x-operator': who.fingerprint } : {} });
  const headersOf = (who: Who) => (who === 'admin-key' ? adminKey() : as(who === 'none' ? undefined : { administrator: ids.ada, supervisor: ids.sam, clerk: ids.clara }[who]));
  const call = <T = ServerErrorBody>(auth: { authorization: string; headers?: Record<string, string> }, method: string, path: string, body?: unknown) =>
    request<T>(fx.server.url, method, path, { ...auth, ...(body === undefined ? {} : { body }) });
  const details = async () => OperatorsAdminResponse.parse((await call(adminKey(), 'GET', '/v1/admin/operators/details')).body);
  const registry = async () => RegistryResponse.parse((await call({ authorization: station.authorization }, 'GET', '/v1/operators/registry')).body).registry;

  beforeAll(async () => {
    ca = await createTestCa('Example Corp Operator CA');
    const names = { ada: 'Ada Admin', abe: 'Abe Admin', sam: 'Sam Supervisor', clara: 'Clara Clerk', target: 'Tom Target', newbie: 'Nora New', spare: 'Sid Spare' };
    for (const [key, name] of Object.entries(names)) ids[key as keyof typeof ids] = await ca.issue({ name });
    ids.expired = await ca.issue({ name: 'Eve Expired', expired: true });
    untrusted = await untrustedOperator('Uma Untrusted');
    station = await newStation(fx.server, 'Front desk');
    expect((await call(adminKey(), 'POST', '/v1/admin/operators/cas', { certificatePem: ca.certificatePem })).status).toBe(200);
    const roles: Array<[OperatorIdentity, Role[]]> = [[ids.ada, ['administrator']], [ids.abe, ['administrator', 'supervisor']], [ids.sam, ['supervisor']], [ids.clara, ['clerk']], [ids.target, ['clerk']]];
    // The admin key is exempt from four eyes: it is how the first Administrators exist.
    for (const [who, r] of roles) expect((await call(adminKey(), 'POST', '/v1/admin/operators', { certificatePem: who.certificatePem, name: who.name, roles: r })).status).toBe(200);
  });

  it('role matrix: each new or changed route × admin key, administrator, supervisor, clerk, no operator', async () => {
    const allowed = (who: Who) => who === 'admin-key' || who === 'administrator';
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/v1/admin/operators/details'],
      ['GET', '/v1/admin/trust'],
      ['PATCH', `/v1/admin/operators/${ids.target.fingerprint}`, { roles: ['clerk'] }],
      ['POST', '/v1/admin/operators/cas', { certificatePem: ca.certificatePem }],
    ];
    for (const [method, path, body] of routes) {
      for (const who of WHO) {
        const response = await call(headersOf(who), method, path, body);
        if (allowed(who)) expect(response.status, `${method} ${path} by ${who}: ${JSON.stringify(response.body)}`).toBe(200);
        else {
          expect(response.status, `${method} ${path} by ${who}`).toBe(403);
          expect(response.body.error.code).toBe(who === 'none' ? 'OPERATOR_REQUIRED' : 'FORBIDDEN_ROLE');
        }
      }
    }
    // Adding, deciding and revoking: refused for those not allowed (nothing changes), allowed ones are exercised below.
    for (const who of ['supervisor', 'clerk', 'none'] as const) {
      const refusals = [
        await call(headersOf(who), 'POST', '/v1/admin/operators', { certificatePem: ids.spare.certificatePem, name: 'Sid', roles: ['clerk'] }),
        await call(headersOf(who), 'POST', `/v1/admin/operators/grants/${crypto.randomUUID()}/approve`, {}),
        await call(headersOf(who), 'POST', `/v1/admin/operators/grants/${crypto.randomUUID()}/reject`, {}),
        await call(headersOf(who), 'POST', '/v1/admin/operators/revoked-certificates', { fingerprint: ids.target.fingerprint, reason: 'x' }),
      ];
      expect(refusals.map((r) => r.status), who).toEqual([403, 403, 403, 403]);
    }
    expect((await details()).operators.find((o) => o.fingerprint === ids.spare.fingerprint)).toBeUndefined();
    // Unknown grants: 404 for the allowed.
    for (const who of ['admin-key', 'administrator'] as const) expect((await call(headersOf(who), 'POST', `/v1/admin/operators/grants/${crypto.randomUUID()}/approve`, {})).status).toBe(404);
  });

  it('the list: roles, certificate subject and expiry, status, last sign-in from the delivered audit chain', async () => {
    const list = await details();
    const clara = list.operators.find((o) => o.fingerprint === ids.clara.fingerprint)!;
    expect(clara).toMatchObject({ name: 'Clara Clerk', roles: ['clerk'], status: 'active', certificateSubject: 'Clara Clerk', lastSignInAt: null });
    expect(Date.parse(clara.certificateExpiresAt)).toBeGreaterThan(Date.now());
    const trust = TrustResponse.parse((await call(adminKey(), 'GET', '/v1/admin/trust')).body);
    expect(trust.cas).toEqual([expect.objectContaining({ subject: 'Example Corp Operator CA' })]);
  });

  it('certificates refused in words, nothing saved: expired, untrusted, already registered', async () => {
    const cursor = await feedEnd(station);
    const before = await registry();
    const expired = await call(as(ids.ada), 'POST', '/v1/admin/operators', { certificatePem: ids.expired.certificatePem, name: 'Eve', roles: ['clerk'] });
    expect(expired.status).toBe(400);
    expect(expired.body.error).toMatchObject({ code: 'CERTIFICATE_REJECTED', message: expect.stringContaining('expired on') });
    const rogue = await call(as(ids.ada), 'POST', '/v1/admin/operators', { certificatePem: untrusted.certificatePem, name: 'Uma', roles: ['clerk'] });
    expect(rogue.status).toBe(400);
    expect(rogue.body.error).toMatchObject({ code: 'CERTIFICATE_REJECTED', message: expect.stringContaining('not issued by a CA this server trusts') });
    const twice = await call(as(ids.ada), 'POST', '/v1/admin/operators', { certificatePem: ids.clara.certificatePem, name: 'Clara again', roles: ['supervisor'] });
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({ code: 'ALREADY_EXISTS', message: expect.stringContaining('already registered, to "Clara Clerk"') });
    expect(await registry()).toEqual(before);
    expect((await feedAfter(station, cursor)).filter((e) => e.change.kind === 'operator-registry.set')).toEqual([]);
  });

  it('four eyes: granting Administrator waits; the requester cannot approve; another Administrator approves or rejects', async () => {
    const cursor = await feedEnd(station);
    // Adding a new operator with Administrator: 202, nothing in the registry yet.
    const asked = await call<ApprovalRequiredResponse>(as(ids.ada), 'POST', '/v1/admin/operators', { certificatePem: ids.newbie.certificatePem, name: 'Nora New', roles: ['administrator'] });
    expect(asked.status).toBe(202);
    const grant = ApprovalRequiredResponse.parse(asked.body).grant;
    expect(asked.body.message).toContain('waits for a second Administrator\'s approval');
    expect(grant).toMatchObject({ name: 'Nora New', roles: ['administrator'], newOperator: true, requestedByName: 'Ada Admin' });
    expect((await registry()).operators.find((o) => o.fingerprint === ids.newbie.fingerprint)).toBeUndefined();
    expect((await details()).pendingGrants.map((g) => g.id)).toEqual([grant.id]);
    // A second request for the same certificate is refused while one waits.
    expect((await call(as(ids.abe), 'POST', '/v1/admin/operators', { certificatePem: ids.newbie.certificatePem, name: 'Nora', roles: ['administrator'] })).body.error.code).toBe('ALREADY_EXISTS');

    const own = await call(as(ids.ada), 'POST', `/v1/admin/operators/grants/${grant.id}/approve`, {});
    expect(own.status).toBe(403);
    expect(own.body.error).toMatchObject({ code: 'FOUR_EYES', message: expect.stringContaining('another Administrator must decide') });
    const approved = await call<GrantDecisionResponse>(as(ids.abe), 'POST', `/v1/admin/operators/grants/${grant.id}/approve`, {});
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(GrantDecisionResponse.parse(approved.body)).toMatchObject({ decision: 'approved', operator: { name: 'Nora New', roles: ['administrator'] } });
    expect((await registry()).operators.find((o) => o.fingerprint === ids.newbie.fingerprint)?.roles).toEqual(['administrator']);
    // The change reached the feed as a whole registry, once.
    const sets = (await feedAfter(station, cursor)).filter((e) => e.change.kind === 'operator-registry.set');
    expect(sets).toHaveLength(1);
    expect((await call(as(ids.abe), 'POST', `/v1/admin/operators/grants/${grant.id}/reject`, {})).status).toBe(409);

    // Adding Administrator to an existing operator; rejected by another Administrator: nothing changes.
    const promote = await call<ApprovalRequiredResponse>(as(ids.ada), 'PATCH', `/v1/admin/operators/${ids.target.fingerprint}`, { roles: ['clerk', 'administrator'] });
    expect(promote.status).toBe(202);
    const rejected = await call<GrantDecisionResponse>(as(ids.newbie), 'POST', `/v1/admin/operators/grants/${promote.body.grant.id}/reject`, { reason: 'Not needed' });
    expect(rejected.status).toBe(200);
    expect((await registry()).operators.find((o) => o.fingerprint === ids.target.fingerprint)?.roles).toEqual(['clerk']);
    expect((await details()).pendingGrants).toEqual([]);
    // The server audit log has each step under its Administrator.
    const log = await call<{ entries: Array<{ action: string; actorName: string | null }> }>(adminKey(), 'GET', '/v1/admin/audit-log?limit=20');
    const actions = log.body.entries.map((e) => `${e.action} by ${e.actorName}`);
    expect(actions).toEqual(expect.arrayContaining(['operator-registry.grant-requested by Ada Admin', 'operator-registry.grant-approved by Abe Admin', 'operator-registry.grant-rejected by Nora New']));
  });

  it('the last enabled Administrator and one\'s own Administrator role are protected', async () => {
    // One\'s own role: refused even while other Administrators exist.
    const self = await call(as(ids.abe), 'PATCH', `/v1/admin/operators/${ids.abe.fingerprint}`, { roles: ['supervisor'] });
    expect(self.status).toBe(409);
    expect(self.body.error).toMatchObject({ code: 'LAST_ADMINISTRATOR', message: expect.stringContaining('your own Administrator role') });
    // Leave one enabled Administrator (Ada): disable Abe and Nora (allowed, others remain).
    for (const who of [ids.abe, ids.newbie]) expect((await call(as(ids.ada), 'PATCH', `/v1/admin/operators/${who.fingerprint}`, { disabled: true })).status).toBe(200);
    for (const [method, path, body] of [
      ['PATCH', `/v1/admin/operators/${ids.ada.fingerprint}`, { disabled: true }],
      ['PATCH', `/v1/admin/operators/${ids.ada.fingerprint}`, { roles: ['clerk'] }],
      ['POST', '/v1/admin/operators/revoked-certificates', { fingerprint: ids.ada.fingerprint, reason: 'Leaving' }],
    ] as const) {
      const refused = await call(adminKey(), method, path, body);
      expect(refused.status, `${method} ${path}`).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'LAST_ADMINISTRATOR', message: expect.stringContaining('Ada Admin is the last enabled Administrator') });
    }
    expect((await registry()).operators.find((o) => o.fingerprint === ids.ada.fingerprint)).toMatchObject({ disabled: false, roles: ['administrator'] });
    // Enabled again, Abe counts: Ada may now be disabled by him.
    expect((await call(as(ids.ada), 'PATCH', `/v1/admin/operators/${ids.abe.fingerprint}`, { disabled: false })).status).toBe(200);
    expect((await call(as(ids.abe), 'POST', '/v1/admin/operators/revoked-certificates', { fingerprint: ids.target.fingerprint, reason: 'Card lost' })).status).toBe(200);
    const list = await details();
    expect(list.operators.find((o) => o.fingerprint === ids.target.fingerprint)?.status).toBe('certificate-revoked');
    expect(list.operators.find((o) => o.fingerprint === ids.newbie.fingerprint)?.status).toBe('disabled');
    const trust = TrustResponse.parse((await call(adminKey(), 'GET', '/v1/admin/trust')).body);
    expect(trust.revokedCertificates).toEqual([expect.objectContaining({ fingerprint: ids.target.fingerprint, reason: 'Card lost', operatorName: 'Tom Target' })]);
  });
});
