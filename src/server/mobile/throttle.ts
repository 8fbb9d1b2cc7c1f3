import type { Queryable } from '../db/database';
import { iso } from '../db/database';
import { THROTTLE_NAMESPACE } from '../db/locks';

/**
 * The redemption throttle. Only FAILED guesses count (a code that is unknown, expired,
 * used or revoked), per phone (`device:<deviceId>`) and per source address
 * (`source:<ip>`), in a sliding window. A refused (throttled) request counts nothing
 * more, and a malformed code never reaches here. The counters are rows in the database,
 * so every server instance sharing it enforces the same limits.
 */
export interface ThrottleLimits {
  perDevice: number;
  perSource: number;
  windowMinutes: number;
}

export interface ThrottleSubject {
  subject: string;
  limit: number;
  what: 'phone' | 'network address';
}

/** The phone's subject first, then the source's: the order their locks are taken in. */
export function throttleSubjects(deviceId: string, source: string, limits: ThrottleLimits): ThrottleSubject[] {
  return [
    { subject: `device:${deviceId}`, limit: limits.perDevice, what: 'phone' },
    { subject: `source:${source}`, limit: limits.perSource, what: 'network address' },
  ];
}

/**
 * Seconds until one more guess is allowed, given the newest failures in the window
 * (newest first, at most `limit` of them); 0 when a guess is allowed now. With `limit`
 * failures in the window, the `limit`-th newest must leave it first.
 */
export function retryAfterSeconds(newestFirst: readonly Date[], limit: number, windowMs: number, now: Date): number {
  if (newestFirst.length < limit) return 0;
  const freedAt = newestFirst[limit - 1]!.getTime() + windowMs;
  return Math.max(1, Math.ceil((freedAt - now.getTime()) / 1000));
}

/**
 * Inside the redemption's transaction, before the code is looked at: locks the subjects
 * (so concurrent guesses from one phone or source take turns and the limit is exact) and
 * answers the first one over its limit, or undefined. The locks are held until COMMIT,
 * which is also when a failure is recorded (`recordFailure`).
 */
export async function checkThrottle(tx: Queryable, subjects: readonly ThrottleSubject[], windowMinutes: number, now: Date): Promise<(ThrottleSubject & { retryAfterSeconds: number }) | undefined> {
  const windowMs = windowMinutes * 60_000;
  const since = new Date(now.getTime() - windowMs).toISOString();
  // Locks in a statement of their own: a statement reads what was committed when it began,
  // so the read below must start after the wait for another guess's COMMIT.
  await tx.query(`SELECT ${subjects.map((_, i) => `pg_advisory_xact_lock($1, hashtext($${i + 2}))`).join(', ')}`, [THROTTLE_NAMESPACE, ...subjects.map((s) => s.subject)]);
  // The newest `limit` failures of each subject in the window.
  const rows = await tx.query<{ subject: string; at: unknown }>(
    `SELECT s.subject, f.at FROM unnest($1::text[], $2::int[]) AS s(subject, lim)
       CROSS JOIN LATERAL (SELECT at FROM redeem_failures WHERE subject = s.subject AND at > $3 ORDER BY at DESC LIMIT s.lim) AS f`,
    [subjects.map((s) => s.subject), subjects.map((s) => s.limit), since],
  );
  let worst: (ThrottleSubject & { retryAfterSeconds: number }) | undefined;
  for (const subject of subjects) {
    const newestFirst = rows
      .filter((r) => r.subject === subject.subject)
      .map((r) => new Date(iso(r.at)))
      .sort((a, b) => b.getTime() - a.getTime());
    const wait = retryAfterSeconds(newestFirst, subject.limit, windowMs, now);
    if (wait > 0 && (!worst || wait > worst.retryAfterSeconds)) worst = { ...subject, retryAfterSeconds: wait };
  }
  return worst;
}

/**
 * One failed guess for each subject. On the way, up to 100 rows that have left every
 * window are dropped (SKIP LOCKED: never waits for, nor deadlocks with, another guess).
 */
export async function recordFailure(tx: Queryable, subjects: readonly ThrottleSubject[], windowMinutes: number, now: Date): Promise<void> {
  await tx.query('INSERT INTO redeem_failures (subject, at) SELECT unnest($1::text[]), $2', [subjects.map((s) => s.subject), now.toISOString()]);
  await tx.query('DELETE FROM redeem_failures WHERE ctid IN (SELECT ctid FROM redeem_failures WHERE at <= $1 LIMIT 100 FOR UPDATE SKIP LOCKED)', [
    new Date(now.getTime() - windowMinutes * 60_000).toISOString(),
  ]);
}
