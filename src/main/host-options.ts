import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
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
 * The desktop app's key: a passphrase when one is set, else the OS key store — unless
 * that store protects nothing (Linux `basic_text`), in which case the station must be
 * given a passphrase and says why.
 */
export function desktopKeys(options: {
  passphrase: string | undefined;
  keystore: OsKeystore;
  platform: NodeJS.Platform;
  wrappedKeyPath: string;
}): { keys: KeyProvider } | { passphraseNeeded: string } {
  if (options.passphrase) return { keys: passphraseProvider(options.passphrase) };
  const refusal = osKeystoreRefusal(options.keystore, options.platform);
  if (refusal) {
    return {
      passphraseNeeded: `This computer cannot protect the station's key: ${refusal}. Set a station passphrase of at least 12 characters in ENROLLMENT_STATION_PASSPHRASE and start the station again.`,
    };
  }
  return { keys: osKeystoreProvider(options.keystore, options.wrappedKeyPath, options.platform) };
}
