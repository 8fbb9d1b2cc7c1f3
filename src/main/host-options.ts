import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { MIN_PASSPHRASE_LENGTH } from '../shared/contract/unlock';
import type { PassphrasePrompt } from './hosted-station';
import { storeKeyKind } from './store/station-store';
import { keyFileProvider, osKeystoreProvider, osKeystoreRefusal, passphraseProvider, type KeyProvider, type OsKeystore } from './store/key-providers';

/** Defaults shared by the web host and the admin commands. */
export function defaultDataDir(): string {
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'enrollment-station');
}

/** The key file lives apart from the data, so a copy of the data folder alone is unreadable. */
export function defaultKeyFile(): string {
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'enrollment-station', 'station.key');
}

/** ENROLLMENT_STATION_PASSPHRASE if set, else the key file (created on first start). */
export function keysFor(options: { keyFile?: string; create: boolean }): KeyProvider {
  const passphrase = process.env.ENROLLMENT_STATION_PASSPHRASE;
  if (passphrase) return passphraseProvider(passphrase);
  return keyFileProvider(resolve(options.keyFile ?? defaultKeyFile()), { create: options.create });
}

/**
 * The key for a station served to a browser (start:web, and `npm start`'s app window):
 * ENROLLMENT_STATION_PASSPHRASE if set; else a store protected by a passphrase asks for
 * it on the page; else the key file (created on first start).
 */
export async function browserHostKeys(options: { dataDir: string; keyFile?: string }): Promise<KeyProvider | PassphrasePrompt> {
  if (!process.env.ENROLLMENT_STATION_PASSPHRASE && (await storeKeyKind(options.dataDir)) === 'passphrase') {
    return { mode: 'unlock', reason: "This station's data is protected by a passphrase." };
  }
  return keysFor({ keyFile: options.keyFile, create: true });
}

/**
 * The desktop app's key: ENROLLMENT_STATION_PASSPHRASE when set; a store protected by a
 * passphrase asks for it (`unlock`); else the OS key store — unless that store protects
 * nothing (Linux `basic_text`, or none at all), in which case the window asks the
 * operator to choose a passphrase on first run.
 */
export async function desktopKeys(options: {
  passphrase: string | undefined;
  keystore: OsKeystore;
  platform: NodeJS.Platform;
  dataDir: string;
  wrappedKeyPath: string;
}): Promise<KeyProvider | PassphrasePrompt> {
  if (options.passphrase) return passphraseProvider(options.passphrase);
  const kind = await storeKeyKind(options.dataDir);
  if (kind === 'passphrase') return { mode: 'unlock', reason: "This station's data is protected by a passphrase." };
  const refusal = osKeystoreRefusal(options.keystore, options.platform);
  // A store already kept under the OS key store stays there: opening it says what is wrong.
  if (refusal && kind === undefined) {
    return {
      mode: 'choose',
      reason: `This computer cannot protect the station's key: ${refusal}. Choose a station passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters; it will be asked for at every start.`,
    };
  }
  return osKeystoreProvider(options.keystore, options.wrappedKeyPath, options.platform);
}
