import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileDurably } from './durable-file';
import { EnvelopeError, KeyParams, keyCheck } from './envelope';
import { Change } from './changes';

/**
 * The append-only journal: every commit since the last snapshot, one encrypted
 * record each, fsync'd before the commit is acknowledged.
 *
 * File:   MAGIC · u32 header length · header JSON · record*
 * Record: u32 length · IV(12) · AES-256-GCM ciphertext · tag(16)
 * Each record's associated data is (generation, seq), so a record moved, replayed
 * or taken from another generation fails authentication.
 */
const MAGIC = Buffer.from('ENRJRN01', 'ascii');
const IV_BYTES = 12;
const TAG_BYTES = 16;

const JournalHeader = z.strictObject({
  format: z.literal(1),
  generation: z.number().int().nonnegative(),
  key: KeyParams,
  keyCheck: z.base64(),
});

export const JournalRecord = z.strictObject({
  seq: z.number().int().positive(),
  at: z.iso.datetime(),
  changes: z.array(Change).min(1),
});
export type JournalRecord = z.infer<typeof JournalRecord>;

export interface JournalContents {
  generation: number;
  records: JournalRecord[];
  /** Byte offset just past the last whole record. */
  end: number;
  /** An incomplete record at the end: a write cut short by a crash, never acknowledged. */
  tornTail: boolean;
  /** A whole record that failed its check, and everything from it on. */
  damage?: { seq: number; detail: string; recordsAfter: number };
}

function aad(generation: number, seq: number): Buffer {
  const buffer = Buffer.alloc(16);
  buffer.writeBigUInt64BE(BigInt(generation), 0);
  buffer.writeBigUInt64BE(BigInt(seq), 8);
  return buffer;
}

export function journalHeader(generation: number, key: Buffer, params: KeyParams): Buffer {
  const header = Buffer.from(JSON.stringify({ format: 1, generation, key: params, keyCheck: keyCheck(key) }));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  return Buffer.concat([MAGIC, length, header]);
}

export function encodeRecord(key: Buffer, generation: number, record: JournalRecord): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(generation, record.seq));
  const body = Buffer.concat([cipher.update(JSON.stringify(record), 'utf8'), cipher.final()]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(IV_BYTES + body.length + TAG_BYTES);
  return Buffer.concat([length, iv, body, cipher.getAuthTag()]);
}

function decodeRecord(key: Buffer, generation: number, seq: number, bytes: Buffer): JournalRecord {
  const iv = bytes.subarray(0, IV_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(aad(generation, seq));
  decipher.setAuthTag(tag);
  let plain: Buffer;
  try {
    plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new Error('failed its integrity check');
  }
  const record = JournalRecord.safeParse(JSON.parse(plain.toString('utf8')));
  if (!record.success || record.data.seq !== seq) throw new Error('is not a valid change record');
  return record.data;
}

/** Reads the journal's header without the key. */
export function readJournalHeader(file: Buffer): { generation: number; key: KeyParams; keyCheck: string; headerEnd: number } {
  if (file.length < MAGIC.length + 4 || !file.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new EnvelopeError({ reason: 'damaged', detail: 'the journal does not start with its header' });
  }
  const length = file.readUInt32BE(MAGIC.length);
  const start = MAGIC.length + 4;
  if (length > 64 * 1024 || start + length > file.length) throw new EnvelopeError({ reason: 'damaged', detail: 'the journal header is cut short' });
  let header: z.infer<typeof JournalHeader>;
  try {
    header = JournalHeader.parse(JSON.parse(file.subarray(start, start + length).toString('utf8')));
  } catch {
    throw new EnvelopeError({ reason: 'damaged', detail: 'the journal header is not readable' });
  }
  return { ...header, headerEnd: start + length };
}

/** Reads every record it can; stops at a torn tail or at the first damaged record. */
export function readJournal(key: Buffer, file: Buffer): JournalContents {
  const header = readJournalHeader(file);
  if (header.keyCheck !== keyCheck(key)) throw new EnvelopeError({ reason: 'wrong-key' });
  const records: JournalRecord[] = [];
  let offset = header.headerEnd;
  while (offset < file.length) {
    const remaining = file.length - offset;
    const length = remaining >= 4 ? file.readUInt32BE(offset) : -1;
    const whole = length >= IV_BYTES + TAG_BYTES && 4 + length <= remaining;
    const rest = file.subarray(offset);
    if (!whole) {
      // Cut short, or zeros where a crash left the file longer than what was written.
      if (length === -1 || 4 + length > remaining || rest.every((b) => b === 0)) {
        return { generation: header.generation, records, end: offset, tornTail: true };
      }
      return { generation: header.generation, records, end: offset, tornTail: false, damage: { seq: records.length + 1, detail: 'a record has an impossible length', recordsAfter: 0 } };
    }
    const seq = records.length + 1;
    try {
      records.push(decodeRecord(key, header.generation, seq, file.subarray(offset + 4, offset + 4 + length)));
    } catch (error) {
      return {
        generation: header.generation,
        records,
        end: offset,
        tornTail: false,
        damage: { seq, detail: `change ${seq} ${(error as Error).message}`, recordsAfter: countRecords(file, offset + 4 + length) },
      };
    }
    offset += 4 + length;
  }
  return { generation: header.generation, records, end: offset, tornTail: false };
}

function countRecords(file: Buffer, from: number): number {
  let count = 0;
  let offset = from;
  while (offset + 4 <= file.length) {
    const length = file.readUInt32BE(offset);
    if (length < IV_BYTES + TAG_BYTES || offset + 4 + length > file.length) break;
    count += 1;
    offset += 4 + length;
  }
  return count;
}

export async function readJournalFile(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Starts an empty journal for a generation, durably (temp file, fsync, rename, fsync folder). */
export async function createJournal(path: string, generation: number, key: Buffer, params: KeyParams): Promise<void> {
  await writeFileDurably(path, journalHeader(generation, key, params));
}

/** The journal open for appending. */
export class JournalWriter {
  private constructor(
    private readonly handle: FileHandle,
    private size: number,
  ) {}

  static async open(path: string, validEnd: number): Promise<JournalWriter> {
    const handle = await open(path, 'r+');
    const { size } = await handle.stat();
    if (size > validEnd) {
      // Drop a torn tail: those bytes were never acknowledged to anyone.
      await handle.truncate(validEnd);
      await handle.sync();
    }
    return new JournalWriter(handle, validEnd);
  }

  get bytes(): number {
    return this.size;
  }

  /** Appends one record; resolves only once it is on disk. */
  async append(record: Buffer): Promise<void> {
    const { bytesWritten } = await this.handle.write(record, 0, record.length, this.size);
    if (bytesWritten !== record.length) throw new Error('short write');
    await this.handle.datasync();
    this.size += record.length;
  }

  /** Removes a record whose fsync failed, so the file never holds an unacknowledged change. */
  async rollback(to: number): Promise<void> {
    await this.handle.truncate(to).catch(() => undefined);
    this.size = to;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
