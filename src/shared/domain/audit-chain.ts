import { ed25519 } from '@noble/curves/ed25519';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils';
import { z } from 'zod';
import { canonicalJson } from './canonical-json';
import { CertificateFingerprint } from './operator';

/**
 * The tamper-evident audit trail. Each station writes its own chain: every entry holds the
 * hash of the one before (`prevHash`), its own hash over everything else, and the
 * station's Ed25519 signature of that hash. Changing, deleting or reordering an entry
 * breaks a hash, a link or a signature; the server records the last head each station
 * delivered, so cutting the tail off is caught too. One implementation (pure, noble) for
 * the station that writes, the server that checks on sync, and the auditor's command.
 */

export const AuditAction = z.enum([
  'applicant.created',
  'applicant.changed',
  'device.enrolled',
  'device.replaced',
  'review.resolved',
  'invitation.issued',
  'invitation.redeemed',
  'credential.approved',
  'credential.rejected',
  'credential.suspended',
  'credential.resumed',
  'credential.revoked',
  'operator.signed-in',
  'operator.signed-out',
  'operator.sign-in-failed',
  'configuration.changed',
  'break-glass.used',
]);
export type AuditAction = z.infer<typeof AuditAction>;

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
export const GENESIS_HASH = '0'.repeat(64);

/** The part of an entry that is hashed. */
export const AuditEntryBody = z.strictObject({
  id: z.string().min(1).max(100),
  /** 1, 2, 3 … on the station that wrote it, with no gaps. */
  seq: z.number().int().positive(),
  /** UTC, from the station's clock corrected by its last measured offset to the server. */
  at: z.iso.datetime(),
  action: AuditAction,
  employeeNumber: z.string().regex(/^\d{8}$/).optional(),
  /** The record acted on when it is not the person: a device, credential, review … */
  recordId: z.string().max(200).optional(),
  /** The operator's name as shown; the fingerprint is what identifies them. */
  operator: z.string().max(200),
  /** SHA-256 of the operator's certificate; absent only before sign-in was configured. */
  operatorFingerprint: CertificateFingerprint.optional(),
  stationId: z.string().max(100),
  stationName: z.string().max(100),
  summary: z.string().max(2000),
  prevHash: Sha256Hex,
});
export type AuditEntryBody = z.infer<typeof AuditEntryBody>;

