import type { Handlers } from '../../shared/contract';
import type { adminCredentialTypesChannels } from '../../shared/contract/admin-credential-types';
import type { Access } from '../operators/channel-access';
import type { AdminDeps } from './admin-server';

type Channel = keyof typeof adminCredentialTypesChannels;

/** Who may call each of this area's channels (spread into CHANNEL_ACCESS). */
export const CREDENTIAL_TYPES_ADMIN_ACCESS: Record<Channel, Access> = {};

/** Station › Administration › CredentialTypes: this area's handlers (spread into the station's table). */
export function createCredentialTypesAdmin(_deps: AdminDeps): Pick<Handlers, Channel> {
  return {};
}
