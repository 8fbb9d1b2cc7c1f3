import { z } from 'zod';
import { AuditEntry } from '../../shared/domain/audit-chain';
import { StationError } from '../../shared/contract/errors';
import { AuditLog, type AuditSegmentJson } from './audit-log';
import { fromStored, SCHEMA_VERSION, StoreDocument } from './document';
import type { SealedReader } from './envelope';
import { migrate } from './migrations';

/**
 * A snapshot's plaintext (sealed as one AES-GCM message) is lines of JSON (JSON never
 * holds a raw newline):
 * - layout 3 (current): a header with the document's small part and the byte length of
 *   every following line; then each list that grows with the station (applicants,
 *   devices, mobile credentials, outbox, reviews) in lines of ≤ 1,000 items; then the
 *   History in segments of ≤ 1,000 entries. Opening decrypts exactly one line at a time
 *   and parses one per event-loop turn, so a station with a million people never stalls;
 *   the History lines are kept as bytes and parsed only when read (see `AuditLog`).
 * - layout 2: the document without its History, then the History as one array.
 * - layout 1 (0.1.0): the bare document in one line.
 * Older layouts are read in one go and rewritten as layout 3.
 */
const LAYOUT = 3;
const ITEMS_PER_LINE = 1_000;
/** The lists written a line per 1,000 items, in this order. */
const LISTS = ['applicants', 'devices', 'mobileCredentials', 'outbox', 'reviews'] as const;
type ListName = (typeof LISTS)[number];

const Header = z.strictObject({
  generation: z.number().int().nonnegative(),
  savedAt: z.iso.datetime(),
  document: z.unknown(),
  layout: z.literal(LAYOUT).optional(),
  lists: z.strictObject(Object.fromEntries(LISTS.map((name) => [name, z.number().int().nonnegative()])) as Record<ListName, z.ZodNumber>).optional(),
  audit: z.strictObject({ segments: z.array(z.number().int().positive()), head: AuditEntry.nullable() }).optional(),
  /** Byte length of each line after the header. */
  lineBytes: z.array(z.number().int().nonnegative()).optional(),
  /** Records of this generation's journal already in the snapshot (a compaction written while commits went on). */
  journalRecords: z.number().int().nonnegative().optional(),
});

const Core = StoreDocument.omit({ audit: true, applicants: true, devices: true, mobileCredentials: true, outbox: true, reviews: true });
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
  const { audit, applicants, devices, mobileCredentials, outbox, reviews, ...core } = doc;
  const lists: Record<ListName, readonly unknown[]> = { applicants, devices, mobileCredentials, outbox, reviews };
  const lines: Buffer[] = [];
  for (const name of LISTS) {
    for (let at = 0; at < lists[name].length; at += ITEMS_PER_LINE) {
      lines.push(Buffer.from(JSON.stringify(lists[name].slice(at, at + ITEMS_PER_LINE))));
      await nextTurn();
    }
  }
  const segments = audit.segmentsJson();
  lines.push(...segments.map((s) => s.json));
  const header = {
    generation,
    savedAt,
    layout: LAYOUT,
    document: core,
    lists: Object.fromEntries(LISTS.map((name) => [name, lists[name].length])),
    audit: { segments: segments.map((s) => s.count), head: audit.head ?? null },
    lineBytes: lines.map((line) => line.length),
    journalRecords,
  };
  return [Buffer.from(JSON.stringify(header)), ...lines.flatMap((line) => [NEWLINE, line])];
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

