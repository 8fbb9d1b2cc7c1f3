import { z } from 'zod';
import { AuditEntry } from '../../shared/domain/audit-chain';
import { chainLegacyEntry, LegacyAuditEntry } from '../audit/legacy-entries';
import { OutboxEntry, Review } from '../../shared/contract/server-protocol';
import { Applicant } from '../../shared/domain/applicant';
import { CredentialType } from '../../shared/domain/credential-types';
import { Device } from '../../shared/domain/device';
import { EmployeeNumberAllocator } from '../../shared/domain/employee-number';
import { MobileCredential } from '../../shared/domain/mobile-credential';
import { OperatorRegistry } from '../../shared/domain/operator';
import { SyncState, type StoreDocument } from './document';

/**
 * One change to the station's document. A commit is a list of changes written as
 * one journal record: all of them are saved, or none. Each kind is schema-checked
 * when written and again when read back from disk.
 */
export const Change = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('applicant.added'), applicant: Applicant }),
  /** The server's copy of an applicant (from any station, or this one's own, made canonical). */
  z.strictObject({ kind: z.literal('applicant.upserted'), applicant: Applicant }),
  /** `LegacyAuditEntry`: a journal record written before the audit chain (linked and signed when replayed). */
  z.strictObject({ kind: z.literal('audit.appended'), entry: z.union([AuditEntry, LegacyAuditEntry]) }),
  z.strictObject({ kind: z.literal('employee-numbers.set'), allocator: EmployeeNumberAllocator }),
  z.strictObject({ kind: z.literal('device.enrolled'), device: Device }),
  z.strictObject({ kind: z.literal('device.upserted'), device: Device }),
  /** A change for the server, saved in the same record as the change itself. */
  z.strictObject({ kind: z.literal('outbox.enqueued'), entry: OutboxEntry }),
  /** The server applied every entry up to and including `throughSeq`. */
  z.strictObject({ kind: z.literal('outbox.acknowledged'), throughSeq: z.number().int().min(0) }),
  z.strictObject({ kind: z.literal('sync.updated'), patch: SyncState.partial() }),
  z.strictObject({ kind: z.literal('review.upserted'), review: Review }),
  z.strictObject({ kind: z.literal('credential-types.set'), credentialTypes: z.array(CredentialType).min(1) }),
  z.strictObject({ kind: z.literal('mobile-credential.upserted'), credential: MobileCredential }),
  z.strictObject({ kind: z.literal('operator-registry.set'), registry: OperatorRegistry }),
]);
export type Change = z.infer<typeof Change>;

/** Position of each record by key, per array, so an upsert stays O(1) at 100,000 records. */
const positions = new WeakMap<object[], Map<string, number>>();

function upsert<T extends object>(list: T[], item: T, key: (t: T) => string): void {
  let index = positions.get(list);
  if (!index) {
    index = new Map(list.map((t, i) => [key(t), i]));
    positions.set(list, index);
  }
  const at = index.get(key(item));
  if (at === undefined) {
    index.set(key(item), list.length);
    list.push(item);
  } else {
    list[at] = item;
  }
}

function append<T extends object>(list: T[], item: T, key: (t: T) => string): void {
  positions.get(list)?.set(key(item), list.length);
  list.push(item);
}

const byNumber = (a: Applicant) => a.employeeNumber;
const byId = (d: { id: string }) => d.id;

/** Records indexed per event-loop turn by `indexPositions` (≈ 2 ms). */
const POSITION_SLICE = 10_000;

async function indexList<T extends object>(list: T[], key: (t: T) => string): Promise<void> {
  if (positions.has(list)) return;
  const index = new Map<string, number>();
  for (let at = 0; at < list.length; at += POSITION_SLICE) {
    const end = Math.min(list.length, at + POSITION_SLICE);
    for (let i = at; i < end; i++) index.set(key(list[i]!), i);
    await new Promise((resolve) => setImmediate(resolve));
  }
  positions.set(list, index);
}

/**
 * Builds the positions upserts use, a slice per event-loop turn: built on the first upsert
 * instead, a million applicants would stall the station for a few hundred milliseconds.
 * Call before any change is applied (the lists must not grow meanwhile).
 */
export async function indexPositions(doc: StoreDocument): Promise<void> {
  await indexList(doc.applicants, byNumber);
  await indexList(doc.devices, byId);
}

/**
 * Applies changes to the document in place (the store owns it; readers see each
 * commit complete because changes are applied only after they are durable).
 */
export function applyChanges(doc: StoreDocument, changes: readonly Change[]): void {
  for (const change of changes) {
    switch (change.kind) {
      case 'applicant.added':
        append(doc.applicants, change.applicant, byNumber);
        break;
      case 'applicant.upserted':
        upsert(doc.applicants, change.applicant, byNumber);
        break;
      case 'audit.appended':
        doc.audit.append('hash' in change.entry ? change.entry : chainLegacyEntry(doc.audit.head, change.entry, doc.auditKey.secretKey));
        break;
      case 'employee-numbers.set':
        doc.employeeNumbers = change.allocator;
        break;
      case 'device.enrolled':
        append(doc.devices, change.device, byId);
        break;
      case 'device.upserted':
        upsert(doc.devices, change.device, byId);
        break;
      case 'outbox.enqueued':
        doc.outbox.push(change.entry);
        doc.sync = { ...doc.sync, lastSeq: change.entry.seq };
        break;
      case 'outbox.acknowledged': {
        const keep = doc.outbox.findIndex((e) => e.seq > change.throughSeq);
        doc.outbox.splice(0, keep === -1 ? doc.outbox.length : keep);
        break;
      }
      case 'sync.updated':
        doc.sync = { ...doc.sync, ...change.patch };
        break;
      case 'review.upserted':
        upsert(doc.reviews, change.review, byId);
        break;
      case 'credential-types.set':
        doc.serverCredentialTypes = change.credentialTypes;
        break;
      case 'mobile-credential.upserted':
        upsert(doc.mobileCredentials, change.credential, (c) => c.credentialId);
        break;
      case 'operator-registry.set':
        doc.operatorRegistry = change.registry;
        break;
    }
  }
}
