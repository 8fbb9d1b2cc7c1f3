import { z } from 'zod';
import { AuditEntry } from '../../shared/domain/audit-chain';
import { Applicant } from '../../shared/domain/applicant';
import { StationError } from '../../shared/contract/errors';
import { AuditLog, type AuditSegmentJson } from './audit-log';
import { fromStored, SCHEMA_VERSION, StoreDocument } from './document';
import { migrate } from './migrations';

/**
 * A snapshot's plaintext (sealed as one AES-GCM message) is lines of JSON (JSON never
 * holds a raw newline):
 * - layout 3 (current): a header with the document's small part, then the applicants
 *   in lines of ≤ 1,000, then the History in segments of ≤ 1,000 entries. Opening reads
 *   a line per event-loop turn, so a station with a million people never stalls; the
 *   History lines are kept as bytes and parsed only when read (see `AuditLog`).
 * - layout 2: the document without its History, then the History as one array.
 * - layout 1 (0.1.0): the bare document in one line.
 * Older layouts are read in one go and rewritten as layout 3.
 */
const LAYOUT = 3;
const APPLICANTS_PER_LINE = 1_000;

const Header = z.strictObject({
  generation: z.number().int().nonnegative(),
  savedAt: z.iso.datetime(),
  document: z.unknown(),
  layout: z.literal(LAYOUT).optional(),
  applicants: z.number().int().nonnegative().optional(),
  audit: z.strictObject({ segments: z.array(z.number().int().positive()), head: AuditEntry.nullable() }).optional(),
  /** Records of this generation's journal already in the snapshot (a compaction written while commits went on). */
  journalRecords: z.number().int().nonnegative().optional(),
});

const Core = StoreDocument.omit({ audit: true, applicants: true });
type Doc = StoreDocument;

export interface DecodedSnapshot {
  doc: Doc;
  generation: number;
  savedAt: string;
  /** Written in an older format or schema: rewrite it in the current one. */
  outdated: boolean;
  /** The first records of its generation's journal it already holds: replay those after them. */
  journalRecords: number;
}

const NEWLINE = Buffer.from('\n');
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The snapshot's plaintext in parts (see the layout above), built a few lines per event-loop turn. */
export async function encodeSnapshot(doc: Doc, generation: number, savedAt: string, journalRecords = 0): Promise<Buffer[]> {
  const { applicants, audit, ...core } = doc;
  const segments = audit.segmentsJson();
  const header = { generation, savedAt, layout: LAYOUT, document: core, applicants: applicants.length, audit: { segments: segments.map((s) => s.count), head: audit.head ?? null }, journalRecords };
  const parts: Buffer[] = [Buffer.from(JSON.stringify(header))];
  for (let at = 0; at < applicants.length; at += APPLICANTS_PER_LINE) {
    parts.push(NEWLINE, Buffer.from(JSON.stringify(applicants.slice(at, at + APPLICANTS_PER_LINE))));
    await nextTurn();
  }
  for (const segment of segments) parts.push(NEWLINE, segment.json);
  return parts;
}

function damaged(file: string, detail: string): StationError {
  return new StationError('STORE_UNREADABLE', `The station's data file ${file} cannot be opened: the file is damaged: ${detail}. The file has been left untouched for support. Restore it from a backup or contact support; do not delete it.`, {
    file,
    reason: 'damaged',
  });
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw damaged(file, 'the decrypted content is not JSON');
  }
}

function checked<T>(schema: z.ZodType<T>, value: unknown, file: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues[0]?.path.join('.') ?? '';
  throw damaged(file, `its content does not match the expected format (at "${where}")`);
}

/** The lines of a plaintext given in parts (a line spanning parts is joined), a few megabytes per event-loop turn. */
export async function splitLines(parts: readonly Buffer[]): Promise<Buffer[]> {
  const out: Buffer[] = [];
  let carry: Buffer[] = [];
  let sinceYield = 0;
  for (const part of parts) {
    sinceYield += part.length;
    if (sinceYield > 4 * 1024 * 1024) {
      sinceYield = 0;
      await nextTurn();
    }
    let start = 0;
    for (let end = part.indexOf(0x0a); end !== -1; end = part.indexOf(0x0a, start)) {
      out.push(carry.length === 0 ? part.subarray(start, end) : Buffer.concat([...carry, part.subarray(start, end)]));
      carry = [];
      start = end + 1;
    }
    if (start < part.length) carry.push(part.subarray(start));
  }
  out.push(Buffer.concat(carry));
  return out;
}

/** Older layouts and schema versions: the whole document at once, migrated, then in memory as usual. */
function decodeWhole(json: unknown, file: string): Doc {
  return fromStored(checked(StoreDocument, migrate(json, file).doc, file));
}

export async function decodeSnapshot(plain: readonly Buffer[], file: string): Promise<DecodedSnapshot> {
  const ranges = await splitLines(plain);
  const text = (i: number) => ranges[i]!.toString('utf8');
  const first = parseJson(text(0), file);
  const wrapped = Header.safeParse(first);
  if (ranges.length === 1 && wrapped.data?.layout !== LAYOUT) {
    // Layout 1: the bare document, History included, in one JSON value.
    const body = wrapped.success ? wrapped.data : { generation: 0, savedAt: new Date(0).toISOString(), document: first };
    return { doc: decodeWhole(body.document, file), generation: body.generation, savedAt: body.savedAt, outdated: true, journalRecords: 0 };
  }
  const header = checked(Header, first, file);
  const version = (header.document as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (header.layout !== LAYOUT) {
    // Layout 2: the History as one array on the second line.
    const whole = { ...(header.document as object), audit: parseJson(text(1), file) };
    return { doc: decodeWhole(whole, file), generation: header.generation, savedAt: header.savedAt, outdated: true, journalRecords: header.journalRecords ?? 0 };
  }
  const applicantLines = Math.ceil((header.applicants ?? 0) / APPLICANTS_PER_LINE);
  const segmentCounts = header.audit?.segments ?? [];
  if (ranges.length !== 1 + applicantLines + segmentCounts.length) throw damaged(file, 'it does not have the lines its header lists');
  const applicants: Applicant[] = [];
  for (let i = 1; i <= applicantLines; i++) {
    applicants.push(...checked(z.array(Applicant), parseJson(text(i), file), file));
    await nextTurn();
  }
  if (applicants.length !== header.applicants) throw damaged(file, 'it holds a different number of applicants than its header says');
  // History lines stay bytes, unparsed (views of the decrypted parts, no copy); `AuditLog` checks each when it is read.
  const segments: AuditSegmentJson[] = segmentCounts.map((count, k) => ({ json: ranges[1 + applicantLines + k]!, count }));
  if (version !== SCHEMA_VERSION) {
    const whole = { ...(header.document as object), applicants, audit: new AuditLog(segments, header.audit?.head ?? undefined).toArray() };
    return { doc: decodeWhole(whole, file), generation: header.generation, savedAt: header.savedAt, outdated: true, journalRecords: header.journalRecords ?? 0 };
  }
  let audit: AuditLog;
  try {
    audit = new AuditLog(segments, header.audit?.head ?? undefined);
  } catch {
    throw damaged(file, 'its History does not match its header');
  }
  const core = checked(Core, header.document, file);
  return { doc: { ...core, applicants, audit }, generation: header.generation, savedAt: header.savedAt, outdated: false, journalRecords: header.journalRecords ?? 0 };
}
