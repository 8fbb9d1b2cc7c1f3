import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, generateAuditKeyPair, nobleEd25519, sealAuditEntry, verifyAuditChain, type AuditEntry } from '../../shared/domain/audit-chain';
import { nodeEd25519 } from '../../node/crypto';

const keys = generateAuditKeyPair((n) => randomBytes(n));

function chain(length: number, key = keys.secretKey): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let seq = 1; seq <= length; seq++) {
    entries.push(
      sealAuditEntry(
        {
          id: `entry-${seq}`,
          seq,
          at: new Date(Date.UTC(2026, 10, 28, 9, 0, seq)).toISOString(),
          action: seq % 2 ? 'applicant.created' : 'device.enrolled',
          employeeNumber: String(10_000_000 + seq),
          operator: 'Alice Clerk',
          operatorFingerprint: 'a'.repeat(64),
          stationId: 'station-1',
          stationName: 'Front Desk',
          summary: `Applicant number ${seq} added`,
          prevHash: entries.at(-1)?.hash ?? GENESIS_HASH,
        },
        key,
      ),
    );
  }
  return entries;
}

const verify = (entries: readonly unknown[], extra: object = {}) => verifyAuditChain(entries, { publicKey: keys.publicKey, stationId: 'station-1', ...extra });
const problems = (entries: readonly unknown[], extra: object = {}) => verify(entries, extra).findings.map((f) => `${f.seq}:${f.problem}`);

describe('the audit chain', () => {
  it('accepts an untouched chain and names its head', () => {
    const entries = chain(6);
    expect(verify(entries)).toEqual({ ok: true, head: { seq: 6, hash: entries[5]!.hash }, findings: [] });
  });

  it('detects one flipped character in any field', () => {
    const entries = chain(5);
    const changed = entries.map((e, i) => (i === 2 ? { ...e, summary: e.summary.replace('number', 'numbeR') } : e));
    expect(problems(changed)).toEqual(['3:hash-mismatch']);
    const renamed = entries.map((e, i) => (i === 1 ? { ...e, operator: 'Mallory' } : e));
    expect(problems(renamed)).toEqual(['2:hash-mismatch']);
  });

  it('detects an entry re-hashed after a change (its signature and the next link no longer match)', () => {
    const entries = chain(4);
    const forged = sealAuditEntry({ ...entries[1]!, summary: 'nothing happened' }, generateAuditKeyPair((n) => randomBytes(n)).secretKey);
    expect(problems([entries[0], forged, entries[2], entries[3]])).toEqual(['2:bad-signature', '3:broken-link']);
  });

  it('detects a deleted entry', () => {
    const entries = chain(5);
    expect(problems([...entries.slice(0, 2), ...entries.slice(3)])).toEqual(['4:sequence-gap', '4:broken-link']);
  });

  it('detects two entries swapped', () => {
    const entries = chain(5);
    const swapped = [entries[0], entries[2], entries[1], entries[3], entries[4]];
    expect(problems(swapped)).toEqual(['3:sequence-gap', '3:broken-link', '2:sequence-gap', '2:broken-link', '4:sequence-gap', '4:broken-link']);
  });

  it('detects a cut-off tail against the head the server acknowledged', () => {
    const entries = chain(6);
    const acknowledgedHead = { seq: 6, hash: entries[5]!.hash };
    expect(verify(entries, { acknowledgedHead }).ok).toBe(true);
    expect(problems(entries.slice(0, 4), { acknowledgedHead })).toEqual(['6:truncated']);
  });

  it('detects a tail rewritten after the acknowledged head', () => {
    const entries = chain(6);
    const acknowledgedHead = { seq: 5, hash: entries[4]!.hash };
    // Entries 5 and 6 rewritten and re-signed with the station's own key: a consistent chain…
    const fifth = sealAuditEntry({ ...entries[4]!, summary: 'Applicant number 5 never existed' }, keys.secretKey);
    const sixth = sealAuditEntry({ ...entries[5]!, prevHash: fifth.hash }, keys.secretKey);
    const rewritten = [...entries.slice(0, 4), fifth, sixth];
    expect(verify(rewritten).ok).toBe(true);
    // …that no longer holds the entry the server acknowledged.
    expect(problems(rewritten, { acknowledgedHead })).toEqual(['5:hash-mismatch']);
  });

  it('continues from a known head (the server checks each push after what it holds)', () => {
    const entries = chain(6);
    expect(verify(entries.slice(3), { after: { seq: 3, hash: entries[2]!.hash } }).ok).toBe(true);
    expect(problems(entries.slice(4), { after: { seq: 3, hash: entries[2]!.hash } })).toEqual(['5:sequence-gap', '5:broken-link']);
  });

  it('reports malformed entries and entries of another station instead of failing', () => {
    const entries = chain(2);
    expect(problems([entries[0], { seq: 2, nonsense: true }])).toEqual(['2:malformed']);
    const elsewhere = chain(1).map((e) => sealAuditEntry({ ...e, stationId: 'station-2' }, keys.secretKey));
    expect(problems(elsewhere)).toEqual(['1:wrong-station']);
  });

  it("signs the same way with noble and Node's native Ed25519", () => {
    const hash = chain(1)[0]!.hash;
    expect(nodeEd25519.sign(hash, keys.secretKey)).toBe(nobleEd25519.sign(hash, keys.secretKey));
    expect(nodeEd25519.verify(nobleEd25519.sign(hash, keys.secretKey), hash, keys.publicKey)).toBe(true);
    expect(verifyAuditChain(chain(3), { publicKey: keys.publicKey, ed25519: nodeEd25519 }).ok).toBe(true);
  });
});
