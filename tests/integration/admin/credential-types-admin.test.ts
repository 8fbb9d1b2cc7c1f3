import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CredentialTypeImpact, CredentialTypeListResponse } from '../../../src/shared/contract/admin-credential-types';
import { PushResponse, type ServerErrorBody } from '../../../src/shared/contract/server-protocol';
import type { CredentialType } from '../../../src/shared/domain/credential-types';
import { request, startCentralServer, type CentralServer } from '../../support/central-server';
import { createOperators, registerOperators, type TestOperators } from '../../support/operators';
import { until } from '../../support/until';
import { createApplicant, enrollDevice, feedAfter, feedEnd, newStation, useCentralServer, type TestStation } from '../server/fixture';

/**
 * Station › Administration › Credential types on the server (issue 17): who may call each
 * route, create / preview / edit / retire with real counts, refusals in words with nothing
 * half-saved, the change reaching stations through the feed, and the one-time config import.
 */

const policy = { requiredFields: [], pinRequiredForDeviceEnrollment: true, acceptedCardTypes: ['piv' as const] };
const TYPES: z.input<typeof CredentialType>[] = [
  { id: 'piv-card-employee', name: 'PIV Card – Employee', policy: { ...policy, mobileCapable: false, supervisorApprovalRequired: false } },
  { id: 'mobile-pacs-employee', name: 'Mobile PACS – Employee', policy: { ...policy, mobileCapable: true, supervisorApprovalRequired: false } },
];
type Who = 'admin-key' | 'administrator' | 'supervisor' | 'clerk' | 'none';

