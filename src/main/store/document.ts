import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AuditEntry, ChainHeadSchema, generateAuditKeyPair } from '../../shared/domain/audit-chain';
import { OutboxEntry, Review } from '../../shared/contract/server-protocol';
import { Applicant } from '../../shared/domain/applicant';
import { CredentialType } from '../../shared/domain/credential-types';
import { MobileCredential } from '../../shared/domain/mobile-credential';
import { OperatorRegistry } from '../../shared/domain/operator';
import { Device } from '../../shared/domain/device';
import { AuditLog } from './audit-log';
import { EmployeeNumberAllocator, type EmployeeNumberRange } from '../../shared/domain/employee-number';

export const SCHEMA_VERSION = 6;

/** The station's side of sync with the central server (see src/main/sync). */
export const SyncState = z.strictObject({
  /** Set once the station is registered: the server and this station's own credential (kept only here, encrypted). */
  server: z.strictObject({ url: z.string(), secret: z.string(), registeredAt: z.iso.datetime() }).nullable(),
  /** The last sequence number given to an outbox entry (1, 2, 3 … with no gaps). */
  lastSeq: z.number().int().min(0),
  /** The last entry of the server's change feed applied here. */
  cursor: z.number().int().min(0),
  /** A block of Employee Numbers asked for whose answer has not arrived: retried with the same id. */
  pendingLeaseId: z.uuid().nullable(),
  /** Server time minus station time at the last sync; the station's own clock is not trusted. */
  clockOffsetMs: z.number().nullable(),
  lastSuccessAt: z.iso.datetime().nullable(),
  /** The last audit entry the server acknowledged (its chain head for this station). */
  auditAcked: ChainHeadSchema.nullable(),
  /** Server time of the last successful pull: how fresh the operator registry (revocations) is. */
  registryCheckedAt: z.iso.datetime().nullable(),
});
export type SyncState = z.infer<typeof SyncState>;

export const NO_SYNC: SyncState = { server: null, lastSeq: 0, cursor: 0, pendingLeaseId: null, clockOffsetMs: null, lastSuccessAt: null, auditAcked: null, registryCheckedAt: null };

/** Everything the station keeps, as whole-document JSON (older snapshot formats, migrations). */
export const StoreDocument = z.strictObject({
  format: z.literal('enrollment-station/store'),
  schemaVersion: z.number().int(),
  stationId: z.uuid(),
  employeeNumbers: EmployeeNumberAllocator,
  applicants: z.array(Applicant),
  /** Cards enrolled for applicants (+ Device), with their credentials. */
  devices: z.array(Device),
  audit: z.array(AuditEntry),
  /** Changes saved here and not yet applied by the server, in order. */
  outbox: z.array(OutboxEntry),
  sync: SyncState,
  /** Possible duplicates found at sync ("Needs review"). */
  reviews: z.array(Review),
  /** Credential types and policies from the server; null until the first sync (the station's configuration applies). */
  serverCredentialTypes: z.array(CredentialType).nullable(),
  /** Mobile credentials as the server last reported them (invitation, ACTIVE with the phone, …). */
  mobileCredentials: z.array(MobileCredential),
  /** Operators, roles, trusted CAs and revoked certificates from the server; null until the first sync. */
  operatorRegistry: OperatorRegistry.nullable(),
  /** The station's Ed25519 key that signs its audit chain (the public half is registered with the server). */
  auditKey: z.strictObject({ secretKey: z.string().regex(/^[0-9a-f]{64}$/), publicKey: z.string().regex(/^[0-9a-f]{64}$/) }),
});
export type StoredDocument = z.infer<typeof StoreDocument>;
/** The document in memory: the History is an `AuditLog`, read a segment at a time. */
export type StoreDocument = Omit<StoredDocument, 'audit'> & { audit: AuditLog };

/** The in-memory form of a whole-document JSON value. */
export function fromStored(doc: StoredDocument): StoreDocument {
  return { ...doc, audit: AuditLog.of(doc.audit) };
}

export function emptyDocument(range: EmployeeNumberRange): StoreDocument {
  return {
    format: 'enrollment-station/store',
    schemaVersion: SCHEMA_VERSION,
    stationId: randomUUID(),
    employeeNumbers: { range, lastIssued: null, next: [] },
    applicants: [],
    devices: [],
    audit: new AuditLog(),
    outbox: [],
    sync: NO_SYNC,
    reviews: [],
    serverCredentialTypes: null,
    mobileCredentials: [],
    operatorRegistry: null,
    auditKey: generateAuditKeyPair((n) => randomBytes(n)),
  };
}
