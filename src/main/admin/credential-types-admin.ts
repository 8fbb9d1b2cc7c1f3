import type { Handlers } from '../../shared/contract';
import {
  CredentialTypeImpact,
  CredentialTypeListResponse,
  CredentialTypeResponse,
  type adminCredentialTypesChannels,
} from '../../shared/contract/admin-credential-types';
import type { Access } from '../operators/channel-access';
import { adminCall, type AdminDeps } from './admin-server';

type Channel = keyof typeof adminCredentialTypesChannels;

/** Who may call each of this area's channels (spread into CHANNEL_ACCESS). */
export const CREDENTIAL_TYPES_ADMIN_ACCESS: Record<Channel, Access> = {
  'admin-credential-types:list': 'admin.configure',
  'admin-credential-types:create': 'admin.configure',
  'admin-credential-types:preview': 'admin.configure',
  'admin-credential-types:update': 'admin.configure',
};

const path = (id: string): string => `/v1/admin/credential-types/${encodeURIComponent(id)}`;

/**
 * Station › Administration › Credential types: relayed to the central server, which
 * checks the operator's roles again, audits, and publishes the types through the feed
 * (this station's own list follows at its next pull, like every other station's).
 */
export function createCredentialTypesAdmin(deps: AdminDeps): Pick<Handlers, Channel> {
  return {
    'admin-credential-types:list': () => adminCall(deps, (client) => client.admin('GET', '/v1/admin/credential-types', CredentialTypeListResponse)),
    'admin-credential-types:create': (input) => adminCall(deps, (client) => client.admin('POST', '/v1/admin/credential-types', CredentialTypeResponse, input)),
    'admin-credential-types:preview': ({ id, change }) => adminCall(deps, (client) => client.admin('POST', `${path(id)}/preview`, CredentialTypeImpact, change)),
    'admin-credential-types:update': ({ id, change }) => adminCall(deps, (client) => client.admin('PATCH', path(id), CredentialTypeImpact, change)),
  };
}
