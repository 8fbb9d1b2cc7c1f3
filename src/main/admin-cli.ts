import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { StationError } from '../shared/contract/errors';
import { loadStationConfig } from './config';
import { defaultDataDir, keysFor } from './host-options';
import { exportBackup, importBackup } from './store/backup';
import { emptyDocument } from './store/document';
import { keyFileProvider, passphraseProvider, type KeyProvider } from './store/key-providers';
import { openStationStore } from './store/station-store';

/**
 * Site administrator commands on a station's data folder (the station must be stopped):
 *   npm run station-admin -- backup-export --to FILE      [--data DIR] [--key-file FILE]
 *   npm run station-admin -- backup-import --from FILE    [--data DIR] [--key-file FILE]
 *   npm run station-admin -- rotate-key (--new-key-file FILE | --new-passphrase) [--data DIR] [--key-file FILE]
 * Passphrases come from the environment, never the command line (it is visible to
 * other users): ENROLLMENT_STATION_PASSPHRASE (the store's), ENROLLMENT_STATION_BACKUP_PASSPHRASE,
 * ENROLLMENT_STATION_NEW_PASSPHRASE.
 */
const USAGE = `Usage: npm run station-admin -- <command> [options]

  backup-export --to FILE          write an encrypted backup (passphrase: ENROLLMENT_STATION_BACKUP_PASSPHRASE)
  backup-import --from FILE        restore a backup into an empty data folder
  rotate-key --new-key-file FILE   re-encrypt the store under a new key file
  rotate-key --new-passphrase      re-encrypt the store under ENROLLMENT_STATION_NEW_PASSPHRASE

  --data DIR        the station's data folder (default ${defaultDataDir()})
  --key-file FILE   the store's key file (or set ENROLLMENT_STATION_PASSPHRASE)`;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new StationError('VALIDATION_FAILED', `Set ${name} in the environment first (a passphrase is never taken on the command line).`);
  return value;
}

async function main(argv: string[]): Promise<string> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      'key-file': { type: 'string' },
      to: { type: 'string' },
      from: { type: 'string' },
      'new-key-file': { type: 'string' },
      'new-passphrase': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || !command) return USAGE;
  const dataDir = resolve(values.data ?? defaultDataDir());

  if (command === 'backup-import') {
    if (!values.from) throw new StationError('VALIDATION_FAILED', `backup-import needs --from FILE\n\n${USAGE}`);
    const result = await importBackup({
      source: resolve(values.from),
      passphrase: required('ENROLLMENT_STATION_BACKUP_PASSPHRASE'),
      dataDir,
      keys: keysFor({ keyFile: values['key-file'], create: true }),
    });
    return `Restored ${result.applicants} applicant(s) from the backup made ${result.exportedAt} into ${dataDir}.`;
  }

  const config = await loadStationConfig(dataDir);
  const openExisting = (keys: KeyProvider) => openStationStore({ dataDir, keys, initial: () => emptyDocument(config.employeeNumberRange) });

  if (command === 'backup-export') {
    if (!values.to) throw new StationError('VALIDATION_FAILED', `backup-export needs --to FILE\n\n${USAGE}`);
    const passphrase = required('ENROLLMENT_STATION_BACKUP_PASSPHRASE');
    const store = await openExisting(keysFor({ keyFile: values['key-file'], create: false }));
    try {
      const { applicants } = await exportBackup(store, resolve(values.to), passphrase);
      return `Backup of ${applicants} applicant(s) written to ${resolve(values.to)}. Keep its passphrase apart from the media.`;
    } finally {
      await store.close();
    }
  }

  if (command === 'rotate-key') {
    const next = values['new-key-file']
      ? keyFileProvider(resolve(values['new-key-file']), { create: true })
      : values['new-passphrase']
        ? passphraseProvider(required('ENROLLMENT_STATION_NEW_PASSPHRASE'))
        : undefined;
    if (!next) throw new StationError('VALIDATION_FAILED', `rotate-key needs --new-key-file FILE or --new-passphrase\n\n${USAGE}`);
    const store = await openExisting(keysFor({ keyFile: values['key-file'], create: false }));
    try {
      await store.rotateKey(next);
    } finally {
      await store.close();
    }
    return `The store in ${dataDir} is now encrypted with ${next.description}; the previous key no longer opens it. Start the station with the new key.`;
  }
  throw new StationError('VALIDATION_FAILED', `Unknown command "${command}".\n\n${USAGE}`);
}

main(process.argv.slice(2)).then(
  (message) => console.log(message),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
