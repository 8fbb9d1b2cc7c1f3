import { beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, type OperatorIdentity } from '../../../tests/support/operator-pki';
import type { OperatorRegistry } from '../../shared/domain/operator';
import type { ServerClient } from '../sync/server-client';
import { SyncFailure } from '../sync/server-client';
import type { AdminDeps } from './admin-server';
import { createOperatorsAdmin } from './operators-admin';

const registry: OperatorRegistry = {
  caCertificates: [],
  operators: [
    { fingerprint: 'a'.repeat(64), name: 'Ada Admin', roles: ['administrator'], disabled: false },
    { fingerprint: 'b'.repeat(64), name: 'Dee Disabled', roles: ['clerk'], disabled: true },
    { fingerprint: 'c'.repeat(64), name: 'Rex Revoked', roles: ['clerk'], disabled: false },
  ],
  revokedCertificates: [{ fingerprint: 'c'.repeat(64), revokedAt: '2026-12-01T00:00:00.000Z', reason: 'Lost' }],
  updatedAt: '2026-12-01T00:00:00.000Z',
};

function deps(client: Partial<ServerClient> | undefined): AdminDeps {
  return {
    store: { data: { operatorRegistry: registry, sync: { registryCheckedAt: '2026-12-07T08:00:00.000Z' } } },
    session: { state: () => ({ operator: { fingerprint: 'a'.repeat(64) } }) },
    serverClient: () => client as ServerClient | undefined,
  } as unknown as AdminDeps;
}

describe('Administration › Operators in main', () => {
  let nina: OperatorIdentity;
  beforeAll(async () => {
    nina = await (await createTestCa()).issue({ name: 'Nina Nobody' });
  });

  it('offline, the list is this station\'s copy of the registry, labelled, with why', async () => {
    const unreachable = { admin: async () => { throw new SyncFailure('unreachable', 'The central server at https://credentials.example.org could not be reached.'); } };
    const view = await createOperatorsAdmin(deps(unreachable))['admin-operators:list'](undefined);
    expect(view.source).toEqual({ kind: 'station-copy', offlineReason: expect.stringContaining('Administration is read-only until the server answers again'), copyCheckedAt: '2026-12-07T08:00:00.000Z' });
    expect(view.operators.map((o) => [o.name, o.status])).toEqual([['Ada Admin', 'active'], ['Dee Disabled', 'disabled'], ['Rex Revoked', 'certificate-revoked']]);
    expect(view.me).toBe('a'.repeat(64));
  });

  it('changes are refused offline (ADMIN_OFFLINE), never queued', async () => {
    await expect(createOperatorsAdmin(deps(undefined))['admin-operators:set-disabled']({ fingerprint: 'b'.repeat(64), disabled: false })).rejects.toMatchObject({ code: 'ADMIN_OFFLINE' });
  });

  it('a file is sent as PEM; a 202 answer becomes "pending" with the server\'s words', async () => {
    const sent: unknown[] = [];
    const grant = { id: '7f0c1a8e-3f64-4b0f-9d8e-0c1a2b3c4d5e', fingerprint: nina.fingerprint, name: 'Nina', roles: ['administrator'], newOperator: true, certificateSubject: 'Nina Nobody', requestedBy: 'a'.repeat(64), requestedByName: 'Ada Admin', requestedAt: '2026-12-07T09:00:00.000Z' };
    const client = {
      admin: async (_m: string, _p: string, schema: { parse: (v: unknown) => unknown }, body?: unknown) => {
        sent.push(body);
        return schema.parse({ code: 'APPROVAL_REQUIRED', message: 'Adding "Nina" as an Administrator waits for a second Administrator\'s approval.', grant });
      },
    };
    const result = await createOperatorsAdmin(deps(client as unknown as ServerClient))['admin-operators:add']({
      source: { kind: 'file', certificate: Buffer.from(nina.certificateDer).toString('base64') },
      name: 'Nina',
      roles: ['administrator'],
    });
    expect(sent).toEqual([{ certificatePem: nina.certificatePem, name: 'Nina', roles: ['administrator'] }]);
    expect(result).toMatchObject({ outcome: 'pending', fingerprint: nina.fingerprint, message: expect.stringContaining('waits for a second Administrator'), grant: { id: grant.id } });
  });
});
