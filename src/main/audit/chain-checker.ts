import type { ChainCheck } from '../../shared/contract/operators';
import { GENESIS_HASH, verifyAuditChain, type AuditEntry, type AuditFinding, type ChainHead, type VerifyOptions } from '../../shared/domain/audit-chain';
import { nodeEd25519 } from '../../node/crypto';

export interface CheckerOptions {
  publicKey: string;
  stationId: string;
  /** A range ends at every multiple of this (and at the last entry received): its last signature is verified. */
  checkpointEvery: number;
}

/**
 * The whole History checked a range at a time, as entries arrive: every entry's format,
 * hash, link and sequence number, and the signature of each range's last entry. A signed
 * hash vouches for every entry before it (each hash covers prevHash), so this finds what
 * verifying every signature finds. A range with any problem is checked again with every
 * signature, so the findings are those of `verifyAuditChain` over the whole trail.
 */
export class ChainChecker {
  private verified = 0;
  private head: ChainHead | null = null;
  private broken: { head: ChainHead | null; findings: AuditFinding[] } | undefined;

  constructor(
    private readonly entries: readonly unknown[],
    private readonly options: CheckerOptions,
  ) {}

  /** How many entries are checked. */
  get checked(): number {
    return this.verified;
  }

  /** Checks the next range; false when everything received is checked, or the chain is broken. */
  step(): boolean {
    if (this.broken || this.verified >= this.entries.length) return false;
    const every = this.options.checkpointEvery;
    const end = Math.min(this.entries.length, (Math.floor(this.verified / every) + 1) * every);
    const range = this.entries.slice(this.verified, end);
    const options: VerifyOptions = { publicKey: this.options.publicKey, stationId: this.options.stationId, ed25519: nodeEd25519, ...(this.head ? { after: this.head } : {}) };
    const fast = verifyAuditChain(range, { ...options, signatures: 'last' });
    if (fast.ok) {
      this.head = fast.head;
      this.verified = end;
      return true;
    }
    // A broken chain stays reported until the station restarts: tampering does not heal.
    const full = verifyAuditChain(range, options);
    this.broken = { head: full.head, findings: full.findings };
    return false;
  }

  /** The result so far: never claims a break not yet found. With `final`, a missing acknowledged head is a break. */
  result(acknowledgedHead: ChainHead | null, final = false): ChainCheck {
    if (!this.broken && final && acknowledgedHead) {
      const findings = this.acknowledgedFindings(acknowledgedHead);
      if (findings.length > 0) this.broken = { head: this.head, findings };
    }
    if (this.broken) return { ok: false, head: this.broken.head, acknowledgedHead, findings: this.broken.findings };
    return { ok: true, head: this.head, acknowledgedHead, findings: [] };
  }

  /**
   * The server's head against the checked chain, with verifyAuditChain's own rule and words:
   * an empty run "after" the entry at that seq (or after the head, when the chain is shorter).
   */
  private acknowledgedFindings(acknowledgedHead: ChainHead): AuditFinding[] {
    // Checked and unbroken, so entry n sits at index n − 1.
    const at = acknowledgedHead.seq <= this.verified ? (this.entries[acknowledgedHead.seq - 1] as AuditEntry | undefined) : undefined;
    const after = at ? { seq: at.seq, hash: at.hash } : (this.head ?? { seq: 0, hash: GENESIS_HASH });
    return verifyAuditChain([], { publicKey: this.options.publicKey, after, acknowledgedHead }).findings;
  }
}
