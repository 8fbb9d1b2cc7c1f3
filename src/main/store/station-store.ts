import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { StationError } from '../../shared/contract/errors';
import { type StoreDocument as Doc, StoreDocument, SCHEMA_VERSION } from './document';
import { writeFileDurably } from './durable-file';
import { EnvelopeError, readHeader, seal, unseal, type KeyParams, type OpenFailure } from './envelope';
import type { KeyProvider } from './key-providers';
import { acquireStoreLock } from './store-lock';

export const STORE_FILE = 'station-store.enc';

export interface StationStore {
  readonly file: string;
  /** The committed document. Treat as immutable: change it only through `update`. */
  readonly data: Doc;
  /**
   * Computes the next document from the current one and commits it in one durable,
   * encrypted write. If `change` throws, or the write fails, nothing changes.
   */
  update(change: (current: Doc) => Doc): Promise<Doc>;
  close(): Promise<void>;
}

const FAILURE_TEXT: Record<OpenFailure['reason'], string> = {
  empty: 'the file is empty',
  'not-a-store': 'the file is not an Enrollment Station store',
  damaged: 'the file is damaged',
  'wrong-key': 'it was encrypted with a different key',
};

function unreadable(file: string, failure: OpenFailure, keyDescription: string): StationError {
  const what = failure.reason === 'damaged' ? `${FAILURE_TEXT.damaged}: ${failure.detail}` : FAILURE_TEXT[failure.reason];
  const fix =
    failure.reason === 'wrong-key'
      ? `Start the station with the key it was set up with (now using ${keyDescription}).`
      : 'The file has been left untouched for support. Restore it from a backup or contact support; do not delete it.';
  return new StationError('STORE_UNREADABLE', `The station's data file ${file} cannot be opened: ${what}. ${fix}`, {
    file,
    reason: failure.reason,
  });
}

/** lowdb adapter: the document as JSON, sealed with AES-256-GCM, written durably. */
class EncryptedFileAdapter implements Adapter<Doc> {
  constructor(
    private readonly file: string,
    private readonly keys: KeyProvider,
  ) {}

  private key: Buffer | undefined;
  private params: KeyParams | undefined;

  async read(): Promise<Doc | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      const { header } = readHeader(bytes);
      this.key = await this.keys.keyFor(header.key);
      this.params = header.key;
      return parseDocument(this.file, unseal(this.key, bytes));
    } catch (error) {
      if (error instanceof EnvelopeError) throw unreadable(this.file, error.failure, this.keys.description);
      throw error;
    }
  }

  async write(data: Doc): Promise<void> {
    if (!this.key || !this.params) {
      const fresh = await this.keys.newKey();
      this.key = fresh.key;
      this.params = fresh.params;
    }
    await writeFileDurably(this.file, seal(this.key, this.params, Buffer.from(JSON.stringify(data), 'utf8')));
  }
}

function parseDocument(file: string, plaintext: Buffer): Doc {
  let json: unknown;
  try {
    json = JSON.parse(plaintext.toString('utf8'));
  } catch {
    throw unreadable(file, { reason: 'damaged', detail: 'the decrypted content is not JSON' }, '');
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > SCHEMA_VERSION) {
    throw new StationError(
      'STORE_UNREADABLE',
      `The station's data file ${file} was written by a newer version of Enrollment Station (format ${version}; this version reads up to ${SCHEMA_VERSION}). Update the station software.`,
      { file, reason: 'newer-format' },
    );
  }
  const parsed = StoreDocument.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') ?? '';
    throw unreadable(file, { reason: 'damaged', detail: `its content does not match the expected format (at "${where}")` }, '');
  }
  return parsed.data;
}

/**
 * Opens (or creates) the station's encrypted store in `dataDir`. A wrong key or a
 * damaged file is an error: the station never starts over on an empty store.
 */
export async function openStationStore(options: {
  dataDir: string;
  keys: KeyProvider;
  initial: () => Doc;
}): Promise<StationStore> {
  const file = join(options.dataDir, STORE_FILE);
  const release = await acquireStoreLock(join(options.dataDir, 'station-store.lock'));
  try {
    const adapter = new EncryptedFileAdapter(file, options.keys);
    const db = new Low<Doc>(adapter, options.initial());
    const existing = await adapter.read();
    if (existing) db.data = existing;
    else await db.write();

    let queue: Promise<unknown> = Promise.resolve();
    return {
      file,
      get data() {
        return db.data;
      },
      update(change) {
        const run = queue.then(async () => {
          const previous = db.data;
          const next = change(previous);
          db.data = next;
          try {
            await db.write();
          } catch (error) {
            db.data = previous;
            throw new StationError(
              'STORE_WRITE_FAILED',
              `The change could not be saved to ${file} (${(error as NodeJS.ErrnoException).code ?? 'write error'}). Nothing was saved; check free disk space and try again.`,
            );
          }
          return next;
        });
        queue = run.catch(() => undefined);
        return run;
      },
      async close() {
        await queue;
        await release();
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}
