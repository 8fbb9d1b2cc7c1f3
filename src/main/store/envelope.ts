import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * The store's file format: MAGIC · u32 header length · header JSON · IV(12) · ciphertext · tag(16).
 * AES-256-GCM; the magic and header are authenticated as associated data, so a changed
 * header is detected like a changed body. The header holds no secret: the key
 * provider's public parameters (salt, cost) and a key check that tells a wrong key
 * apart from a damaged file.
 */
export const MAGIC = Buffer.from('ENRSTN01', 'ascii');
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

export const KeyParams = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('key-file') }),
  z.strictObject({ kind: z.literal('os-keystore') }),
  z.strictObject({
    kind: z.literal('passphrase'),
    salt: z.base64(),
    N: z.number().int().min(1024),
    r: z.number().int().min(1),
    p: z.number().int().min(1),
  }),
]);
export type KeyParams = z.infer<typeof KeyParams>;

export const EnvelopeHeader = z.strictObject({
  format: z.literal(1),
  key: KeyParams,
  /** HMAC(key, label), so a wrong key is reported as such, not as damage. */
  keyCheck: z.base64(),
});
export type EnvelopeHeader = z.infer<typeof EnvelopeHeader>;

export type OpenFailure =
  | { reason: 'empty' }
  | { reason: 'not-a-store' }
  | { reason: 'damaged'; detail: string }
  | { reason: 'wrong-key' };

export class EnvelopeError extends Error {
  constructor(readonly failure: OpenFailure) {
    super(failure.reason === 'damaged' ? `damaged: ${failure.detail}` : failure.reason);
  }
}

export function keyCheck(key: Buffer): string {
  return createHmac('sha256', key).update('enrollment-station key check v1').digest().subarray(0, 16).toString('base64');
}

function associatedData(key: Buffer, keyParams: KeyParams): Buffer {
  const header = Buffer.from(JSON.stringify({ format: 1, key: keyParams, keyCheck: keyCheck(key) } satisfies EnvelopeHeader));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  return Buffer.concat([MAGIC, length, header]);
}

export function seal(key: Buffer, keyParams: KeyParams, plaintext: Buffer): Buffer {
  const aad = associatedData(key, keyParams);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([aad, iv, body, cipher.getAuthTag()]);
}

/** Bytes encrypted or decrypted per turn of the event loop (≈ 2 ms), so a large store never stalls the station. */
const SLICE_BYTES = 4 * 1024 * 1024;
/** Bytes per cipher call: AES-GCM runs several times faster on pieces that stay in cache than on one large buffer. */
const PIECE_BYTES = 256 * 1024;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** `seal` for a large plaintext given in parts: the same file format, encrypted a slice per event-loop turn. */
export async function sealParts(key: Buffer, keyParams: KeyParams, parts: readonly Buffer[]): Promise<Buffer[]> {
  const aad = associatedData(key, keyParams);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const out: Buffer[] = [aad, iv];
  let sinceYield = 0;
  for (const part of parts) {
    for (let at = 0; at < part.length; at += PIECE_BYTES) {
      const slice = part.subarray(at, at + PIECE_BYTES);
      out.push(cipher.update(slice));
      sinceYield += slice.length;
      if (sinceYield >= SLICE_BYTES) {
        sinceYield = 0;
        await nextTurn();
      }
    }
  }
  out.push(cipher.final(), cipher.getAuthTag());
  return out;
}

/** Reads the header without the key (the key provider needs its parameters first). */
export function readHeader(file: Buffer): { header: EnvelopeHeader; aad: Buffer } {
  if (file.length === 0) throw new EnvelopeError({ reason: 'empty' });
  if (file.length < MAGIC.length + 4 || !file.subarray(0, MAGIC.length).equals(MAGIC)) {
    const zeroed = file.every((b) => b === 0);
    throw new EnvelopeError(zeroed ? { reason: 'damaged', detail: 'the file is filled with zeros' } : { reason: 'not-a-store' });
  }
  const length = file.readUInt32BE(MAGIC.length);
  const start = MAGIC.length + 4;
  if (length > 64 * 1024 || start + length + IV_BYTES + TAG_BYTES > file.length) {
    throw new EnvelopeError({ reason: 'damaged', detail: 'the file is shorter than its header says (truncated)' });
  }
  let json: unknown;
  try {
    json = JSON.parse(file.subarray(start, start + length).toString('utf8'));
  } catch {
    throw new EnvelopeError({ reason: 'damaged', detail: 'the header is not readable' });
  }
  const header = EnvelopeHeader.safeParse(json);
  if (!header.success) throw new EnvelopeError({ reason: 'damaged', detail: 'the header is not valid' });
  return { header: header.data, aad: file.subarray(0, start + length) };
}

function openCipher(key: Buffer, file: Buffer) {
  const { header, aad } = readHeader(file);
  const expected = Buffer.from(keyCheck(key), 'base64');
  const stored = Buffer.from(header.keyCheck, 'base64');
  if (stored.length !== expected.length || !timingSafeEqual(stored, expected)) {
    throw new EnvelopeError({ reason: 'wrong-key' });
  }
  const iv = file.subarray(aad.length, aad.length + IV_BYTES);
  const tag = file.subarray(file.length - TAG_BYTES);
  const body = file.subarray(aad.length + IV_BYTES, file.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return { decipher, body };
}

const INTEGRITY = 'the content failed its integrity check (changed, truncated or corrupted)';

/**
 * Decrypts a sealed file in pieces of the caller's choosing (a snapshot reads exactly one
 * line per call: no splitting, no joining). Nothing read may be trusted until `finish()`
 * has checked the whole file's tag.
 */
export class SealedReader {
  private at = 0;
  private sinceYield = 0;
  private constructor(
    private readonly decipher: ReturnType<typeof createDecipheriv>,
    private readonly body: Buffer,
  ) {}

  static open(key: Buffer, file: Buffer): SealedReader {
    const { decipher, body } = openCipher(key, file);
    return new SealedReader(decipher, body);
  }

  get remaining(): number {
    return this.body.length - this.at;
  }

  /** The next `bytes` bytes, decrypted; gives the event loop a turn every few megabytes. */
  async read(bytes: number): Promise<Buffer> {
    if (bytes > this.remaining) throw new EnvelopeError({ reason: 'damaged', detail: 'the content is shorter than it says (truncated)' });
    const parts: Buffer[] = [];
    for (let left = bytes; left > 0; ) {
      // A line of up to a few pieces in one call: cheaper than joining pieces afterwards.
      const piece = bytes <= 8 * PIECE_BYTES ? left : Math.min(left, PIECE_BYTES);
      parts.push(this.decipher.update(this.body.subarray(this.at, this.at + piece)));
      this.at += piece;
      left -= piece;
      this.sinceYield += piece;
      if (this.sinceYield >= SLICE_BYTES) {
        this.sinceYield = 0;
        await nextTurn();
      }
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  /** Checks the tag: everything read is authentic only once this returns. */
  finish(): void {
    try {
      this.decipher.final();
    } catch {
      throw new EnvelopeError({ reason: 'damaged', detail: INTEGRITY });
    }
  }
}

export function unseal(key: Buffer, file: Buffer): Buffer {
  const { decipher, body } = openCipher(key, file);
  try {
    // GCM returns the whole plaintext from update(); final() only checks the tag.
    const plain = decipher.update(body);
    decipher.final();
    return plain;
  } catch {
    throw new EnvelopeError({ reason: 'damaged', detail: INTEGRITY });
  }
}
