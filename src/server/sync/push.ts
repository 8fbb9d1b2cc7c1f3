import type { FeedChange, MutationResult, OutboxEntry, PushRequest, PushResponse } from '../../shared/contract/server-protocol';
import type { CredentialType } from '../../shared/domain/credential-types';
import type { Device } from '../../shared/domain/device';
import { isRetryable, type Database, type Queryable } from '../db/database';
import { IDENTITY_NAMESPACE } from '../db/locks';
import { ApiError, MutationRefused } from '../errors';
import { checkRole, identifyOperator, signInConfigured, type ActingOperator } from '../operators/authorize';
import type { Action } from '../../shared/domain/roles';
import { mutationTextIssues, mutationTextRefusal } from '../text-guard';
import { applyMutation, identityLockIds, receivedApplicant } from './apply-mutation';
import { createApplicantsInBulk } from './bulk-applicants';
import { canonicalJson, sha256Hex } from './canonical-json';
import { currentCredentialTypes } from './credential-types';
import { appendFeed } from './feed';

/** The identity of a mutation's content: a retry must hash the same, a reuse of its id will not. */
export function contentHash(entry: Pick<OutboxEntry, 'seq' | 'mutation'>): string {
  return sha256Hex(canonicalJson({ seq: entry.seq, mutation: entry.mutation }));
}

export interface PushOutcome {
  response: PushResponse;
  /** Whether anything reached the feed (so long polls should be woken). */
  published: boolean;
}

const MAX_ATTEMPTS = 5;

/** The permission each mutation needs (roles.ts). */
const MUTATION_ACTION: Record<OutboxEntry['mutation']['kind'], Action> = {
  'applicant.create': 'applicant.create',
  'device.enroll': 'device.enroll',
  'review.resolve': 'review.resolve',
  'credential.decide': 'credential.decide',
};

/**
 * Applies a station's batch exactly once, in order, in ONE transaction that holds the
 * station's row (FOR UPDATE), so two pushes from the same station take turns and
 * `last_applied_seq` moves with the changes it covers.
 *
 * Each mutation runs under a SAVEPOINT. When one is refused, the applied prefix is kept
 * and answered (200, fewer results than sent); when the first one is refused, the
 * refusal itself is the answer, so a retry of the rest gets it too.
 */
export async function applyPush(db: Database, stationId: string, request: PushRequest): Promise<PushOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction((tx) => pushInTransaction(tx, stationId, request));
    } catch (error) {
      // A deadlock or serialization failure rolled everything back: the same batch can simply run again.
      if (attempt < MAX_ATTEMPTS && isRetryable(error)) {
        await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
        continue;
      }
      throw error;
    }
  }
}

