import type { Handlers } from '../../shared/contract';
import type { adminTrustChannels } from '../../shared/contract/admin-trust';
import type { Access } from '../operators/channel-access';
import type { AdminDeps } from './admin-server';

type Channel = keyof typeof adminTrustChannels;

/** Who may call each of this area's channels (spread into CHANNEL_ACCESS). */
export const TRUST_ADMIN_ACCESS: Record<Channel, Access> = {};

/** Station › Administration › Trust: this area's handlers (spread into the station's table). */
export function createTrustAdmin(_deps: AdminDeps): Pick<Handlers, Channel> {
  return {};
}
