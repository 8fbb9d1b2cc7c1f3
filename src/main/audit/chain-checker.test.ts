import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateAuditKeyPair, verifyAuditChain, type AuditEntry, type ChainHead } from '../../shared/domain/audit-chain';
import { nodeEd25519 } from '../../node/crypto';
import { ChainChecker } from './chain-checker';
import { resealed, signedChain, STATION_ID, stationKeys } from './chain-fixture';

const EVERY = 100;
const chain = signedChain(1_000);
const headOf = (entry: AuditEntry): ChainHead => ({ seq: entry.seq, hash: entry.hash });

function check(entries: readonly unknown[], acknowledgedHead: ChainHead | null = null) {
  const checker = new ChainChecker(entries, { publicKey: stationKeys.publicKey, stationId: STATION_ID, checkpointEvery: EVERY });
  while (checker.step());
  return checker.result(acknowledgedHead, true);
}
const problems = (entries: readonly unknown[], acknowledgedHead: ChainHead | null = null) => check(entries, acknowledgedHead).findings.map((f) => `${f.seq}:${f.problem}`);
/** What verifying every signature of the whole trail reports. */
const everySignature = (entries: readonly unknown[], acknowledgedHead?: ChainHead) =>
  verifyAuditChain(entries, { publicKey: stationKeys.publicKey, stationId: STATION_ID, ed25519: nodeEd25519, ...(acknowledgedHead ? { acknowledgedHead } : {}) });
const replaced = (at: number, entry: AuditEntry) => chain.map((e, i) => (i === at ? entry : e));

describe('the whole History checked range by range, signatures at checkpoints', () => {
  it('accepts an intact chain, reaching the acknowledged head', () => {
    expect(check(chain, headOf(chain[700]!))).toEqual({ ok: true, head: headOf(chain.at(-1)!), acknowledgedHead: headOf(chain[700]!), findings: [] });
    expect(check([])).toEqual({ ok: true, head: null, acknowledgedHead: null, findings: [] });
  });

  it('finds an entry changed after it was written', () => {
    const changed = replaced(449, { ...chain[449]!, summary: 'Applicant number 450 never existed' });
    expect(problems(changed)).toEqual(['450:hash-mismatch']);
  });

  it('finds an entry re-hashed and re-signed without the station key, behind a checkpoint', () => {
    const mallory = generateAuditKeyPair((n) => randomBytes(n)).secretKey;
    const [forged] = resealed([{ ...chain[449]!, summary: 'nothing happened' }], chain[448], mallory);
    expect(problems(replaced(449, forged!))).toEqual(['450:bad-signature', '451:broken-link']);
    // Every later entry re-linked too: no link breaks, but the next checkpoint's signature does not verify.
    const rewritten = [...chain.slice(0, 449), ...resealed([{ ...chain[449]!, summary: 'nothing happened' }, ...chain.slice(450)], chain[448], mallory)];
    const found = check(rewritten);
    expect(found.ok).toBe(false);
    expect(found.findings[0]).toMatchObject({ seq: 450, problem: 'bad-signature' });
    // The range is checked with every signature: the same words as a check of every signature.
    expect(found.findings).toEqual(everySignature(rewritten.slice(0, 500)).findings);
  });

  it('finds a removed entry', () => {
    expect(problems([...chain.slice(0, 299), ...chain.slice(300)])).toEqual(['301:sequence-gap', '301:broken-link']);
  });

  it('finds an end cut off, or rewritten, against the head the server acknowledged', () => {
    const acknowledged = headOf(chain.at(-1)!);
    expect(problems(chain.slice(0, 950), acknowledged)).toEqual(['1000:truncated']);
    expect(check(chain.slice(0, 950), acknowledged).findings).toEqual(everySignature(chain.slice(0, 950), acknowledged).findings);
    const rewritten = [...chain.slice(0, 990), ...resealed(chain.slice(990).map((e) => ({ ...e, summary: 'changed' })), chain[989], stationKeys.secretKey)];
    expect(problems(rewritten, acknowledged)).toEqual(['1000:hash-mismatch']);
  });

  it('continues with entries that arrive later, and a break stays reported', () => {
    const entries: AuditEntry[] = chain.slice(0, 150);
    const checker = new ChainChecker(entries, { publicKey: stationKeys.publicKey, stationId: STATION_ID, checkpointEvery: EVERY });
    while (checker.step());
    expect(checker.checked).toBe(150);
    entries.push(...chain.slice(150, 420));
    while (checker.step());
    expect(checker.result(null, true)).toMatchObject({ ok: true, head: { seq: 420 } });
    entries.push({ ...chain[420]!, operator: 'Mallory' });
    while (checker.step());
    entries.push(...chain.slice(421));
    expect(checker.step()).toBe(false);
    expect(checker.result(null, true).findings.map((f) => `${f.seq}:${f.problem}`)).toEqual(['421:hash-mismatch']);
  });
});
