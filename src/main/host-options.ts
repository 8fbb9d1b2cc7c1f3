import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { keyFileProvider, passphraseProvider, type KeyProvider } from './store/key-providers';

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
