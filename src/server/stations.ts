import type { RegisterRequest, RegisterResponse, StationSummary } from '../shared/contract/server-protocol';
import { iso, isoOrNull, type Database, type Queryable } from './db/database';
import { ApiError } from './errors';
import { recordServerAudit, type Actor } from './operators/server-audit';
import { newEnrollmentToken, newStationSecret, sameHash, sha256 } from './secrets';

/**
 * Station registration. The administrator hands a one-time token to a site; the
 * station exchanges it (with the id it chose for itself) for its own long random
 * secret. The server keeps only SHA-256 hashes of both.
 */
export async function createEnrollmentToken(
  db: Database,
  options: { stationName?: string | undefined; site?: string | undefined; expiresInHours: number },
  actor?: Actor,
): Promise<{ token: string; expiresAt: string }> {
  const token = newEnrollmentToken();
  const expiresAt = new Date(Date.now() + options.expiresInHours * 3_600_000).toISOString();
  await db.transaction(async (tx) => {
    if (options.stationName) {
      const [taken] = await tx.query<{ id: string }>('SELECT id FROM stations WHERE lower(name) = lower($1) AND revoked_at IS NULL LIMIT 1', [options.stationName]);
      if (taken) {
        throw new ApiError(409, 'ALREADY_EXISTS', `A registered station is already called "${options.stationName}". Choose another name, or revoke that station first if it is being replaced.`);
      }
    }
    await tx.query('INSERT INTO enrollment_tokens (token_hash, station_name, site, created_at, expires_at) VALUES ($1, $2, $3, now(), $4)', [
      sha256(token),
      options.stationName ?? null,
      options.site ?? null,
      expiresAt,
    ]);
    if (actor) await recordServerAudit(tx, actor, 'station-token.created', { stationName: options.stationName ?? null, site: options.site ?? null, expiresAt });
  });
  return { token, expiresAt };
}

const INVALID = 'This station enrollment token is not known to the server. Check it was copied completely, or ask the administrator for a new one.';

export async function registerStation(db: Database, request: RegisterRequest): Promise<RegisterResponse> {
  const secret = newStationSecret();
  await db.transaction(async (tx) => {
    const [token] = await tx.query<{ expires_at: unknown; used_by: string | null; site: string | null }>(
      'SELECT expires_at, used_by, site FROM enrollment_tokens WHERE token_hash = $1 FOR UPDATE',
      [sha256(request.token)],
    );
    if (!token) throw new ApiError(401, 'TOKEN_INVALID', INVALID);
    if (token.used_by !== null && token.used_by !== request.stationId) {
      throw new ApiError(409, 'TOKEN_USED', 'This enrollment token was already used to register another station. Each token registers one station: ask the administrator for a new one.');
    }
    // After expiry not even the station that used it may come back with it (a leaked
    // old token must not let anyone replace a station's secret).
    if (new Date(iso(token.expires_at)).getTime() <= Date.now()) {
      throw new ApiError(401, 'TOKEN_EXPIRED', 'This enrollment token has expired. Ask the administrator for a new one.');
    }
    const [station] = await tx.query<{ revoked_at: unknown }>('SELECT revoked_at FROM stations WHERE id = $1 FOR UPDATE', [request.stationId]);
    if (token.used_by === request.stationId) {
      // The same station again with its token: its answer was lost. A fresh secret replaces the old one.
      if (station?.revoked_at) throw new ApiError(403, 'STATION_REVOKED', 'This station was revoked by an administrator and cannot register again with its old token. Ask for a new token and register as a new station.');
      await tx.query('UPDATE stations SET secret_hash = $2, name = $3 WHERE id = $1', [request.stationId, sha256(secret), request.stationName]);
      return;
    }
    if (station) {
      throw new ApiError(409, 'STATION_ALREADY_REGISTERED', `A station with id ${request.stationId} is already registered. A station registers once; a reinstalled station must choose a new id.`);
    }
    await tx.query('INSERT INTO stations (id, name, site, secret_hash, registered_at) VALUES ($1, $2, $3, $4, now())', [request.stationId, request.stationName, token.site, sha256(secret)]);
    await tx.query('UPDATE enrollment_tokens SET used_at = now(), used_by = $2 WHERE token_hash = $1', [sha256(request.token), request.stationId]);
  });
  return { stationId: request.stationId, secret, serverTime: new Date().toISOString() };
}

