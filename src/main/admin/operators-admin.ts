import { X509Certificate } from 'node:crypto';
import type { Handlers } from '../../shared/contract';
import type { adminOperatorsChannels, OperatorChangeResult, OperatorsView } from '../../shared/contract/admin-operators';
import { StationError } from '../../shared/contract/errors';
import { GrantDecisionResponse, OperatorChangeResponse, OperatorsAdminResponse, RegistryResponse, type OperatorDetail } from '../../shared/contract/operator-protocol';
import type { Access } from '../operators/channel-access';
import { readOperatorCard } from '../reader/operator-card';
import { adminCall, type AdminDeps } from './admin-server';
import { certificatePem, derToPem } from './certificate-text';

type Channel = keyof typeof adminOperatorsChannels;

/** Who may call each of this area's channels (spread into CHANNEL_ACCESS). */
export const OPERATORS_ADMIN_ACCESS: Record<Channel, Access> = {
  'admin-operators:list': 'admin.configure',
  'admin-operators:add': 'admin.configure',
  'admin-operators:set-roles': 'admin.configure',
  'admin-operators:set-disabled': 'admin.configure',
  'admin-operators:revoke': 'admin.configure',
  'admin-operators:decide-grant': 'admin.configure',
};

const path = (fingerprint: string) => `/v1/admin/operators/${fingerprint}`;

function changeResult(fingerprint: string, answer: OperatorChangeResponse, done: string): OperatorChangeResult {
  if ('code' in answer) return { outcome: 'pending', message: answer.message, fingerprint: answer.grant.fingerprint, grant: answer.grant };
  return { outcome: 'done', message: done, fingerprint: answer.operator.fingerprint ?? fingerprint, grant: null };
}

/**
 * Offline the list is this station's last copy of the registry (read-only, labelled so):
 * certificate details are not in the registry, so subject and expiry are unknown there.
 */
function stationCopy(deps: AdminDeps, offlineReason: string, me: string | null): OperatorsView {
  const registry = deps.store.data.operatorRegistry;
  const revoked = new Set(registry?.revokedCertificates.map((r) => r.fingerprint));
  const operators = (registry?.operators ?? []).map(
    (o): OperatorDetail => ({
      fingerprint: o.fingerprint,
      name: o.name,
      roles: o.roles,
      disabled: o.disabled,
      status: revoked.has(o.fingerprint) ? 'certificate-revoked' : o.disabled ? 'disabled' : 'active',
      certificateSubject: '',
      certificateExpiresAt: new Date(0).toISOString(),
      addedAt: new Date(0).toISOString(),
      lastSignInAt: null,
    }),
  );
  return { source: { kind: 'station-copy', offlineReason, copyCheckedAt: deps.store.data.sync.registryCheckedAt }, operators, pendingGrants: [], me };
}

/** Station › Administration › Operators: this area's handlers (spread into the station's table). */
export function createOperatorsAdmin(deps: AdminDeps): Pick<Handlers, Channel> {
  const me = (): string | null => deps.session.state().operator?.fingerprint ?? null;
  return {
    'admin-operators:list': async () => {
      try {
        const answer = await adminCall(deps, (client) => client.admin('GET', '/v1/admin/operators/details', OperatorsAdminResponse));
        return { source: { kind: 'server', offlineReason: null, copyCheckedAt: null }, operators: answer.operators, pendingGrants: answer.pendingGrants, me: me() };
      } catch (error) {
        if (error instanceof StationError && error.code === 'ADMIN_OFFLINE') return stationCopy(deps, error.message, me());
        throw error;
      }
    },

    'admin-operators:add': async (input) => {
      const pem = input.source.kind === 'file' ? certificatePem(input.source.certificate, 'operator certificate') : derToPem((await readOperatorCard(deps.readers, input.source.readerName)).certificateDer);
      const fingerprint = new X509Certificate(pem).fingerprint256.replaceAll(':', '').toLowerCase();
      const answer = await adminCall(deps, (client) => client.admin('POST', '/v1/admin/operators', OperatorChangeResponse, { certificatePem: pem, name: input.name, roles: input.roles }));
      return changeResult(fingerprint, answer, `${input.name} was added as ${input.roles.join(', ')}. Stations receive the change with their next sync.`);
    },

    'admin-operators:set-roles': async (input) => {
      const answer = await adminCall(deps, (client) => client.admin('PATCH', path(input.fingerprint), OperatorChangeResponse, { roles: input.roles }));
      return changeResult(input.fingerprint, answer, `Roles changed to ${input.roles.join(', ')}.`);
    },

    'admin-operators:set-disabled': async (input) => {
      const answer = await adminCall(deps, (client) => client.admin('PATCH', path(input.fingerprint), OperatorChangeResponse, { disabled: input.disabled }));
      return changeResult(input.fingerprint, answer, input.disabled ? 'The operator is disabled: they can no longer sign in.' : 'The operator is enabled again.');
    },

    'admin-operators:revoke': async (input) => {
      await adminCall(deps, (client) => client.admin('POST', '/v1/admin/operators/revoked-certificates', RegistryResponse, { fingerprint: input.fingerprint, reason: input.reason }));
      return { outcome: 'done', message: 'The certificate is revoked for good: its card can no longer sign in at any station.', fingerprint: input.fingerprint, grant: null };
    },

    'admin-operators:decide-grant': async (input) =>
      adminCall(deps, (client) => client.admin('POST', `/v1/admin/operators/grants/${input.grantId}/${input.decision}`, GrantDecisionResponse, { reason: input.reason })),
  };
}
