import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { userIdOf } from './origo-client';

/**
 * A delivery from HID Origo's callback (docs/hid-origo-wire.md, *Events and callbacks*):
 * the registered header must carry the registered secret, the body is a CloudEvents batch.
 * An event is only a hint: the receiver reads the user from Origo and takes the state from
 * there, so nothing in a body can set a status. Deduplication by event id is the caller's
 * (the database's): see `unseenEvents`.
 */

export interface CallbackEvent {
  /** The CloudEvent id (unique per event; Origo retries send the same id). */
  id: string;
  /** INVITATION_ACKNOWLEDGED, CREDENTIAL_ACTIVATED, CREDENTIAL_SUSPENDED, CREDENTIAL_RESUMED, CREDENTIAL_REVOKED, … */
  type: string;
  /** The Origo user to read again; undefined when the event names none. */
  userId: number | undefined;
  /** ISO 8601. */
  time: string;
}

export type CallbackParseResult =
  | { ok: true; events: CallbackEvent[]; /** Events left out, with why (stale or from the future). */ skipped: { id: string; reason: string }[] }
  | { ok: false; status: 401 | 400 | 415; reason: string };

export interface CallbackCheck {
  /** The header Origo was told to set (case does not matter). */
  httpHeader: string;
  /** Its value. */
  secret: string;
  now: Date;
  /** Older events are refused as replays (default 15). */
  maxAgeMinutes?: number;
}

/** Events further ahead of our clock than this are refused. */
const MAX_FUTURE_MS = 5 * 60_000;
const MAX_EVENTS = 1000;

const CloudEvent = z.looseObject({
  specversion: z.literal('1.0'),
  id: z.string().min(1).max(200),
  source: z.string().min(1).max(500),
  type: z.string().min(1).max(100),
  subject: z.string().max(500).optional(),
  time: z.iso.datetime({ offset: true }),
  data: z.looseObject({ userId: z.union([z.number(), z.string().max(20)]).optional() }).optional(),
});
const CloudEventBatch = z.array(CloudEvent).max(MAX_EVENTS);

const CONTENT_TYPES = new Set(['application/cloudevents-batch+json', 'application/json']);

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value;
  }
  return undefined;
}

/** Equal in constant time whatever the lengths (both sides hashed to 32 bytes first). */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

export function parseCallbackDelivery(headers: Headers, rawBody: string | Buffer, check: CallbackCheck): CallbackParseResult {
  const given = header(headers, check.httpHeader);
  if (given === undefined) return { ok: false, status: 401, reason: `the ${check.httpHeader} header is missing` };
  if (!check.secret || !sameSecret(given, check.secret)) return { ok: false, status: 401, reason: `the ${check.httpHeader} header does not match` };

  const contentType = (header(headers, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!CONTENT_TYPES.has(contentType)) return { ok: false, status: 415, reason: `content type ${contentType || '(none)'} is not a CloudEvents batch` };

  let json: unknown;
  try {
    json = JSON.parse(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
  } catch {
    return { ok: false, status: 400, reason: 'the body is not JSON' };
  }
  const parsed = CloudEventBatch.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, status: 400, reason: `not a CloudEvents batch (${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid'})` };
  }

  const now = check.now.getTime();
  const oldest = now - (check.maxAgeMinutes ?? 15) * 60_000;
  const events: CallbackEvent[] = [];
  const skipped: { id: string; reason: string }[] = [];
  for (const event of parsed.data) {
    const at = Date.parse(event.time);
    if (at < oldest) skipped.push({ id: event.id, reason: `older than ${check.maxAgeMinutes ?? 15} minutes (a replay?)` });
    else if (at > now + MAX_FUTURE_MS) skipped.push({ id: event.id, reason: 'more than 5 minutes in the future' });
    else events.push({ id: event.id, type: event.type, userId: userIdOf(event.data?.userId, event.subject), time: new Date(at).toISOString() });
  }
  if (events.length === 0 && skipped.length > 0) {
    return { ok: false, status: 400, reason: `every event is outside the accepted time window (${skipped[0]!.reason})` };
  }
  return { ok: true, events, skipped };
}

/**
 * For the caller's deduplication: the events whose id is not in `seen` (ids the database has
 * recorded), each id once even when a batch repeats it. Pure.
 */
export function unseenEvents(events: readonly CallbackEvent[], seen: ReadonlySet<string>): CallbackEvent[] {
  const taken = new Set(seen);
  const out: CallbackEvent[] = [];
  for (const event of events) {
    if (taken.has(event.id)) continue;
    taken.add(event.id);
    out.push(event);
  }
  return out;
}

/** The user ids to read again for a batch, each once. */
export function usersToRead(events: readonly CallbackEvent[]): number[] {
  return [...new Set(events.flatMap((e) => (e.userId === undefined ? [] : [e.userId])))];
}
