import { MAX_PULL_WAIT_SECONDS, type PullQuery, type PullResponse } from '../../shared/contract/server-protocol';
import type { Queryable } from '../db/database';
import type { ChangeNotifier } from './change-notifier';
import { readFeed } from './feed';

/**
 * Re-read the feed at least this often while waiting, even without a notification: a
 * NOTIFY lost with a dropped LISTEN connection delays a station by seconds, not forever.
 */
const RECHECK_MS = 5_000;

/**
 * One page of the feed after `after`, as the JSON text of a PullResponse (feed.ts: entries
 * are sent as stored). With `wait`, and nothing there yet, waits for a change (a NOTIFY
 * from any server instance, or a local commit) or the timeout.
 */
export async function pullChanges(db: Queryable, notifier: ChangeNotifier, query: PullQuery, signal?: AbortSignal): Promise<string> {
  const deadline = Date.now() + Math.min(query.wait, MAX_PULL_WAIT_SECONDS) * 1000;
  for (;;) {
    const generation = notifier.generation;
    const page = await readFeed(db, query.after, query.limit);
    const remaining = deadline - Date.now();
    if (page.entries.length > 0 || remaining <= 0 || notifier.isClosed || signal?.aborted) {
      const frame: Omit<PullResponse, 'changes'> = { cursor: page.last ?? query.after, hasMore: page.hasMore, serverTime: new Date().toISOString() };
      return `{"changes":[${page.entries.join(',')}],${JSON.stringify(frame).slice(1)}`;
    }
    await notifier.wait(generation, Math.min(remaining, RECHECK_MS), signal);
  }
}