export const AuditEntry = AuditEntryBody.extend({
  hash: Sha256Hex,
  /** Ed25519 signature of the 32 hash bytes, hex. */
  signature: z.string().regex(/^[0-9a-f]{128}$/),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

const nobleSha256Hex = (text: string) => bytesToHex(sha256(utf8ToBytes(text)));

export function auditEntryHash(body: AuditEntryBody, sha256Hex: (text: string) => string = nobleSha256Hex): string {
  const { hash: _h, signature: _s, ...rest } = body as AuditEntryBody & { hash?: string; signature?: string };
  return sha256Hex(canonicalJson(rest));
}

export interface AuditKeyPair {
  /** 32-byte Ed25519 secret seed, hex. Kept only in the station's encrypted store. */
  secretKey: string;
  /** 32-byte Ed25519 public key, hex. Registered with the server, printed in exports. */
  publicKey: string;
}

export function generateAuditKeyPair(randomBytes: (n: number) => Uint8Array): AuditKeyPair {
  const seed = randomBytes(32);
  return { secretKey: bytesToHex(seed), publicKey: bytesToHex(ed25519.getPublicKey(seed)) };
}

/**
 * Ed25519 over hex strings. The default is noble's (pure, runs anywhere); the station
 * and server pass Node's native one, ≈ 30× faster, for whole-chain checks.
 */
export interface Ed25519Hex {
  sign(messageHex: string, secretKey: string): string;
  verify(signature: string, messageHex: string, publicKey: string): boolean;
  /** SHA-256 of UTF-8 text, hex (noble's when absent). */
  sha256Hex?(text: string): string;
}

export const nobleEd25519: Ed25519Hex = {
  sign: (messageHex, secretKey) => bytesToHex(ed25519.sign(hexToBytes(messageHex), hexToBytes(secretKey))),
  verify: (signature, messageHex, publicKey) => {
    try {
      return ed25519.verify(hexToBytes(signature), hexToBytes(messageHex), hexToBytes(publicKey));
    } catch {
      return false;
    }
  },
};

/** Hashes and signs `body` (whose prevHash must be the previous entry's hash). */
export function sealAuditEntry(body: AuditEntryBody, secretKey: string, ed: Ed25519Hex = nobleEd25519): AuditEntry {
  const hash = auditEntryHash(body, ed.sha256Hex);
  return { ...body, hash, signature: ed.sign(hash, secretKey) };
}

export type AuditProblem =
  | 'malformed'
  | 'hash-mismatch'
  | 'bad-signature'
  | 'broken-link'
  | 'sequence-gap'
  | 'wrong-station'
  | 'truncated';

export interface AuditFinding {
  seq: number | null;
  problem: AuditProblem;
  message: string;
}

export const ChainHeadSchema = z.strictObject({ seq: z.number().int().min(0), hash: Sha256Hex });
export type ChainHead = z.infer<typeof ChainHeadSchema>;

export interface VerifyOptions {
  publicKey: string;
  stationId?: string;
  /** Where `entries` continue from (defaults: seq 0, the genesis hash). */
  after?: ChainHead;
  /** A head recorded elsewhere (the server): the chain must reach it with the same hash. */
  acknowledgedHead?: ChainHead;
  ed25519?: Ed25519Hex;
  /**
   * 'last': verify only the last entry's signature. Enough when every hash and link is
   * checked: each hash covers prevHash, so the signed last hash vouches for every entry
   * before it (docs/decisions/0015-audit-check-off-the-main-thread.md). Default 'every'.
   */
  signatures?: 'every' | 'last';
}

export type VerifyResult = { ok: true; head: ChainHead; findings: [] } | { ok: false; head: ChainHead | null; findings: AuditFinding[] };

/**
 * Checks entries in order: each parses, hashes to its `hash`, is signed by the station's
 * key, links to the one before, and follows it by exactly one. Every problem is reported,
 * not only the first.
 */
export function verifyAuditChain(entries: readonly unknown[], options: VerifyOptions): VerifyResult {
  const findings: AuditFinding[] = [];
  let previous: ChainHead = options.after ?? { seq: 0, hash: GENESIS_HASH };
  const seen = new Map<number, string>();
  const signedFrom = options.signatures === 'last' ? entries.length - 1 : 0;
  for (const [index, raw] of entries.entries()) {
    const parsed = AuditEntry.safeParse(raw);
    if (!parsed.success) {
      const seq = typeof (raw as { seq?: unknown })?.seq === 'number' ? (raw as { seq: number }).seq : null;
      findings.push({ seq, problem: 'malformed', message: `Entry ${seq ?? '?'} is not a valid audit entry.` });
      continue;
    }
    const entry = parsed.data;
    if (options.stationId && entry.stationId !== options.stationId) {
      findings.push({ seq: entry.seq, problem: 'wrong-station', message: `Entry ${entry.seq} names station ${entry.stationId}, not ${options.stationId}.` });
    }
    if (auditEntryHash(entry, options.ed25519?.sha256Hex) !== entry.hash) {
      findings.push({ seq: entry.seq, problem: 'hash-mismatch', message: `Entry ${entry.seq} was changed after it was written (its hash does not match its contents).` });
    }
    if (index >= signedFrom && !(options.ed25519 ?? nobleEd25519).verify(entry.signature, entry.hash, options.publicKey)) {
      findings.push({ seq: entry.seq, problem: 'bad-signature', message: `Entry ${entry.seq} is not signed by this station's key.` });
    }
    if (entry.seq !== previous.seq + 1) {
      findings.push({ seq: entry.seq, problem: 'sequence-gap', message: `Entry ${entry.seq} follows entry ${previous.seq}: entries are missing or out of order.` });
    }
    if (entry.prevHash !== previous.hash) {
      findings.push({ seq: entry.seq, problem: 'broken-link', message: `Entry ${entry.seq} does not link to the entry before it: an entry was changed, removed or moved.` });
    }
    seen.set(entry.seq, entry.hash);
    previous = { seq: entry.seq, hash: entry.hash };
  }
  const ack = options.acknowledgedHead;
  if (ack && ack.seq > 0) {
    const at = seen.get(ack.seq) ?? (options.after?.seq === ack.seq ? options.after.hash : undefined);
    if (at === undefined && previous.seq < ack.seq) {
      findings.push({ seq: ack.seq, problem: 'truncated', message: `The trail ends at entry ${previous.seq}, but entry ${ack.seq} was already delivered to the server: entries were cut off the end.` });
    } else if (at !== undefined && at !== ack.hash) {
      findings.push({ seq: ack.seq, problem: 'hash-mismatch', message: `Entry ${ack.seq} differs from the one the server acknowledged.` });
    }
  }
  const head = entries.length > 0 || options.after ? previous : null;
  return findings.length === 0 ? { ok: true, head: previous, findings: [] } : { ok: false, head, findings };
}