/** Decrypts a snapshot into its lines: one read per line when the header lists their lengths. */
async function readLines(reader: SealedReader, file: string): Promise<Buffer[]> {
  const head: Buffer[] = [];
  let newline = -1;
  while (newline === -1 && reader.remaining > 0) {
    head.push(await reader.read(Math.min(64 * 1024, reader.remaining)));
    newline = head.at(-1)!.indexOf(0x0a);
  }
  const start = Buffer.concat(head);
  const end = start.indexOf(0x0a);
  if (end === -1) {
    reader.finish();
    return [start];
  }
  // Only the line lengths are taken from the header before the tag is checked, and only to size the reads.
  const lengths = Header.safeParse(parseJson(start.toString('utf8', 0, end), file)).data?.lineBytes;
  const expected = lengths ? lengths.reduce((sum, n) => sum + n + 1, -1) : -1;
  if (!lengths || expected !== start.length - end - 1 + reader.remaining) {
    // An older layout: split whatever follows.
    const rest: Buffer[] = [start.subarray(end + 1)];
    while (reader.remaining > 0) rest.push(await reader.read(Math.min(4 * 1024 * 1024, reader.remaining)));
    reader.finish();
    return [start.subarray(0, end), ...(await splitLines(rest))];
  }
  let leftover: Buffer = start.subarray(end + 1);
  const take = async (bytes: number): Promise<Buffer> => {
    if (leftover.length >= bytes) {
      const out = leftover.subarray(0, bytes);
      leftover = leftover.subarray(bytes);
      return out;
    }
    const out = leftover.length === 0 ? await reader.read(bytes) : Buffer.concat([leftover, await reader.read(bytes - leftover.length)]);
    leftover = Buffer.alloc(0);
    return out;
  };
  const lines: Buffer[] = [start.subarray(0, end)];
  for (const [i, bytes] of lengths.entries()) {
    lines.push(await take(bytes));
    if (i < lengths.length - 1 && (await take(1))[0] !== 0x0a) throw damaged(file, 'its lines are not where its header says');
  }
  reader.finish();
  return lines;
}

/** Older layouts and schema versions: the whole document at once, migrated, then in memory as usual. */
function decodeWhole(json: unknown, file: string): Doc {
  return fromStored(checked(StoreDocument, migrate(json, file).doc, file));
}

export async function decodeSnapshot(reader: SealedReader, file: string): Promise<DecodedSnapshot> {
  const lines = await readLines(reader, file);
  const text = (i: number) => lines[i]!.toString('utf8');
  const first = parseJson(text(0), file);
  const wrapped = Header.safeParse(first);
  if (lines.length === 1 && wrapped.data?.layout !== LAYOUT) {
    // Layout 1: the bare document, History included, in one JSON value.
    const body = wrapped.success ? wrapped.data : { generation: 0, savedAt: new Date(0).toISOString(), document: first };
    return { doc: decodeWhole(body.document, file), generation: body.generation, savedAt: body.savedAt, outdated: true, journalRecords: 0 };
  }
  const header = checked(Header, first, file);
  const version = (header.document as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (header.layout !== LAYOUT) {
    // Layout 2: the History as one array on the second line.
    const whole = { ...(header.document as object), audit: parseJson(text(1), file) };
    return { doc: decodeWhole(whole, file), generation: header.generation, savedAt: header.savedAt, outdated: true, journalRecords: 0 };
  }
  const counts = header.lists ?? { applicants: 0, devices: 0, mobileCredentials: 0, outbox: 0, reviews: 0 };
  const segmentCounts = header.audit?.segments ?? [];
  const listLines = LISTS.reduce((n, name) => n + Math.ceil(counts[name] / ITEMS_PER_LINE), 0);
  if (lines.length !== 1 + listLines + segmentCounts.length) throw damaged(file, 'it does not have the lines its header lists');
  let line = 1;
  const lists = {} as Record<ListName, unknown[]>;
  for (const name of LISTS) {
    const item = StoreDocument.shape[name].element;
    lists[name] = [];
    for (let k = 0; k < Math.ceil(counts[name] / ITEMS_PER_LINE); k++) {
      lists[name].push(...checked(z.array(item as z.ZodType<unknown>), parseJson(text(line++), file), file));
      await nextTurn();
    }
    if (lists[name].length !== counts[name]) throw damaged(file, `it holds a different number of ${name} than its header says`);
  }
  // History lines stay bytes, unparsed; `AuditLog` checks each when it is read.
  const segments: AuditSegmentJson[] = segmentCounts.map((count, k) => ({ json: lines[line + k]!, count }));
  const head = header.audit?.head ?? undefined;
  if (version !== SCHEMA_VERSION) {
    const whole = { ...(header.document as object), ...lists, audit: new AuditLog(segments, head).toArray() };
    return { doc: decodeWhole(whole, file), generation: header.generation, savedAt: header.savedAt, outdated: true, journalRecords: header.journalRecords ?? 0 };
  }
  let audit: AuditLog;
  try {
    audit = new AuditLog(segments, head);
  } catch {
    throw damaged(file, 'its History does not match its header');
  }
  const core = checked(Core, header.document, file);
  return { doc: { ...core, ...(lists as Pick<Doc, ListName>), audit }, generation: header.generation, savedAt: header.savedAt, outdated: false, journalRecords: header.journalRecords ?? 0 };
}
