import { z } from 'zod';
import { AuditEntry } from '../../shared/domain/audit-chain';

/** Entries per segment: one segment parses in a few milliseconds, so no reader stalls the station. */
export const AUDIT_SEGMENT = 1_000;

/** A run of consecutive entries: UTF-8 JSON from the snapshot (parsed when first read; off the JS heap), parsed entries, or both. */
interface Segment {
  count: number;
  json?: Buffer;
  entries?: AuditEntry[];
}

export interface AuditSegmentJson {
  /** A JSON array of `count` entries, UTF-8. */
  json: Buffer;
  count: number;
}

/** The entries of a segment text could not be read (the snapshot was authenticated, so this is a bug or damage). */
export class AuditSegmentError extends Error {}

/**
 * The History (audit trail) as the station holds it in memory. The snapshot's entries stay
 * JSON text, in segments of ≤ 1,000, until something reads them; entries added since are
 * kept parsed. Parsing a whole 1,000,000-entry trail is seconds of main-thread work the
 * station never needs to do at start: appending needs only the head, sync only the tail,
 * and the whole-trail reader (the audit worker) takes the texts as they are.
 */
export class AuditLog {
  private readonly segments: Segment[];
  private count: number;
  private last: AuditEntry | undefined;

  constructor(segments: readonly AuditSegmentJson[] = [], head?: AuditEntry) {
    this.segments = segments.filter((s) => s.count > 0).map((s) => ({ ...s }));
    this.count = this.segments.reduce((n, s) => n + s.count, 0);
    this.last = head;
    if ((this.count === 0) !== (head === undefined)) throw new AuditSegmentError('the History head does not match its entries');
  }

  static of(entries: readonly AuditEntry[]): AuditLog {
    const log = new AuditLog();
    for (const entry of entries) log.append(entry);
    return log;
  }

  get length(): number {
    return this.count;
  }

  /** The newest entry: what the next one links to. */
  get head(): AuditEntry | undefined {
    return this.last;
  }

  append(entry: AuditEntry): void {
    let open = this.segments.at(-1);
    if (!open || open.count >= AUDIT_SEGMENT || !open.entries) {
      open = { count: 0, entries: [] };
      this.segments.push(open);
    }
    open.entries!.push(entry);
    open.count += 1;
    delete open.json; // the cached JSON no longer covers the segment
    this.count += 1;
    this.last = entry;
  }

  /** Entries [from, to), parsing only the segments they fall in. */
  slice(from = 0, to = this.count): AuditEntry[] {
    const out: AuditEntry[] = [];
    let start = 0;
    for (const segment of this.segments) {
      const end = start + segment.count;
      if (end > from && start < to) out.push(...this.entriesOf(segment).slice(Math.max(0, from - start), Math.min(segment.count, to - start)));
      if (end >= to) break;
      start = end;
    }
    return out;
  }

  /** Up to `limit` entries after sequence number `seq` (entries are numbered 1, 2, 3 … in order). */
  after(seq: number, limit: number): AuditEntry[] {
    const guess = this.slice(seq, seq + limit);
    if (guess.length === 0 || guess[0]!.seq === seq + 1) return guess;
    // Numbering with gaps (a damaged trail): find the place the slow way; the check reports the damage.
    const all = this.toArray();
    const start = all.findIndex((e) => e.seq > seq);
    return start === -1 ? [] : all.slice(start, start + limit);
  }

  toArray(): AuditEntry[] {
    return this.slice(0, this.count);
  }

  /** The History as JSON arrays of ≤ 1,000 entries each, in order: what a snapshot stores and the audit worker reads. */
  segmentsJson(): AuditSegmentJson[] {
    return this.segments.map((segment) => {
      segment.json ??= Buffer.from(JSON.stringify(segment.entries));
      return { json: segment.json, count: segment.count };
    });
  }

  /** This History as it is now, unaffected by later appends (what a snapshot written in the background saves). */
  frozen(): AuditLog {
    return new AuditLog(this.segmentsJson(), this.last);
  }

  /** As an array in JSON (whole-document tools and tests). */
  toJSON(): AuditEntry[] {
    return this.toArray();
  }

  private entriesOf(segment: Segment): AuditEntry[] {
    if (!segment.entries) {
      const parsed = z.array(AuditEntry).safeParse(parseJson(segment.json?.toString('utf8') ?? ''));
      if (!parsed.success || parsed.data.length !== segment.count) throw new AuditSegmentError('a History segment does not match its format');
      segment.entries = parsed.data;
    }
    return segment.entries;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