describe('[PGlite] credential types administration', () => {
  const fx = useCentralServer('pglite', { config: { credentialTypes: TYPES } });
  let ops: TestOperators;
  let station: TestStation;
  beforeAll(async () => {
    ops = await createOperators();
    await registerOperators(fx.server, ops);
    station = await newStation(fx.server, 'Front desk');
  });

  const as = (who: Who, method: string, path: string, body?: unknown) =>
    request<ServerErrorBody & Record<string, unknown>>(fx.server.url, method, path, {
      ...(body === undefined ? {} : { body }),
      ...(who === 'admin-key'
        ? { authorization: `Bearer admin.${fx.server.adminKey}` }
        : { authorization: station.authorization, ...(who === 'none' ? {} : { headers: { 'x-operator': ops[who].fingerprint } }) }),
    });
  const list = async () => CredentialTypeListResponse.parse((await as('admin-key', 'GET', '/v1/admin/credential-types')).body).credentialTypes;
  async function push(mutation: Parameters<TestStation['entry']>[0]) {
    const response = await station.api.push([{ ...station.entry(mutation), operator: ops.clerk.fingerprint }]);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return PushResponse.parse(response.body).results[0]!;
  }

  it('only the admin key and Administrators may list, create, preview and edit; the others are refused in words', async () => {
    const expected: Record<Who, number | string> = { 'admin-key': 200, administrator: 200, supervisor: 'FORBIDDEN_ROLE', clerk: 'FORBIDDEN_ROLE', none: 'OPERATOR_REQUIRED' };
    for (const who of Object.keys(expected) as Who[]) {
      const id = `matrix-${who}`;
      const calls = [
        await as(who, 'GET', '/v1/admin/credential-types'),
        await as(who, 'POST', '/v1/admin/credential-types', { id, name: `Matrix ${who}`, policy: { ...policy, mobileCapable: false, supervisorApprovalRequired: false } }),
        await as(who, 'POST', '/v1/admin/credential-types/piv-card-employee/preview', { name: 'PIV Card – Staff' }),
        await as(who, 'PATCH', `/v1/admin/credential-types/${expected[who] === 200 ? id : 'piv-card-employee'}`, { name: `Matrix ${who} renamed` }),
      ];
      for (const call of calls) {
        if (expected[who] === 200) expect(call.status, `${who}: ${JSON.stringify(call.body)}`).toBe(200);
        else {
          expect(call.body.error.code, who).toBe(expected[who]);
          expect(call.body.error.message.length).toBeGreaterThan(20);
        }
      }
    }
    const names = (await list()).map((t) => t.type.name);
    expect(names).toContain('Matrix administrator renamed');
    expect(names).not.toContain('Matrix clerk');
    expect(names).toContain('PIV Card – Employee');
  });

  it('an id or name that exists and invalid fields are refused in words; nothing is saved, nothing published', async () => {
    const before = await list();
    const cursor = await feedEnd(station);
    const duplicate = await as('administrator', 'POST', '/v1/admin/credential-types', { id: 'piv-card-employee', name: 'Another PIV', policy: { ...policy, mobileCapable: false, supervisorApprovalRequired: false } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(duplicate.body.error.message).toContain('A credential type with id "piv-card-employee" already exists');
    const sameName = await as('administrator', 'POST', '/v1/admin/credential-types', { id: 'piv-two', name: 'pIV Card – Employee', policy: { ...policy, mobileCapable: false, supervisorApprovalRequired: false } });
    expect(sameName.body.error.code).toBe('ALREADY_EXISTS');
    const badId = await as('administrator', 'POST', '/v1/admin/credential-types', { id: 'Bad Id', name: 'Bad', policy: { ...policy, mobileCapable: false, supervisorApprovalRequired: false } });
    expect(badId.status).toBe(400);
    expect(badId.body.error.message).toContain('Use lower-case letters, digits and hyphens');
    const badMinutes = await as('administrator', 'PATCH', '/v1/admin/credential-types/piv-card-employee', { policy: { ...policy, mobileCapable: false, supervisorApprovalRequired: false, invitationValidMinutes: 0 } });
    expect(badMinutes.status).toBe(400);
    expect(badMinutes.body.error.message).toContain('invitationValidMinutes');
    const unknown = await as('administrator', 'PATCH', '/v1/admin/credential-types/no-such-type', { name: 'X' });
    expect(unknown.status).toBe(404);
    expect(await list()).toEqual(before);
    expect(await feedAfter(station, cursor)).toEqual([]);
  });

  it('the preview states what an edit means from real counts; saving publishes it and audits it', async () => {
    // Two applicants of the type without an email, one card whose credential is ISSUED.
    const first = createApplicant(station.stationId, { credentialTypeId: 'piv-card-employee', email: undefined });
    const second = createApplicant(station.stationId, { credentialTypeId: 'piv-card-employee', email: undefined });
    const employeeNumber = first.kind === 'applicant.create' ? first.applicant.employeeNumber : '';
    for (const m of [first, second, enrollDevice(station.stationId, employeeNumber, ['piv-card-employee'])]) expect((await push(m)).outcome).toBe('applied');

    const change = { policy: { ...policy, mobileCapable: false, supervisorApprovalRequired: true, requiredFields: ['email'] } };
    const cursor = await feedEnd(station);
    const preview = CredentialTypeImpact.parse((await as('administrator', 'POST', '/v1/admin/credential-types/piv-card-employee/preview', change)).body);
    expect(preview.statements).toContain('Supervisor approval: applies to devices enrolled from now on; the 1 credential already issued stay ISSUED.');
    expect(preview.statements).toContain('Required email: 2 applicants of this type have none; they keep their record, the next edit asks for it.');
    expect(preview.usage).toMatchObject({ applicants: 2, credentials: { ISSUED: 1 } });
    // A preview saves nothing.
    expect(await feedAfter(station, cursor)).toEqual([]);

    const saved = CredentialTypeImpact.parse((await as('administrator', 'PATCH', '/v1/admin/credential-types/piv-card-employee', change)).body);
    expect(saved.statements).toEqual(preview.statements);
    const feed = await feedAfter(station, cursor);
    const published = feed.map((e) => e.change).find((c) => c.kind === 'credential-types.set');
    expect(published && published.kind === 'credential-types.set' && published.credentialTypes.find((t) => t.id === 'piv-card-employee')?.policy.requiredFields).toEqual(['email']);
    const audit = await as('admin-key', 'GET', '/v1/admin/audit-log?action=credential-type.updated');
    expect(JSON.stringify(audit.body)).toContain('Ada Administrator');
    // The same edit again changes nothing and publishes nothing.
    const again = CredentialTypeImpact.parse((await as('administrator', 'PATCH', '/v1/admin/credential-types/piv-card-employee', change)).body);
    expect(again.changed).toBe(false);
  });

  it('a retired type stays on existing records but a new applicant with it is refused', async () => {
    const kept = createApplicant(station.stationId, { credentialTypeId: 'mobile-pacs-employee' });
    expect((await push(kept)).outcome).toBe('applied');
    const retire = CredentialTypeImpact.parse((await as('administrator', 'PATCH', '/v1/admin/credential-types/mobile-pacs-employee', { retired: true })).body);
    expect(retire.credentialType.retired).toBe(true);
    expect(retire.statements[0]).toContain('Retired: no longer offered or accepted for new applicants; the 1 applicant and 0 credentials of this type keep it');
    const refused = await push(createApplicant(station.stationId, { credentialTypeId: 'mobile-pacs-employee' }));
    expect(refused.outcome).toBe('refused');
    expect(JSON.stringify(refused)).toContain('INVALID_CREDENTIAL_TYPE');
    expect(JSON.stringify(refused)).toContain('was retired by an administrator');
    expect((await list()).find((t) => t.type.id === 'mobile-pacs-employee')).toMatchObject({ type: { retired: true }, usage: { applicants: 1 } });
  });
});

describe('[PGlite] credential types: server.config.json is imported once', () => {
  let dir: string;
  let server: CentralServer | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'types-import-'));
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('seeds the configured types on the first start; later a differing list is ignored with a warning', async () => {
    await writeFile(join(dir, 'server.config.json'), JSON.stringify({ credentialTypes: TYPES }));
    server = await startCentralServer({ backend: 'pglite', dataDir: dir });
    const get = async () => CredentialTypeListResponse.parse((await request(server!.url, 'GET', '/v1/admin/credential-types', { authorization: `Bearer admin.${server!.adminKey}` })).body).credentialTypes.map((t) => t.type.name);
    expect(await get()).toEqual(['PIV Card – Employee', 'Mobile PACS – Employee']);
    expect(server.logs()).not.toContain('they are ignored');

    const renamed = await request(server.url, 'PATCH', '/v1/admin/credential-types/piv-card-employee', { authorization: `Bearer admin.${server.adminKey}`, body: { name: 'PIV Card – Staff' } });
    expect(renamed.status).toBe(200);
    await writeFile(join(dir, 'server.config.json'), JSON.stringify({ credentialTypes: [TYPES[0]] }));
    await server.restart();
    expect(await get()).toEqual(['PIV Card – Staff', 'Mobile PACS – Employee']);
    await until(() => server!.logs().includes('they are managed in Station › Administration › Credential types now'), 'the warning that configured credential types are ignored');
  });
});
