import { z } from 'zod';
import { AuditEntry } from '../../shared/domain/audit-chain';
import { StationError } from '../../shared/contract/errors';
import { SCHEMA_VERSION, StoreDocument } from './document';
import { migrate } from './migrations';

/**
 * A snapshot's plaintext (sealed as one AES-GCM message): the document without its
 * History, a newline, then the History as a JSON array. Opening parses only the first
 * part; the History — the larger, append-only part, needed only for a person's
 * History tab and new entries — is parsed on first use. (JSON never contains a raw
 * newline, so the first one is the boundary.)
 */
const Header = z.strictObject({
  generation: z.number().int().nonnegative(),
  savedAt: z.iso.datetime(),
  document: z.unknown(),
});

const Core = StoreDocument.omit({ audit: true });
type Doc = StoreDocument;

export interface DecodedSnapshot {
  doc: Doc;
  generation: number;
  savedAt: string;
  /** Written in an older format or schema: rewrite it in the current one. */
  outdated: boolean;
}

export function encodeSnapshot(doc: Doc, generation: number, savedAt: string): Buffer {
  const { audit, ...core } = doc;
  return Buffer.concat([Buffer.from(JSON.stringify({ generation, savedAt, document: core })), Buffer.from('\n'), Buffer.from(JSON.stringify(audit))]);
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

/** Gives `core` an `audit` property that parses the History the first time it is read. */
function withLazyAudit(core: z.infer<typeof Core>, auditText: string, file: string): Doc {
  let entries: AuditEntry[] | undefined;
  Object.defineProperty(core, 'audit', {
    enumerable: true,
    configurable: true,
    get: () => (entries ??= checked(z.array(AuditEntry), parseJson(auditText, file), file)),
    set: (value: AuditEntry[]) => {
      entries = value;
    },
  });
  return core as Doc;
}

export function decodeSnapshot(plain: Buffer, file: string): DecodedSnapshot {
  const boundary = plain.indexOf(0x0a);
  if (boundary === -1) {
    // Format 1 (0.1.0): the bare document, History included, in one JSON value.
    const json = parseJson(plain.toString('utf8'), file);
    const wrapped = Header.safeParse(json);
    const body = wrapped.success ? wrapped.data : { generation: 0, savedAt: new Date(0).toISOString(), document: json };
    const { doc } = migrate(body.document, file);
    return { doc: checked(StoreDocument, doc, file), generation: body.generation, savedAt: body.savedAt, outdated: true };
  }
  const header = checked(Header, parseJson(plain.subarray(0, boundary).toString('utf8'), file), file);
  const auditText = plain.subarray(boundary + 1).toString('utf8');
  const version = (header.document as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== SCHEMA_VERSION) {
    // Older (or newer) schema: migrate the whole document at once.
    const whole = { ...(header.document as object), audit: parseJson(auditText, file) };
    const { doc } = migrate(whole, file);
    return { doc: checked(StoreDocument, doc, file), generation: header.generation, savedAt: header.savedAt, outdated: true };
  }
  const core = checked(Core, header.document, file);
  return { doc: withLazyAudit(core, auditText, file), generation: header.generation, savedAt: header.savedAt, outdated: false };
}
