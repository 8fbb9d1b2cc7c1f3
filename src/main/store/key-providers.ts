import { randomBytes, scrypt as scryptCallback, type ScryptOptions } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StationError } from '../../shared/contract/errors';
import { MIN_PASSPHRASE_LENGTH } from '../../shared/contract/unlock';
import { KEY_BYTES, type KeyParams } from './envelope';

/**
 * Gives the store its 256-bit key. Providers never log or return the key in a
 * message; `description` says where the key comes from, for error messages.
 */
export interface KeyProvider {
  readonly description: string;
  /** The key for a new store, with the public parameters to keep in its header. */
  newKey(): Promise<{ key: Buffer; params: KeyParams }>;
  /** The key for an existing store whose header holds `params`. */
  keyFor(params: KeyParams): Promise<Buffer>;
}

function keyUnavailable(message: string): StationError {
  return new StationError('STORE_UNREADABLE', message, { reason: 'key-unavailable' });
}

function wrongKind(expected: KeyParams['kind'], actual: KeyParams['kind']): StationError {
  const how: Record<KeyParams['kind'], string> = {
    'key-file': 'a key file (--key-file)',
    passphrase: 'a station passphrase (ENROLLMENT_STATION_PASSPHRASE)',
    'os-keystore': "the operating system's key store (the Electron station)",
  };
  return keyUnavailable(`This store is protected by ${how[actual]}, but the station was started with ${how[expected]}. Start it the same way it was first set up.`);
}

const KEY_FILE_LINE = /^enrollment-station-key-v1:([A-Za-z0-9+/]{43}=)\s*$/;

/** A key kept in a file of its own (mode 0600), away from the data folder. */
export function keyFileProvider(path: string, options: { create: boolean }): KeyProvider {
  async function read(): Promise<Buffer | undefined> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw keyUnavailable(`The key file ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}). Check its permissions.`);
    }
    const match = KEY_FILE_LINE.exec(text);
    if (!match?.[1]) throw keyUnavailable(`The key file ${path} is not a station key file. Restore the original key file.`);
    return Buffer.from(match[1], 'base64');
  }
  return {
    description: `key file ${path}`,
    async newKey() {
      let key = await read();
      if (!key) {
        if (!options.create) throw keyUnavailable(`The key file ${path} does not exist.`);
        key = randomBytes(KEY_BYTES);
        await mkdir(dirname(path), { recursive: true, mode: 0o700 });
        await writeFile(path, `enrollment-station-key-v1:${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      }
      return { key, params: { kind: 'key-file' } };
    },
    async keyFor(params) {
      if (params.kind !== 'key-file') throw wrongKind('key-file', params.kind);
      const key = await read();
      if (!key) {
        throw keyUnavailable(`The key file ${path} is missing, and the store cannot be opened without it. Restore the key file from where it was backed up.`);
      }
      return key;
    },
  };
}

const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;

function scrypt(passphrase: string, salt: Buffer, params: ScryptOptions & { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(passphrase.normalize('NFC'), salt, KEY_BYTES, { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** A key derived from the station passphrase with scrypt; salt and cost live in the store header. */
export function passphraseProvider(passphrase: string): KeyProvider {
  return {
    description: 'the station passphrase',
    async newKey() {
      if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
        throw keyUnavailable(`The station passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters.`);
      }
      const salt = randomBytes(16);
      const key = await scrypt(passphrase, salt, SCRYPT);
      return { key, params: { kind: 'passphrase', salt: salt.toString('base64'), ...SCRYPT } };
    },
    async keyFor(params) {
      if (params.kind !== 'passphrase') throw wrongKind('passphrase', params.kind);
      return scrypt(passphrase, Buffer.from(params.salt, 'base64'), params);
    },
  };
}

/** The slice of Electron's `safeStorage` the station uses (so this file stays Electron-free). */
export interface OsKeystore {
  isEncryptionAvailable(): boolean;
  /** Linux only: 'basic_text' means the "encryption" is a hard-coded password. */
  getSelectedStorageBackend?(): string;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Why the OS key store cannot protect the key, or undefined when it can. */
export function osKeystoreRefusal(keystore: OsKeystore, platform: NodeJS.Platform): string | undefined {
  if (!keystore.isEncryptionAvailable()) return 'the operating system key store is not available';
  if (platform === 'linux' && keystore.getSelectedStorageBackend?.() === 'basic_text') {
    return 'the only key store on this Linux desktop is "basic_text", which protects nothing (no secret service such as GNOME Keyring or KWallet is running)';
  }
  return undefined;
}

/** A random key wrapped by the OS key store (Electron safeStorage) and kept in `wrappedKeyPath`. */
export function osKeystoreProvider(keystore: OsKeystore, wrappedKeyPath: string, platform: NodeJS.Platform = process.platform): KeyProvider {
  function ensureUsable(): void {
    const refusal = osKeystoreRefusal(keystore, platform);
    if (refusal) throw keyUnavailable(`The station cannot protect its key: ${refusal}. Set a station passphrase (ENROLLMENT_STATION_PASSPHRASE) instead.`);
  }
  return {
    description: "the operating system's key store",
    async newKey() {
      ensureUsable();
      const key = randomBytes(KEY_BYTES);
      await mkdir(dirname(wrappedKeyPath), { recursive: true, mode: 0o700 });
      await writeFile(wrappedKeyPath, keystore.encryptString(key.toString('base64')), { mode: 0o600 });
      return { key, params: { kind: 'os-keystore' } };
    },
    async keyFor(params) {
      if (params.kind !== 'os-keystore') throw wrongKind('os-keystore', params.kind);
      ensureUsable();
      let wrapped: Buffer;
      try {
        wrapped = await readFile(wrappedKeyPath);
      } catch {
        throw keyUnavailable(`The wrapped station key ${wrappedKeyPath} is missing; the store cannot be opened without it.`);
      }
      try {
        return Buffer.from(keystore.decryptString(wrapped), 'base64');
      } catch {
        throw keyUnavailable("The operating system's key store could not unwrap the station key (was the station moved to another user or machine?).");
      }
    },
  };
}
