import { z } from 'zod';
import { AuditEntry, ChainHeadSchema, verifyAuditChain, type AuditFinding, type ChainHead } from '../../shared/domain/audit-chain';
import { nodeEd25519 } from '../../node/crypto';
import type { AuditHeadResponse, AuditPushRequest } from '../../shared/contract/operator-protocol';
import { canonicalJson } from '../sync/canonical-json';
import type { Database, Queryable } from '../db/database';
import { AUDIT_NAMESPACE } from '../db/locks';
import { ApiError } from '../errors';
import { recordServerAudit } from './server-audit';

/**
 * Each station's audit chain, as delivered. The first push registers the station's audit
 * key; every push must continue the head the server holds exactly (same key, next seq,
 * linked to the stored hash). Re-sending entries the server already holds, unchanged, is
 * harmless (a lost answer); anything else is refused and recorded in the server audit log.
 */

/** What an auditor gets: everything needed to verify the chain with `verifyAuditChain`. */
export const AuditExport = z.strictObject({
  stationId: z.string(),
  publicKey: z.string().nullable(),
  head: ChainHeadSchema.nullable(),
  entries: z.array(AuditEntry),
});
export type AuditExport = z.infer<typeof AuditExport>;

interface StoredChain {
  publicKey: string;
  head: ChainHead;
}

async function storedChain(q: Queryable, stationId: string): Promise<StoredChain | undefined> {
  const [row] = await q.query<{ public_key: string; head_seq: number | string; head_hash: string }>('SELECT public_key, head_seq, head_hash FROM audit_chains WHERE station_id = $1', [stationId]);
  return row ? { publicKey: row.public_key, head: { seq: Number(row.head_seq), hash: row.head_hash } } : undefined;
}

export async function auditHead(q: Queryable, stationId: string): Promise<AuditHeadResponse> {
  const chain = await storedChain(q, stationId);
  return { head: chain && chain.head.seq > 0 ? chain.head : null, publicKey: chain?.publicKey ?? null, serverTime: new Date().toISOString() };
}

type Outcome = { ok: AuditHeadResponse } | { refused: ApiError };

export async function receiveAuditEntries(db: Database, station: { stationId: string; name: string }, request: AuditPushRequest): Promise<AuditHeadResponse> {
  const outcome = await db.transaction(async (tx): Promise<Outcome> => {
    // One push per station at a time (also covers its very first one, before any row exists).
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [AUDIT_NAMESPACE, station.stationId]);
    const chain = await storedChain(tx, station.stationId);
    const actor = { kind: 'station' as const, stationId: station.stationId, name: station.name };
    if (chain && chain.publicKey !== request.publicKey) {
      await recordServerAudit(tx, actor, 'audit.key-mismatch', { registeredKey: chain.publicKey, offeredKey: request.publicKey });
      return {
        refused: new ApiError(
          409,
          'AUDIT_KEY_MISMATCH',
          'These audit entries are signed with a different key than the one this station registered with its first audit push. A station keeps one audit key for life: the entries were not accepted.',
          { registeredKey: chain.publicKey },
        ),
      };
    }
    const after: ChainHead = chain?.head ?? { seq: 0, hash: '0'.repeat(64) };

    // Entries the server already holds must be exactly the held ones (a retry); the rest must continue the head.
    const overlap = request.entries.filter((e) => e.seq <= after.seq);
    const fresh = request.entries.filter((e) => e.seq > after.seq);
    const findings: AuditFinding[] = [];
    if (overlap.length > 0) {
      const held = new Map(
        (await tx.query<{ seq: number | string; entry: unknown }>('SELECT seq, entry FROM audit_entries WHERE station_id = $1 AND seq = ANY($2::bigint[])', [station.stationId, overlap.map((e) => e.seq)])).map(
          (r) => [Number(r.seq), canonicalJson(r.entry)],
        ),
      );
      for (const entry of overlap) {
        if (held.get(entry.seq) !== canonicalJson(entry)) {
          findings.push({ seq: entry.seq, problem: 'hash-mismatch', message: `Entry ${entry.seq} differs from the entry ${entry.seq} the server already holds from this station: the trail was rewritten.` });
        }
      }
      // Entries after the held ones must come after them all, in order.
      if (fresh.length > 0 && request.entries.indexOf(fresh[0]!) < request.entries.indexOf(overlap[overlap.length - 1]!)) {
        findings.push({ seq: fresh[0]!.seq, problem: 'sequence-gap', message: `Entry ${fresh[0]!.seq} comes before entries the server already holds: entries are out of order.` });
      }
    }
    const verified = verifyAuditChain(fresh, { publicKey: request.publicKey, stationId: station.stationId, after, ed25519: nodeEd25519 });
    findings.push(...verified.findings);
    if (findings.length > 0) {
      await recordServerAudit(tx, actor, 'audit.chain-broken', { heldHead: after, findings });
      return {
        refused: new ApiError(
          409,
          'AUDIT_CHAIN_BROKEN',
          `These audit entries do not continue the trail the server holds from this station (up to entry ${after.seq}): ${findings[0]!.message}${findings.length > 1 ? ` (and ${findings.length - 1} more finding${findings.length > 2 ? 's' : ''})` : ''} Nothing was accepted; the break is recorded on the server.`,
          { findings, head: after.seq > 0 ? after : null },
        ),
      };
    }
    if (fresh.length === 0) return { ok: { head: after.seq > 0 ? after : null, publicKey: request.publicKey, serverTime: new Date().toISOString() } };

    const head = verified.ok ? verified.head : after;
    await tx.query(
      `INSERT INTO audit_entries (station_id, seq, hash, entry, received_at)
       SELECT $1, (e->>'seq')::bigint, e->>'hash', e, now() FROM jsonb_array_elements($2::jsonb) AS t(e)`,
      [station.stationId, JSON.stringify(fresh)],
    );
    await tx.query(
      `INSERT INTO audit_chains (station_id, public_key, head_seq, head_hash, updated_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (station_id) DO UPDATE SET head_seq = EXCLUDED.head_seq, head_hash = EXCLUDED.head_hash, updated_at = EXCLUDED.updated_at`,
      [station.stationId, request.publicKey, head.seq, head.hash],
    );
    return { ok: { head, publicKey: request.publicKey, serverTime: new Date().toISOString() } };
  });
  if ('refused' in outcome) throw outcome.refused;
  return outcome.ok;
}

/** Everything the server holds of one station's chain, in order (for an auditor's export). */
export async function exportAuditChain(q: Queryable, stationId: string): Promise<AuditExport> {
  const [station] = await q.query('SELECT 1 FROM stations WHERE id = $1', [stationId]);
  if (!station) throw new ApiError(404, 'NOT_FOUND', `No station ${stationId} is registered on this server. List the stations (server-admin list-stations) for their ids.`);
  const chain = await storedChain(q, stationId);
  const rows = await q.query<{ entry: AuditEntry }>('SELECT entry FROM audit_entries WHERE station_id = $1 ORDER BY seq', [stationId]);
  return { stationId, publicKey: chain?.publicKey ?? null, head: chain && chain.head.seq > 0 ? chain.head : null, entries: rows.map((r) => r.entry) };
}
