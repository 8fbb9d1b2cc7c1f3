import type { Handlers } from '../../shared/contract';
import type { Access } from '../operators/channel-access';
import type { AdminDeps } from './admin-server';
import { createCredentialTypesAdmin, CREDENTIAL_TYPES_ADMIN_ACCESS } from './credential-types-admin';
import { createOperatorsAdmin, OPERATORS_ADMIN_ACCESS } from './operators-admin';
import { createStationsAdmin, STATIONS_ADMIN_ACCESS } from './stations-admin';
import { createTrustAdmin, TRUST_ADMIN_ACCESS } from './trust-admin';
import { createWatchlistAdmin, WATCHLIST_SERVICE_ACCESS } from './watchlist-service';

export type { AdminDeps } from './admin-server';

/** Station › Administration's channels and who may call them (issue 17). */
export const ADMIN_ACCESS = {
  ...OPERATORS_ADMIN_ACCESS,
  ...CREDENTIAL_TYPES_ADMIN_ACCESS,
  ...STATIONS_ADMIN_ACCESS,
  ...TRUST_ADMIN_ACCESS,
  ...WATCHLIST_SERVICE_ACCESS,
} satisfies Partial<Record<keyof Handlers, Access>>;

export function createAdminHandlers(deps: AdminDeps) {
  return {
    ...createOperatorsAdmin(deps),
    ...createCredentialTypesAdmin(deps),
    ...createStationsAdmin(deps),
    ...createTrustAdmin(deps),
    ...createWatchlistAdmin(deps),
  };
}
