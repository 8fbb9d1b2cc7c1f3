import type { Handlers } from '../../shared/contract';
import type { adminStationsChannels } from '../../shared/contract/admin-stations';
import type { Access } from '../operators/channel-access';
import type { AdminDeps } from './admin-server';

type Channel = keyof typeof adminStationsChannels;

/** Who may call each of this area's channels (spread into CHANNEL_ACCESS). */
export const STATIONS_ADMIN_ACCESS: Record<Channel, Access> = {};

/** Station › Administration › Stations: this area's handlers (spread into the station's table). */
export function createStationsAdmin(_deps: AdminDeps): Pick<Handlers, Channel> {
  return {};
}
