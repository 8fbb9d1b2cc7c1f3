import type { Handlers } from '../../shared/contract';
import type { watchlistChannels } from '../../shared/contract/watchlist';
import type { Access } from '../operators/channel-access';
import type { AdminDeps } from './admin-server';

type Channel = keyof typeof watchlistChannels;

/** Who may call each of this area's channels (spread into CHANNEL_ACCESS). */
export const WATCHLIST_SERVICE_ACCESS: Record<Channel, Access> = {};

/** Station › Administration › Watchlist: this area's handlers (spread into the station's table). */
export function createWatchlistAdmin(_deps: AdminDeps): Pick<Handlers, Channel> {
  return {};
}
