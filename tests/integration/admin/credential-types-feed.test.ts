import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Station } from '../../../src/main/station';
import { StationSummary } from '../../../src/shared/contract/server-protocol';
import type { CredentialType } from '../../../src/shared/domain/credential-types';
import { request, startCentralServer, type CentralServer } from '../../support/central-server';
import { openStation } from '../../support/sync-harness';
import { until } from '../../support/until';
import { scratchDir } from '../../support/web-host';

/**
 * Issue 17: a policy change made through the server's API reaches every station through
 * the feed and changes what their Add Applicant asks for; a retired type is refused by the
 * stations (main) for new applicants while existing records keep it.
 */

const policy = { pinRequiredForDeviceEnrollment: false, supervisorApprovalRequired: false, mobileCapable: false };
const TYPES: z.input<typeof CredentialType>[] = [
  { id: 'piv-card-employee', name: 'PIV Card – Employee', policy: { ...policy, requiredFields: [], acceptedCardTypes: ['piv'] } },
  { id: 'prox-card-visitor', name: 'Proximity Card – Visitor', policy: { ...policy, requiredFields: [], acceptedCardTypes: ['contactless-uid'] } },
];

let server: CentralServer;
let dir: { path: string; remove(): Promise<void> };
const stations: Station[] = [];

beforeAll(async () => {
  dir = await scratchDir('types-feed-');
  server = await startCentralServer({ backend: 'pglite', dataDir: join(dir.path, 'server') });
}, 60_000);
afterAll(async () => {
  for (const s of stations) await s.close();
  await server?.stop();
  await dir?.remove();
});

const admin = (method: string, path: string, body?: unknown) => request(server.url, method, path, { authorization: `Bearer admin.${server.adminKey}`, ...(body === undefined ? {} : { body }) });

async function registered(name: string): Promise<Station> {
  const station = await openStation(join(dir.path, name), { name });
  stations.push(station);
  await station.handlers['sync:register']({ serverUrl: server.url, token: await server.createToken() });
  return station;
}

describe('a credential type policy changed on the server, at two stations', () => {
  it('reaches both through the feed: Add Applicant asks for the email; a retired type is refused for new applicants and stays on the old ones', async () => {
    // The server seeded its defaults; replace the two types used here through the API.
    for (const type of TYPES) expect((await admin('PATCH', `/v1/admin/credential-types/${type.id}`, { name: type.name, policy: type.policy })).status).toBe(200);
    const [front, annex] = [await registered('Front desk'), await registered('Annex')];
    const piv = (s: Station) => s.handlers['credential-types:list'](undefined).then((types) => types.find((t) => t.id === 'piv-card-employee'));
    for (const s of [front, annex]) await until(async () => (await piv(s))?.policy.requiredFields.length === 0 || undefined, 'the types at each station');

    const visitor = await annex.handlers['applicants:create']({ firstName: 'Vera', lastName: 'Visitor', credentialTypeId: 'prox-card-visitor' });
    expect((await annex.handlers['applicants:create']({ firstName: 'Nia', lastName: 'Noemail', credentialTypeId: 'piv-card-employee' })).employeeNumber).toMatch(/^\d+$/);

    const edit = await admin('PATCH', '/v1/admin/credential-types/piv-card-employee', { policy: { ...TYPES[0]!.policy, requiredFields: ['email'] } });
    expect(edit.status).toBe(200);
    for (const s of [front, annex]) await until(async () => (await piv(s))?.policy.requiredFields.includes('email') || undefined, 'the new policy at each station');
    await expect(annex.handlers['applicants:create']({ firstName: 'Ed', lastName: 'Noemail', credentialTypeId: 'piv-card-employee' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fieldErrors: { email: ['EMAIL ADDRESS is required for the credential type PIV Card – Employee'] } },
    });
    expect((await front.handlers['applicants:create']({ firstName: 'Ed', lastName: 'Withemail', credentialTypeId: 'piv-card-employee', email: 'ed@example.org' })).email).toBe('ed@example.org');

    expect((await admin('PATCH', '/v1/admin/credential-types/prox-card-visitor', { retired: true })).status).toBe(200);
    const retired = (s: Station) => s.handlers['credential-types:list'](undefined).then((types) => types.find((t) => t.id === 'prox-card-visitor')?.retired);
    for (const s of [front, annex]) await until(() => retired(s), 'the retirement at each station');
    await expect(front.handlers['applicants:create']({ firstName: 'Late', lastName: 'Visitor', credentialTypeId: 'prox-card-visitor' })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIAL_TYPE',
      message: expect.stringContaining('Proximity Card – Visitor is retired'),
    });
    expect((await annex.handlers['applicants:get']({ employeeNumber: visitor.employeeNumber })).applicant.credentialTypeId).toBe('prox-card-visitor');

    // Each station told the server how many changes it still had waiting: none, once synced.
    await until(async () => {
      const list = z.array(StationSummary).parse((await admin('GET', '/v1/admin/stations')).body);
      return list.length === 2 && list.every((s) => s.waitingChanges === 0) ? list : undefined;
    }, 'both stations reporting an empty outbox');
  });
});
