import { z } from 'zod';
import { ChainCheck } from '../../shared/contract/operators';
import { AuditAction, AuditEntry, ChainHeadSchema } from '../../shared/domain/audit-chain';
import { AuditBundle } from './bundle';

/**
 * What crosses between the station's main thread and the audit worker (audit-worker.ts).
 * Both sides parse what they receive and what they send with these schemas.
 */

/** Given once, when the worker starts. */
export const WorkerSetup = z.strictObject({
  publicKey: z.string().regex(/^[0-9a-f]{64}$/),
  stationId: z.string(),
  /** A signature is verified every this many entries (and at the head). */
  checkpointEvery: z.number().int().positive(),
});
export type WorkerSetup = z.infer<typeof WorkerSetup>;

const BundleHeader = AuditBundle.omit({ entries: true, bundleHash: true, signature: true });

export const WorkerRequest = z.discriminatedUnion('kind', [
  /** Check everything received so far against the head the server acknowledged. */
  z.strictObject({ kind: z.literal('check'), acknowledgedHead: ChainHeadSchema.nullable() }),
  /** The Audit view's search and a person's History: newest first. */
  z.strictObject({
    kind: z.literal('list'),
    employeeNumber: z.string().optional(),
    text: z.string(),
    limit: z.number().int().positive(),
    acknowledgedHead: ChainHeadSchema.nullable(),
  }),
  /** Every entry about one person, oldest first (the person's page). */
  z.strictObject({ kind: z.literal('history'), employeeNumber: z.string() }),
  /** Whether an entry with this action and record is in the trail. */
  z.strictObject({ kind: z.literal('logged'), action: AuditAction, recordId: z.string() }),
  z.strictObject({ kind: z.literal('csv') }),
  /** The signed bundle's JSON; the key signs in the worker so the whole trail never crosses back. */
  z.strictObject({ kind: z.literal('bundle'), header: BundleHeader, secretKey: z.string().regex(/^[0-9a-f]{64}$/) }),
]);
export type WorkerRequest = z.infer<typeof WorkerRequest>;

export const ToWorker = z.discriminatedUnion('type', [
  /** A snapshot segment as stored: a JSON array of `count` entries, UTF-8. */
  z.strictObject({ type: z.literal('segment'), json: z.custom<Uint8Array>((value) => value instanceof Uint8Array), count: z.number().int().min(0) }),
  /** Entries committed since, in order. */
  z.strictObject({ type: z.literal('append'), entries: z.array(AuditEntry) }),
  z.strictObject({ type: z.literal('request'), id: z.number().int(), request: WorkerRequest }),
]);
export type ToWorker = z.infer<typeof ToWorker>;

export const ListResult = z.strictObject({
  entries: z.array(AuditEntry),
  total: z.number().int().min(0),
  /** The check as far as it has got (a person's History does not wait for it). */
  soFar: ChainCheck,
});

/** What each request answers. */
export const RESULTS = {
  check: ChainCheck,
  list: ListResult,
  history: z.array(AuditEntry),
  logged: z.boolean(),
  csv: z.string(),
  bundle: z.string(),
} satisfies Record<WorkerRequest['kind'], z.ZodType>;
export type WorkerResult<K extends WorkerRequest['kind']> = z.infer<(typeof RESULTS)[K]>;

export const FromWorker = z.discriminatedUnion('ok', [
  z.strictObject({ type: z.literal('reply'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.strictObject({ type: z.literal('reply'), id: z.number().int(), ok: z.literal(false), error: z.string() }),
]);
export type FromWorker = z.infer<typeof FromWorker>;
