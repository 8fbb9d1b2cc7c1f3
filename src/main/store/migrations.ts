import { randomBytes } from 'node:crypto';
import { StationError } from '../../shared/contract/errors';
import { generateAuditKeyPair, type AuditEntry } from '../../shared/domain/audit-chain';
import { chainLegacyEntry, type LegacyAuditEntry } from '../audit/legacy-entries';
import { SCHEMA_VERSION } from './document';

type Json = Record<string, unknown>;

/**
 * Upgrades a document from each older schema version to the next. Add one step per
 * version; never change a step once released (stores in the field were written by it).
 */
const STEPS: Record<number, (doc: Json) => Json> = {
  // 1 → 2: History entries gain `seq`, their order on this station (for sync and the audit chain).
  1: (doc) => ({
    ...doc,
    schemaVersion: 2,
    audit: (doc.audit as Json[]).map((entry, index) => ({ ...entry, seq: index + 1 })),
  }),
  // 2 → 3: enrolled cards (+ Device).
  2: (doc) => ({ ...doc, schemaVersion: 3, devices: [] }),
  // 3 → 4: sync with the central server (outbox, sync state, reviews, leased number blocks).
  3: (doc) => ({
    ...doc,
    schemaVersion: 4,
    employeeNumbers: { ...(doc.employeeNumbers as Json), next: [] },
    outbox: [],
    sync: { server: null, lastSeq: 0, cursor: 0, pendingLeaseId: null, clockOffsetMs: null, lastSuccessAt: null },
    reviews: [],
    serverCredentialTypes: null,
  }),
  // 4 → 5: mobile credentials reported by the server.
  4: (doc) => ({ ...doc, schemaVersion: 5, mobileCredentials: [] }),
  // 5 → 6: the operator registry from the server (sign-in, roles).
  // 5 → 6: operator sign-in and the audit chain: the registry from the server, the
  // station's audit key, History entries linked and signed in order, the audit head the
  // server acknowledged and how fresh the registry is.
  5: (doc) => {
    const auditKey = generateAuditKeyPair((n) => randomBytes(n));
    const audit: AuditEntry[] = [];
    for (const entry of doc.audit as LegacyAuditEntry[]) audit.push(chainLegacyEntry(audit.at(-1), entry, auditKey.secretKey));
    return {
      ...doc,
      schemaVersion: 6,
      operatorRegistry: null,
      auditKey,
      audit,
      sync: { ...(doc.sync as Json), auditAcked: null, registryCheckedAt: null },
    };
  },
};

/** Brings a decrypted document up to the current schema version, or refuses clearly. */
export function migrate(doc: unknown, file: string): { doc: unknown; from: number } {
  const version = (doc as Json | null)?.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new StationError('STORE_UNREADABLE', `The station's data file ${file} has no format version. Keep it for support.`, { file, reason: 'damaged' });
  }
  if (version > SCHEMA_VERSION) {
    throw new StationError(
      'STORE_UNREADABLE',
      `The station's data file ${file} was written by a newer version of Enrollment Station (format ${version}; this version reads up to ${SCHEMA_VERSION}). Update the station software.`,
      { file, reason: 'newer-format' },
    );
  }
  let current = doc as Json;
  for (let v = version; v < SCHEMA_VERSION; v++) current = STEPS[v]!(current);
  return { doc: current, from: version };
}
