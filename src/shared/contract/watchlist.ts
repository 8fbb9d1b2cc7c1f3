import { z } from 'zod';
import { channel } from './define';
import { WatchlistHoursValue, WatchlistResponse, WATCHLIST_DEFAULT_HOURS } from './watchlist-protocol';

/**
 * Station › Administration (issue 17): channels between the renderer and main for this area.
 * Channel names start with "watchlist:" (window.station.watchlist.*).
 */

/** Each list's N (whole hours, 1 … 720); a list left out takes its default (24, 8, 24). */
export const WatchlistInput = z.strictObject({
  invitationHours: WatchlistHoursValue.default(WATCHLIST_DEFAULT_HOURS.invitationHours),
  approvalHours: WatchlistHoursValue.default(WATCHLIST_DEFAULT_HOURS.approvalHours),
  stationHours: WatchlistHoursValue.default(WATCHLIST_DEFAULT_HOURS.stationHours),
});
export type WatchlistInput = z.input<typeof WatchlistInput>;

export const watchlistChannels = {
  /** The central server's watchlist now (online only: ADMIN_OFFLINE when it cannot be reached). */
  'watchlist:get': channel(WatchlistInput, WatchlistResponse),
};

export const watchlistEvents = {};
