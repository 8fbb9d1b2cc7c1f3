import { WatchlistQuery, WatchlistResponse } from '../../shared/contract/watchlist-protocol';
import { ServerErrorBody } from '../../shared/contract/server-protocol';
import type { App, AppContext } from '../context';
import { adminOrOperatorAuth } from '../auth';
import { readWatchlist } from '../watchlist/watchlist';

/** The admin key, or a station with `X-Operator` naming a supervisor or an administrator. */
const security: Array<Record<string, string[]>> = [{ admin: [] }, { station: [] }];

/** Station › Administration › Watchlist (issue 17): what has waited too long, from real state. */
export function watchlistRoutes(app: App, context: AppContext): void {
  app.get(
    '/v1/admin/watchlist',
    {
      onRequest: adminOrOperatorAuth(context, 'watchlist.view'),
      schema: {
        tags: ['admin'],
        summary: 'The watchlist: invitations not picked up, credentials Pending approval, stations not seen — each older than its N hours, oldest first',
        security,
        querystring: WatchlistQuery,
        response: { 200: WatchlistResponse, '4xx': ServerErrorBody },
      },
    },
    async (request) => readWatchlist(context.db, request.query, context.clock()),
  );
}
