import { z } from 'zod';
import { iso, type Queryable } from '../db/database';

/**
 * The server's own audit log: who (the admin key, an operator through a station, or a
 * station) did what administrative thing, when. Every use of the admin key is written
 * here as `break-glass.used`; registry changes and refused audit chains too.
 */
export type Actor =
  | { kind: 'admin-key' }
  | { kind: 'operator'; fingerprint: string; name: string; stationId: string }
  | { kind: 'station'; stationId: string; name: string };

export const ServerAuditRecord = z.strictObject({
  id: z.number().int(),
  at: z.iso.datetime(),
  actorKind: z.enum(['admin-key', 'operator', 'station']),
  /** 'admin-key', the operator's certificate fingerprint, or the station id. */
  actor: z.string(),
  actorName: z.string().nullable(),
  stationId: z.string().nullable(),
  action: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type ServerAuditRecord = z.infer<typeof ServerAuditRecord>;

export const ServerAuditLogResponse = z.strictObject({ entries: z.array(ServerAuditRecord), serverTime: z.iso.datetime() });
export const ServerAuditLogQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  action: z.string().max(100).optional(),
});

export async function recordServerAudit(q: Queryable, actor: Actor, action: string, details: Record<string, unknown>): Promise<void> {
  const who =
    actor.kind === 'admin-key'
      ? { actor: 'admin-key', name: null, station: null }
      : actor.kind === 'operator'
        ? { actor: actor.fingerprint, name: actor.name, station: actor.stationId }
        : { actor: actor.stationId, name: actor.name, station: actor.stationId };
  await q.query(
    'INSERT INTO server_audit_log (at, actor_kind, actor, actor_name, station_id, action, details) VALUES (clock_timestamp(), $1, $2, $3, $4, $5, $6::jsonb)',
    [actor.kind, who.actor, who.name, who.station, action, JSON.stringify(details)],
  );
}

/** The newest entries first. */
export async function readServerAudit(q: Queryable, query: { limit: number; action?: string | undefined }): Promise<ServerAuditRecord[]> {
  const rows = await q.query<{ id: number | string; at: unknown; actor_kind: ServerAuditRecord['actorKind']; actor: string; actor_name: string | null; station_id: string | null; action: string; details: Record<string, unknown> }>(
    `SELECT id, at, actor_kind, actor, actor_name, station_id, action, details FROM server_audit_log
      WHERE ($2::text IS NULL OR action = $2) ORDER BY id DESC LIMIT $1`,
    [query.limit, query.action ?? null],
  );
  return rows.map((r) => ({ id: Number(r.id), at: iso(r.at), actorKind: r.actor_kind, actor: r.actor, actorName: r.actor_name, stationId: r.station_id, action: r.action, details: r.details }));
}
