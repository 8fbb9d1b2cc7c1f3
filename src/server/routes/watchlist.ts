import type { App, AppContext } from '../context';

/** Station › Administration › Watchlist (issue 17): what has waited too long, from real state. */
export function watchlistRoutes(_app: App, _context: AppContext): void {}
