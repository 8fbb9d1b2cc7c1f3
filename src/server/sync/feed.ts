import type { FeedChange } from '../../shared/contract/server-protocol';
import type { Queryable } from '../db/database';
import { LOCKS } from '../db/locks';

export const FEED_CHANNEL = 'enrollment_feed';

/**
 * Appends changes to the feed and NOTIFYs every server instance; call last in a
 * transaction, right before COMMIT.
 *
 * Why the lock: `server_seq` comes from a sequence, handed out when a row is inserted,
 * not when its transaction commits. If transaction A took 10 and B took 11 and B
 * committed first, a station pulling in between would read 11, move its cursor past 10
 * and never see 10. Holding `pg_advisory_xact_lock(feed)` from before the insert until
 * COMMIT makes feed inserts take turns, so positions become visible in order. Taking it
 * last keeps the serialized stretch short (one INSERT and the COMMIT) and means no
 * transaction waits for anything else while holding it (no deadlock).
 */
export async function appendFeed(tx: Queryable, changes: readonly FeedChange[]): Promise<number | undefined> {
  if (changes.length === 0) return undefined;
  await tx.query('SELECT pg_advisory_xact_lock($1, $2)', LOCKS.feed);
  const rows = await tx.query<{ server_seq: number }>(
    `INSERT INTO feed (at, kind, payload)
       SELECT clock_timestamp(), c->>'kind', c FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(c, n) ORDER BY n
     RETURNING server_seq`,
    [JSON.stringify(changes)],
  );
  const last = Math.max(...rows.map((r) => r.server_seq));
  // Delivered by PostgreSQL only when (and if) the transaction commits.
  await tx.query('SELECT pg_notify($1, $2)', [FEED_CHANNEL, String(last)]);
  return last;
}

export interface FeedPage {
  /**
   * Each entry as the JSON text of a FeedEntry, built from the stored jsonb's text: a page
   * is sent as read, never parsed and serialized again (every station reads every entry,
   * so this is most of a busy server's work).
   */
  entries: string[];
  /** The last entry's position, when there is one. */
  last: number | undefined;
  hasMore: boolean;
}

/**
 * A page of the feed stops before its JSON would pass this many bytes (docs/api.md), so a
 * page of large entries (registries, devices with many credentials) stays a size a station
 * on a slow link reads in one go. Its first entry is always included, whatever its size.
 */
export const FEED_PAGE_BYTES = 1024 * 1024;
/** Room for the page's own fields (cursor, hasMore, serverTime). */
export const PAGE_FRAME_BYTES = 200;
/** Room for an entry's frame around its change: `{"serverSeq":…,"at":"…","change":…},`. */
const ENTRY_FRAME_BYTES = 100;

export async function readFeed(db: Queryable, after: number, limit: number, maxBytes = FEED_PAGE_BYTES): Promise<FeedPage> {
  // Sized in the database, so entries past the budget never reach this process.
  const rows = await db.query<{ server_seq: number; at: string; change: string; read: number }>(
    `WITH page AS (
       SELECT server_seq, at, payload::text AS change FROM feed WHERE server_seq > $1 ORDER BY server_seq LIMIT $2
     ), sized AS (
       SELECT server_seq, at, change, count(*) OVER () AS read, row_number() OVER (ORDER BY server_seq) AS n,
              sum(octet_length(change) + ${ENTRY_FRAME_BYTES}) OVER (ORDER BY server_seq) AS running
         FROM page
     )
     SELECT server_seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, change, read
       FROM sized WHERE n = 1 OR running <= $3 ORDER BY server_seq`,
    [after, limit + 1, maxBytes - PAGE_FRAME_BYTES],
  );
  const page = rows.slice(0, limit);
  return {
    entries: page.map((r) => `{"serverSeq":${Number(r.server_seq)},"at":${JSON.stringify(r.at)},"change":${r.change}}`),
    last: page.at(-1)?.server_seq,
    hasMore: Number(rows[0]?.read ?? 0) > page.length,
  };
}
