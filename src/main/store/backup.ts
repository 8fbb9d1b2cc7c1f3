import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { StationError } from '../../shared/contract/errors';
import { fromStored, StoreDocument } from './document';
import { writeFileDurably } from './durable-file';
import { EnvelopeError, readHeader, seal, unseal } from './envelope';
import { passphraseProvider, type KeyProvider } from './key-providers';
import { migrate } from './migrations';
import { openStationStore, type StationStore } from './station-store';

/**
 * Encrypted backups: the whole store sealed under a passphrase of its own (scrypt +
 * AES-256-GCM, the store's file format), e.g. on removable media before a laptop is
 * shipped back from a remote site. Readable only with that passphrase.
 */
const Backup = z.strictObject({
  format: z.literal('enrollment-station/backup'),
  version: z.literal(1),
  exportedAt: z.iso.datetime(),
  stationId: z.string(),
  document: z.unknown(),
});

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

export async function exportBackup(store: StationStore, target: string, passphrase: string): Promise<{ applicants: number }> {
  if (await exists(target)) {
    throw new StationError('STORE_WRITE_FAILED', `${target} already exists. Choose a new file name; a backup never overwrites a file.`);
  }
  if (!(await exists(dirname(target)))) {
    throw new StationError('STORE_WRITE_FAILED', `The folder ${dirname(target)} does not exist. Check that the removable media is mounted, then try again.`);
  }
  const { key, params } = await passphraseProvider(passphrase).newKey();
  const body = { format: 'enrollment-station/backup', version: 1, exportedAt: new Date().toISOString(), stationId: store.data.stationId, document: store.data };
  await writeFileDurably(target, seal(key, params, Buffer.from(JSON.stringify(body))));
  return { applicants: store.data.applicants.length };
}

/** Restores a backup into an empty data folder, encrypted there under the station's own key. */
export async function importBackup(options: { source: string; passphrase: string; dataDir: string; keys: KeyProvider }): Promise<{ applicants: number; exportedAt: string }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(options.source);
  } catch {
    throw new StationError('STORE_UNREADABLE', `The backup ${options.source} cannot be read. Check the file name and the removable media.`);
  }
  let plain: Buffer;
  try {
    const params = readHeader(bytes).header.key;
    if (params.kind !== 'passphrase') throw new EnvelopeError({ reason: 'not-a-store' });
    plain = unseal(await passphraseProvider(options.passphrase).keyFor(params), bytes);
  } catch (error) {
    if (error instanceof EnvelopeError) {
      const why = error.failure.reason === 'wrong-key' ? 'the backup passphrase is not the one it was made with' : `it is not a readable Enrollment Station backup (${error.message})`;
      throw new StationError('STORE_UNREADABLE', `The backup ${options.source} cannot be opened: ${why}. Nothing was changed.`);
    }
    throw error;
  }
  const backup = Backup.safeParse(JSON.parse(plain.toString('utf8')));
  if (!backup.success) throw new StationError('STORE_UNREADABLE', `The backup ${options.source} is not in a format this version reads. Nothing was changed.`);
  const document = fromStored(StoreDocument.parse(migrate(backup.data.document, options.source).doc));
  if (await exists(`${options.dataDir}/station-store.enc`)) {
    throw new StationError('STORE_LOCKED', `The data folder ${options.dataDir} already holds a station store. Import into an empty folder; nothing was changed.`);
  }
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const store = await openStationStore({ dataDir: options.dataDir, keys: options.keys, initial: () => document });
  const applicants = store.data.applicants.length;
  await store.close();
  return { applicants, exportedAt: backup.data.exportedAt };
}
