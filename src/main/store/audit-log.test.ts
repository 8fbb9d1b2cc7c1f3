import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateAuditKeyPair, GENESIS_HASH, sealAuditEntry, type AuditEntry } from '../../shared/domain/audit-chain';
import { nodeEd25519 } from '../../node/crypto';
import { AUDIT_SEGMENT, AuditLog, AuditSegmentError } from './audit-log';

const key = generateAuditKeyPair((n) => randomBytes(n));
const stationId = randomUUID();

function chain(count: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const body = { id: randomUUID(), seq, at: '2026-12-08T09:00:00.000Z', action: 'applicant.created' as const, employeeNumber: String(10_000_000 + seq), operator: 'Alice Clerk', stationId, stationName: 'Front Desk', summary: `Applicant ${seq} added`, prevHash: entries.at(-1)?.hash ?? GENESIS_HASH };
    entries.push(sealAuditEntry(body, key.secretKey, nodeEd25519));
  }
  return entries;
}

/** A log as a snapshot opens it: segments of bytes, nothing parsed. */
const fromSnapshot = (entries: AuditEntry[]) => new AuditLog(AuditLog.of(entries).segmentsJson(), entries.at(-1));

describe('the History in memory (AuditLog)', () => {
  const entries = chain(2 * AUDIT_SEGMENT + 17);

  it('keeps every entry in order across segments, and its head', () => {
    const log = fromSnapshot(entries);
    expect(log.length).toBe(entries.length);
    expect(log.head).toEqual(entries.at(-1));
    expect(log.toArray()).toEqual(entries);
    expect(log.segmentsJson().map((s) => s.count)).toEqual([AUDIT_SEGMENT, AUDIT_SEGMENT, 17]);
  });

  it('reads a range, and what sync sends after an acknowledged entry, across a segment boundary', () => {
    const log = fromSnapshot(entries);
    expect(log.slice(AUDIT_SEGMENT - 2, AUDIT_SEGMENT + 3).map((e) => e.seq)).toEqual([999, 1000, 1001, 1002, 1003]);
    expect(log.after(AUDIT_SEGMENT - 1, 3).map((e) => e.seq)).toEqual([1000, 1001, 1002]);
    expect(log.after(entries.length, 500)).toEqual([]);
  });

  it('appends after a snapshot’s segments without reading them, and the whole still round-trips', () => {
    const log = fromSnapshot(entries.slice(0, AUDIT_SEGMENT + 5));
    for (const entry of entries.slice(AUDIT_SEGMENT + 5)) log.append(entry);
    expect(log.head).toEqual(entries.at(-1));
    const reopened = new AuditLog(log.segmentsJson(), log.head);
    expect(reopened.toArray()).toEqual(entries);
    expect(JSON.parse(JSON.stringify({ audit: reopened })).audit).toEqual(entries);
  });

  it('refuses a segment that does not hold what it claims', () => {
    const [segment] = AuditLog.of(entries.slice(0, 3)).segmentsJson();
    const log = new AuditLog([{ json: segment!.json, count: 4 }], entries[2]);
    expect(() => log.toArray()).toThrow(AuditSegmentError);
    const changed = Buffer.from(segment!.json.toString('utf8').replace('"seq":2', '"seq":"two"'));
    expect(() => new AuditLog([{ json: changed, count: 3 }], entries[2]).toArray()).toThrow(AuditSegmentError);
    expect(() => new AuditLog([{ json: segment!.json, count: 3 }], undefined)).toThrow(AuditSegmentError);
  });
});