export interface AuthenticatedStation {
  stationId: string;
  name: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Compared against when the station is unknown, so both paths cost the same. */
const DUMMY_HASH = sha256('no such station');
/** last_seen_at is a hint for administrators; writing it once a minute is plenty. */
const SEEN_RESOLUTION = "interval '60 seconds'";

/** `Authorization: Bearer <stationId>.<secret>` → the station, or 401 / 403. */
export async function authenticateStation(db: Database, authorization: string | undefined): Promise<AuthenticatedStation> {
  const unauthorized = new ApiError(
    401,
    'UNAUTHORIZED',
    'This request needs a registered station\'s credential ("Authorization: Bearer <stationId>.<secret>"). Register the station with an enrollment token first.',
  );
  const match = /^Bearer ([^.\s]+)\.([A-Za-z0-9_-]{43})$/.exec(authorization ?? '');
  if (!match || !UUID.test(match[1]!)) throw unauthorized;
  const [stationId, secret] = [match[1]!.toLowerCase(), match[2]!];
  const [row] = await db.query<{ name: string; secret_hash: string; revoked_at: unknown }>('SELECT name, secret_hash, revoked_at FROM stations WHERE id = $1', [stationId]);
  const good = sameHash(sha256(secret), row?.secret_hash ?? DUMMY_HASH);
  if (!row || !good) throw unauthorized;
  if (row.revoked_at) throw new ApiError(403, 'STATION_REVOKED', 'This station was revoked by an administrator; it can no longer sync. Ask the administrator for a new enrollment token.');
  await db.query(`UPDATE stations SET last_seen_at = now() WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < now() - ${SEEN_RESOLUTION})`, [stationId]);
  return { stationId, name: row.name };
}

/** What a station said at its last pull: how many changes were still in its outbox. */
export async function recordWaitingChanges(db: Database, stationId: string, outbox: number): Promise<void> {
  await db.query('UPDATE stations SET waiting_changes = $2 WHERE id = $1 AND waiting_changes IS DISTINCT FROM $2', [stationId, outbox]);
}

type StationRow = {
  id: string;
  name: string;
  site: string | null;
  registered_at: unknown;
  revoked_at: unknown;
  revoked_reason: string | null;
  last_applied_seq: number | string;
  last_seen_at: unknown;
  waiting_changes: number | null;
  head_seq: number | string | null;
};

const SELECT_STATIONS = `SELECT s.id, s.name, s.site, s.registered_at, s.revoked_at, s.revoked_reason, s.last_applied_seq, s.last_seen_at, s.waiting_changes, a.head_seq
  FROM stations s LEFT JOIN audit_chains a ON a.station_id = s.id`;

export async function listStations(db: Queryable): Promise<StationSummary[]> {
  const rows = await db.query<StationRow>(`${SELECT_STATIONS} ORDER BY s.registered_at, s.id`);
  return rows.map(summary);
}

/** Revokes a station (once: a second revoke keeps the first time and reason), audited in the same transaction. */
export async function revokeStation(db: Database, stationId: string, options: { reason?: string | undefined; actor?: Actor } = {}): Promise<StationSummary> {
  return db.transaction(async (tx) => {
    const updated = await tx.query<{ id: string; was_revoked: boolean }>(
      `UPDATE stations SET revoked_at = coalesce(revoked_at, now()), revoked_reason = CASE WHEN revoked_at IS NULL THEN $2 ELSE revoked_reason END
        WHERE id = $1 RETURNING id`,
      [stationId, options.reason ?? null],
    );
    if (!updated[0]) throw new ApiError(404, 'NOT_FOUND', `No station with id ${stationId} is registered. List the stations to see their ids.`);
    const [row] = await tx.query<StationRow>(`${SELECT_STATIONS} WHERE s.id = $1`, [stationId]);
    const station = summary(row!);
    if (options.actor) await recordServerAudit(tx, options.actor, 'station.revoked', { stationId, stationName: station.stationName, reason: station.revokedReason });
    return station;
  });
}

function summary(row: StationRow): StationSummary {
  return {
    stationId: row.id,
    stationName: row.name,
    registeredAt: iso(row.registered_at),
    revokedAt: isoOrNull(row.revoked_at),
    lastAppliedSeq: Number(row.last_applied_seq),
    lastSeenAt: isoOrNull(row.last_seen_at),
    site: row.site,
    revokedReason: row.revoked_reason,
    waitingChanges: row.waiting_changes,
    auditHeadSeq: row.head_seq === null ? null : Number(row.head_seq),
  };
}