async function pushInTransaction(tx: Queryable, stationId: string, request: PushRequest): Promise<PushOutcome> {
  const [station] = await tx.query<{ last_applied_seq: number; revoked_at: unknown }>(
    'SELECT last_applied_seq, revoked_at FROM stations WHERE id = $1 FOR UPDATE',
    [stationId],
  );
  if (!station) throw new ApiError(401, 'UNAUTHORIZED', 'This station is not registered on the server. Register it again with a new enrollment token.');
  if (station.revoked_at) throw new ApiError(403, 'STATION_REVOKED', 'This station was revoked by an administrator; it can no longer sync. Ask for a new enrollment token.');

  // Lock every identity key the batch may insert, before touching any row: two stations
  // adding the same person at once are then serialized, and the second sees the first
  // and opens a Review instead of both slipping past each other. Ascending order keeps two
  // batches from waiting on each other's locks (and a deadlock is retried anyway).
  const lockIds = [...new Set(request.mutations.flatMap((e) => (e.mutation.kind === 'applicant.create' ? identityLockIds(e.mutation.applicant) : [])))].sort((x, y) => x - y);
  if (lockIds.length > 0) {
    await tx.query('SELECT count(pg_advisory_xact_lock($1, id)) FROM (SELECT unnest($2::int[]) AS id ORDER BY 1) AS ids', [IDENTITY_NAMESPACE, lockIds]);
  }

  // What the server already holds for these ids, read once for the batch (the station's
  // row lock means no other push of this station can add any meanwhile).
  const known = new Map<string, { stationId: string; hash: string; result: MutationResult }>();
  const storedRows = await tx.query<{ mutation_id: string; station_id: string; content_hash: string; result: MutationResult }>(
    'SELECT mutation_id, station_id, content_hash, result FROM mutations WHERE mutation_id = ANY($1::uuid[])',
    [request.mutations.map((e) => e.mutationId)],
  );
  for (const row of storedRows) known.set(row.mutation_id, { stationId: row.station_id, hash: row.content_hash, result: row.result });

  let lastApplied = station.last_applied_seq;
  const results: MutationResult[] = [];
  const feed: FeedChange[] = [];
  const appliedNow: Array<{ mutation_id: string; seq: number; kind: string; content_hash: string; result: MutationResult }> = [];
  let refusal: ApiError | undefined;
  let types: CredentialType[] | undefined;
  // Read once: a registry change commits before or after this whole push.
  const configured = await signInConfigured(tx);
  const credentialTypes = async (): Promise<CredentialType[]> => (types ??= await currentCredentialTypes(tx));

  const settle = (entry: OutboxEntry, hash: string, result: MutationResult): void => {
    known.set(entry.mutationId.toLowerCase(), { stationId, hash, result });
    appliedNow.push({ mutation_id: entry.mutationId, seq: entry.seq, kind: entry.mutation.kind, content_hash: hash, result });
    lastApplied = entry.seq;
    results.push(result);
  };
  // A refused decision comes back with the server's device, so the station shows what really holds.
  const refuse = async (entry: OutboxEntry, hash: string, error: MutationRefused): Promise<void> => {
    const device = entry.mutation.kind === 'credential.decide' ? await deviceOnServer(tx, entry.mutation.deviceId) : undefined;
    settle(entry, hash, { mutationId: entry.mutationId, seq: entry.seq, outcome: 'refused', refusal: { code: error.code, message: error.message }, ...(device ? { device } : {}), reviewsOpened: [] });
  };
  // One operator per push, mostly: identified once each (the registry is read as of this push anyway).
  const operators = new Map<string, Promise<ActingOperator>>();
  const operatorFor = (entry: OutboxEntry): Promise<ActingOperator> => {
    const action = MUTATION_ACTION[entry.mutation.kind];
    const key = `${entry.operator ?? ''} ${action}`;
    let found = operators.get(key);
    if (!found) {
      found = identifyOperator(tx, entry.operator, action);
      found.catch(() => undefined);
      operators.set(key, found);
    }
    return found;
  };

  /** Applies one mutation under a savepoint (a refusal undoes its writes, the prefix stays); an ApiError ends the batch. */
  const applyOne = async (entry: OutboxEntry, hash: string, operatorName: string | undefined): Promise<ApiError | undefined> => {
    await tx.query('SAVEPOINT mutation');
    try {
      const applied = await applyMutation(
        { tx, stationId, mutationId: entry.mutationId, seq: entry.seq, credentialTypes, operatorFingerprint: entry.operator, operatorName, signInConfigured: configured },
        entry.mutation,
      );
      await tx.query('RELEASE SAVEPOINT mutation');
      settle(entry, hash, { mutationId: entry.mutationId, seq: entry.seq, outcome: 'applied', ...applied.result });
      feed.push(...applied.feed);
      return undefined;
    } catch (error) {
      if (!(error instanceof ApiError) && !(error instanceof MutationRefused)) throw error;
      await tx.query('ROLLBACK TO SAVEPOINT mutation');
      if (!(error instanceof MutationRefused)) return error;
      await refuse(entry, hash, error);
      return undefined;
    }
  };

  // Consecutive plain new applicants wait here and are applied together (bulk-applicants.ts).
  let run: Array<{ entry: OutboxEntry & { mutation: { kind: 'applicant.create' } }; hash: string; operatorName: string | undefined }> = [];
  const runIds = new Set<string>();
  const flushRun = async (): Promise<void> => {
    const waiting = run;
    run = [];
    runIds.clear();
    if (waiting.length === 0) return;
    const applied = await createApplicantsInBulk(tx, stationId, waiting.map((w) => receivedApplicant(w.entry.mutation.applicant, w.entry.operator)));
    if (applied) {
      waiting.forEach((w, i) => {
        settle(w.entry, w.hash, { mutationId: w.entry.mutationId, seq: w.entry.seq, outcome: 'applied', ...applied[i]!.result });
        feed.push(...applied[i]!.feed);
      });
      return;
    }
    for (const w of waiting) {
      refusal = await applyOne(w.entry, w.hash, w.operatorName);
      if (refusal) return;
    }
  };
  /** A new applicant that passes every check up front can join the run; anything else is applied on its own. */
  const joinsRun = async (entry: OutboxEntry, hash: string): Promise<boolean> => {
    const id = entry.mutationId.toLowerCase();
    if (entry.mutation.kind !== 'applicant.create' || known.has(id) || runIds.has(id) || entry.seq !== lastApplied + run.length + 1) return false;
    if (mutationTextIssues(entry.mutation).length > 0) return false;
    const typeId = entry.mutation.applicant.credentialTypeId;
    if ((await credentialTypes()).some((t) => t.id === typeId && t.retired)) return false;
    let operatorName: string | undefined;
    if (configured) {
      try {
        const operator = await operatorFor(entry);
        checkRole(operator, MUTATION_ACTION[entry.mutation.kind]);
        operatorName = operator.name;
      } catch {
        return false;
      }
    }
    run.push({ entry: entry as OutboxEntry & { mutation: { kind: 'applicant.create' } }, hash, operatorName });
    runIds.add(id);
    return true;
  };

  for (const entry of request.mutations) {
    const hash = contentHash(entry);
    if (await joinsRun(entry, hash)) continue;
    await flushRun();
    if (refusal) break;
    const stored = known.get(entry.mutationId.toLowerCase());
    try {
      if (stored) {
        if (stored.stationId !== stationId || stored.hash !== hash) {
          throw new ApiError(
            409,
            'MUTATION_ID_REUSED',
            `Mutation id ${entry.mutationId} was already used for a different change. A mutation id names one change forever: give this change a new id.`,
            { mutationId: entry.mutationId, seq: entry.seq },
          );
        }
        // A refusal stays a refusal: a retry is answered the same way.
        results.push(stored.result.outcome === 'refused' ? stored.result : { ...stored.result, outcome: 'already-applied' });
        continue;
      }
      if (entry.seq !== lastApplied + 1) {
        throw new ApiError(
          409,
          'SEQUENCE_GAP',
          `Mutation ${entry.seq} arrived but the server expects ${lastApplied + 1} next from this station. Send the outbox in order starting at ${lastApplied + 1}.`,
          { expectedSeq: lastApplied + 1, mutationId: entry.mutationId, seq: entry.seq },
        );
      }
    } catch (error) {
      refusal = error as ApiError;
      break;
    }

    // Text the station's own rules refuse (hidden characters, over-long, or what the
    // database cannot hold) is refused here, naming the field: delivered, never applied.
    const textProblems = mutationTextIssues(entry.mutation);
    if (textProblems.length > 0) {
      settle(entry, hash, { mutationId: entry.mutationId, seq: entry.seq, outcome: 'refused', refusal: { code: 'BAD_REQUEST', message: mutationTextRefusal(textProblems) }, reviewsOpened: [] });
      continue;
    }

    // Once sign-in is configured, every mutation names an operator allowed to make it.
    // One that is not is refused (delivered, not applied): it must not block the queue.
    let operatorName: string | undefined;
    if (configured) {
      try {
        const operator = await operatorFor(entry);
        checkRole(operator, MUTATION_ACTION[entry.mutation.kind]);
        operatorName = operator.name;
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        await refuse(entry, hash, MutationRefused.from(error));
        continue;
      }
    }

    refusal = await applyOne(entry, hash, operatorName);
    if (refusal) break;
  }
  if (!refusal) await flushRun();

  if (results.length === 0 && refusal) throw refusal;
  if (appliedNow.length > 0) {
    // Each applied mutation and its answer, in the same transaction as its effects and the new position.
    await tx.query(
      `INSERT INTO mutations (mutation_id, station_id, seq, kind, content_hash, result, applied_at)
       SELECT r.mutation_id, $1, r.seq, r.kind, r.content_hash, r.result, now()
         FROM jsonb_to_recordset($2::jsonb) AS r(mutation_id uuid, seq bigint, kind text, content_hash text, result jsonb)`,
      [stationId, JSON.stringify(appliedNow)],
    );
    await tx.query('UPDATE stations SET last_applied_seq = $2, last_seen_at = now() WHERE id = $1', [stationId, lastApplied]);
  }
  // Last, just before COMMIT (see feed.ts for why the feed takes turns).
  await appendFeed(tx, feed);
  return { response: { results, lastAppliedSeq: lastApplied, serverTime: new Date().toISOString() }, published: feed.length > 0 };
}

async function deviceOnServer(tx: Queryable, deviceId: string): Promise<Device | undefined> {
  const [row] = await tx.query<{ data: Device }>('SELECT data FROM devices WHERE id = $1', [deviceId]);
  return row?.data;
}
