import { describe, expect, it } from 'vitest';
import type { Handlers } from '../../shared/contract';
import { adminCredentialTypesChannels } from '../../shared/contract/admin-credential-types';
import { adminStationsChannels } from '../../shared/contract/admin-stations';
import { StationError } from '../../shared/contract/errors';
import { DEFAULT_CREDENTIAL_TYPES } from '../../shared/domain/credential-types';
import { PERMISSIONS, type Action, type Role } from '../../shared/domain/roles';
import { guardHandlers } from '../operators/channel-access';
import { SyncFailure, type ServerClient } from '../sync/server-client';
import type { AdminDeps } from './admin-server';
import { createCredentialTypesAdmin } from './credential-types-admin';
import { createStationsAdmin } from './stations-admin';

const STATION_ID = '0b6f2d9e-5c1a-4a8e-9f3b-2d7c6e1a4b55';
const piv = DEFAULT_CREDENTIAL_TYPES[2]!;
const impact = { credentialType: piv, changed: true, statements: ['Name: …'], usage: { applicants: 0, credentials: {} } };
const station = {
  stationId: STATION_ID,
  stationName: 'Front desk',
  registeredAt: '2026-11-01T09:00:00.000Z',
  revokedAt: null,
  lastAppliedSeq: 0,
  lastSeenAt: null,
  site: null,
  revokedReason: null,
  waitingChanges: null,
  auditHeadSeq: null,
};
/** What the server would answer for each path. */
const ANSWERS: Record<string, unknown> = {
  'GET /v1/admin/credential-types': { credentialTypes: [{ type: piv, usage: { applicants: 1, credentials: { ISSUED: 2 } } }] },
  'POST /v1/admin/credential-types': { credentialType: piv },
  'POST /v1/admin/credential-types/piv-card-employee/preview': impact,
  'PATCH /v1/admin/credential-types/piv-card-employee': impact,
  'GET /v1/admin/stations': [station],
  'POST /v1/admin/station-tokens': { token: 'EST-AAAAA-BBBBB-CCCCC-DDDDD-EEEEE', expiresAt: '2026-12-10T08:00:00.000Z' },
  [`POST /v1/admin/stations/${STATION_ID}/revoke`]: { ...station, revokedAt: '2026-12-07T09:00:00.000Z', revokedReason: 'Stolen' },
};
const INPUTS: Record<string, unknown> = {
  'admin-credential-types:list': undefined,
  'admin-credential-types:create': { id: 'piv-card-employee', name: piv.name, policy: piv.policy },
  'admin-credential-types:preview': { id: 'piv-card-employee', change: { name: 'PIV' } },
  'admin-credential-types:update': { id: 'piv-card-employee', change: { retired: true } },
  'admin-stations:list': undefined,
  'admin-stations:create-token': { stationName: 'Annex', expiresInHours: 4 },
  'admin-stations:revoke': { stationId: STATION_ID, reason: 'Stolen' },
};

function deps(admin: ServerClient['admin'] | null): AdminDeps {
  return { store: { data: { stationId: STATION_ID } }, serverClient: () => (admin ? ({ admin } as unknown as ServerClient) : undefined) } as unknown as AdminDeps;
}
const asked: Array<[string, string, unknown]> = [];
const server: ServerClient['admin'] = async (method, path, schema, body) => {
  asked.push([method, path, body]);
  return schema.parse(ANSWERS[`${method} ${path}`]);
};
const handlers = (admin: ServerClient['admin'] | null = server) => ({ ...createCredentialTypesAdmin(deps(admin)), ...createStationsAdmin(deps(admin)) }) as unknown as Handlers;
const call = (h: Handlers, channel: string) => (h as unknown as Record<string, (input: unknown) => Promise<unknown>>)[channel]!(INPUTS[channel]);

describe('credential types and stations administration (main)', () => {
  const channels = [...Object.keys(adminCredentialTypesChannels), ...Object.keys(adminStationsChannels)];

  it.each(['administrator', 'supervisor', 'clerk', 'locked'] as const)('every channel × %s: only an Administrator reaches the server', async (who) => {
    const session = {
      require(action: Action) {
        if (who === 'locked') throw new StationError('NOT_SIGNED_IN', 'Sign in first.');
        if (!PERMISSIONS[action].includes(who as Role)) throw new StationError('FORBIDDEN_ROLE', 'Only an Administrator may do this.');
      },
      requireSignedIn() {
        if (who === 'locked') throw new StationError('NOT_SIGNED_IN', 'Sign in first.');
      },
    };
    const guarded = guardHandlers(handlers(), session);
    for (const channel of channels) {
      asked.length = 0;
      const outcome = call(guarded, channel);
      if (who === 'administrator') {
        await expect(outcome, channel).resolves.toBeDefined();
        expect(asked, channel).toHaveLength(1);
      } else {
        await expect(outcome, channel).rejects.toMatchObject({ code: who === 'locked' ? 'NOT_SIGNED_IN' : 'FORBIDDEN_ROLE' });
        expect(asked, channel).toEqual([]);
      }
    }
  });

  it('relays each call to its server path with the change, and names this station in the list', async () => {
    asked.length = 0;
    const h = handlers();
    for (const channel of channels) await call(h, channel);
    expect(asked).toEqual([
      ['GET', '/v1/admin/credential-types', undefined],
      ['POST', '/v1/admin/credential-types', INPUTS['admin-credential-types:create']],
      ['POST', '/v1/admin/credential-types/piv-card-employee/preview', { name: 'PIV' }],
      ['PATCH', '/v1/admin/credential-types/piv-card-employee', { retired: true }],
      ['GET', '/v1/admin/stations', undefined],
      ['POST', '/v1/admin/station-tokens', { stationName: 'Annex', expiresInHours: 4 }],
      ['POST', `/v1/admin/stations/${STATION_ID}/revoke`, { reason: 'Stolen' }],
    ]);
    expect(await call(h, 'admin-stations:list')).toMatchObject({ thisStationId: STATION_ID, stations: [{ stationName: 'Front desk' }] });
  });

  it('offline: ADMIN_OFFLINE saying administration is read-only; the server\'s refusals keep its words', async () => {
    const offline = handlers(async () => {
      throw new SyncFailure('unreachable', 'The central server did not answer.');
    });
    await expect(call(offline, 'admin-credential-types:update')).rejects.toMatchObject({ code: 'ADMIN_OFFLINE', message: expect.stringContaining('read-only') });
    await expect(call(handlers(null), 'admin-stations:list')).rejects.toMatchObject({ code: 'ADMIN_OFFLINE' });
    const refused = handlers(async () => {
      throw new SyncFailure('rejected', 'A credential type with id "piv-card-employee" already exists.', 'ALREADY_EXISTS');
    });
    await expect(call(refused, 'admin-credential-types:create')).rejects.toMatchObject({ code: 'ADMIN_REFUSED', message: 'A credential type with id "piv-card-employee" already exists.' });
  });
});
