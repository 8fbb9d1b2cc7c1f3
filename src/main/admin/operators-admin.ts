import type { Handlers } from '../../shared/contract';
import type { adminOperatorsChannels } from '../../shared/contract/admin-operators';
import type { Access } from '../operators/channel-access';
import type { AdminDeps } from './admin-server';

type Channel = keyof typeof adminOperatorsChannels;

/** Who may call each of this area's channels (spread into CHANNEL_ACCESS). */
export const OPERATORS_ADMIN_ACCESS: Record<Channel, Access> = {};

/** Station › Administration › Operators: this area's handlers (spread into the station's table). */
export function createOperatorsAdmin(_deps: AdminDeps): Pick<Handlers, Channel> {
  return {};
}
