import type { Handlers } from '../../shared/contract';
import type { AdminSource } from '../../shared/contract/admin-operators';
import { REVOCATION_WARNING_HOURS, type adminTrustChannels, type TrustView } from '../../shared/contract/admin-trust';
import { StationError } from '../../shared/contract/errors';
import { RegistryResponse, TrustResponse } from '../../shared/contract/operator-protocol';
import { REVOCATION_LIST_MAX_AGE_HOURS } from '../../shared/domain/operator';
import type { Access } from '../operators/channel-access';
import { adminCall, type AdminDeps } from './admin-server';
import { certificatePem } from './certificate-text';

type Channel = keyof typeof adminTrustChannels;

/** Who may call each of this area's channels (spread into CHANNEL_ACCESS). */
export const TRUST_ADMIN_ACCESS: Record<Channel, Access> = {
  'admin-trust:get': 'admin.configure',
  'admin-trust:add-ca': 'admin.configure',
  'admin-trust:refresh': 'admin.configure',
};

const HOUR_MS = 3_600_000;

/**
 * The revocation list's freshness as sign-in judges it (src/main/operators/certificate-check.ts):
 * this station's copy is good for REVOCATION_LIST_MAX_AGE_HOURS after it last had the
 * registry from the server; a warning shows REVOCATION_WARNING_HOURS before that.
 */
export function revocationFreshness(checkedAt: string | null, now: Date): Pick<TrustView, 'stationCheckedAt' | 'nextUpdateDueAt' | 'warning'> {
  if (!checkedAt) return { stationCheckedAt: null, nextUpdateDueAt: null, warning: 'This station has never received the revocation list: operators cannot sign in here until it reaches the central server.' };
  const due = Date.parse(checkedAt) + REVOCATION_LIST_MAX_AGE_HOURS * HOUR_MS;
  const left = due - now.getTime();
  const hours = Math.floor(left / HOUR_MS);
  const minutes = Math.floor((left % HOUR_MS) / 60_000);
  const warning =
    left <= 0
      ? `This station's revocation list is older than ${REVOCATION_LIST_MAX_AGE_HOURS} hours: operators cannot sign in here until it reaches the central server. Refresh it.`
      : left < REVOCATION_WARNING_HOURS * HOUR_MS
        ? `This station's revocation list is due in ${hours} h ${minutes} min: after that operators cannot sign in here until it reaches the central server. Refresh it now.`
        : null;
  return { stationCheckedAt: checkedAt, nextUpdateDueAt: new Date(due).toISOString(), warning };
}

const SERVER: AdminSource = { kind: 'server', offlineReason: null, copyCheckedAt: null };

/** Station › Administration › Trust: this area's handlers (spread into the station's table). */
export function createTrustAdmin(deps: AdminDeps): Pick<Handlers, Channel> {
  const freshness = () => revocationFreshness(deps.store.data.sync.registryCheckedAt, deps.now());
  const fromServer = (answer: TrustResponse): TrustView => ({ source: SERVER, cas: answer.cas, revokedCertificates: answer.revokedCertificates, registryUpdatedAt: answer.registryUpdatedAt, ...freshness() });
  const read = () => adminCall(deps, (client) => client.admin('GET', '/v1/admin/trust', TrustResponse));

  /** Offline: this station's own copy (CAs by count only: their details are on the server). */
  const stationCopy = (offlineReason: string): TrustView => {
    const registry = deps.store.data.operatorRegistry;
    return {
      source: { kind: 'station-copy', offlineReason, copyCheckedAt: deps.store.data.sync.registryCheckedAt },
      cas: [],
      revokedCertificates: (registry?.revokedCertificates ?? []).map((r) => ({ ...r, operatorName: registry?.operators.find((o) => o.fingerprint === r.fingerprint)?.name ?? null })),
      registryUpdatedAt: registry?.updatedAt ?? null,
      ...freshness(),
    };
  };

  return {
    'admin-trust:get': async () => {
      try {
        return fromServer(await read());
      } catch (error) {
        if (error instanceof StationError && error.code === 'ADMIN_OFFLINE') return stationCopy(error.message);
        throw error;
      }
    },

    'admin-trust:add-ca': async ({ certificate }) => {
      const pem = certificatePem(certificate, 'CA certificate');
      await adminCall(deps, (client) => client.admin('POST', '/v1/admin/operators/cas', RegistryResponse, { certificatePem: pem }));
      return fromServer(await read());
    },

    /**
     * "Publish / refresh" the revocation list: the server's registry is the list (revocations
     * are made one by one, each published through the feed at once), so refreshing means this
     * station takes the server's current registry now, which restarts its 24-hour window.
     */
    'admin-trust:refresh': async () => {
      const answer = await adminCall(deps, (client) => client.admin('GET', '/v1/operators/registry', RegistryResponse));
      await deps.store.commit(() => [
        { kind: 'operator-registry.set', registry: answer.registry },
        { kind: 'sync.updated', patch: { registryCheckedAt: answer.serverTime } },
      ]);
      return fromServer(await read());
    },
  };
}
