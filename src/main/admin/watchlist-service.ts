import type { Handlers } from '../../shared/contract';
import type { watchlistChannels } from '../../shared/contract/watchlist';
import { WatchlistResponse } from '../../shared/contract/watchlist-protocol';
import type { Access } from '../operators/channel-access';
import { adminCall, type AdminDeps } from './admin-server';

type Channel = keyof typeof watchlistChannels;

/** Who may call each of this area's channels (spread into CHANNEL_ACCESS). */
export const WATCHLIST_SERVICE_ACCESS: Record<Channel, Access> = {
  'watchlist:get': 'watchlist.view',
};

/**
 * Station › Administration › Watchlist: asked of the central server at every call (its
 * numbers come from its own state; nothing is kept here, so nothing stale is shown as current).
 */
export function createWatchlistAdmin(deps: AdminDeps): Pick<Handlers, Channel> {
  return {
    'watchlist:get': async (input) => {
      const query = new URLSearchParams({ invitationHours: String(input.invitationHours), approvalHours: String(input.approvalHours), stationHours: String(input.stationHours) });
      return adminCall(deps, (client) => client.admin('GET', `/v1/admin/watchlist?${query.toString()}`, WatchlistResponse));
    },
  };
}
