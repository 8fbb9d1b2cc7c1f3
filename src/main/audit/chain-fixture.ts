import { randomBytes } from 'node:crypto';
import { GENESIS_HASH, generateAuditKeyPair, sealAuditEntry, type AuditEntry } from '../../shared/domain/audit-chain';
import { nodeEd25519 } from '../../node/crypto';
import { AUDIT_SEGMENT, type AuditSegmentJson } from '../store/audit-log';

/** Tests: a station's signed History of `length` entries, and the same as snapshot segments. */

export const STATION_ID = 'station-1';
export const stationKeys = generateAuditKeyPair((n) => randomBytes(n));

export function signedChain(length: number, from: AuditEntry | undefined = undefined): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let previous = from;
  for (let i = 0; i < length; i++) {
    const seq = (previous?.seq ?? 0) + 1;
    previous = sealAuditEntry(
      {
        id: `entry-${seq}`,
        seq,
        at: new Date(Date.UTC(2026, 10, 28, 9, 0, 0, seq)).toISOString(),
        action: seq % 3 === 0 ? 'invitation.redeemed' : 'applicant.created',
        employeeNumber: String(10_000_000 + (seq % 50)),
        recordId: `record-${seq}`,
        operator: seq % 2 ? 'Alice Clerk' : 'Bob Clerk',
        stationId: STATION_ID,
        stationName: 'Front Desk',
        summary: `Applicant number ${seq} added`,
        prevHash: previous?.hash ?? GENESIS_HASH,
      },
      stationKeys.secretKey,
      nodeEd25519,
    );
    entries.push(previous);
  }
  return entries;
}

/** Re-links and re-signs `entries` after `previous` with `secretKey`: what someone rewriting the History would do. */
export function resealed(entries: readonly AuditEntry[], previous: AuditEntry | undefined, secretKey: string): AuditEntry[] {
  return entries.map((entry) => {
    previous = sealAuditEntry({ ...entry, prevHash: previous?.hash ?? GENESIS_HASH }, secretKey, nodeEd25519);
    return previous;
  });
}

export function segmentsOf(entries: readonly unknown[]): AuditSegmentJson[] {
  const segments: AuditSegmentJson[] = [];
  for (let i = 0; i < entries.length; i += AUDIT_SEGMENT) {
    const part = entries.slice(i, i + AUDIT_SEGMENT);
    segments.push({ json: Buffer.from(JSON.stringify(part)), count: part.length });
  }
  return segments;
}
