import { describe, expect, it } from 'vitest';
import { osKeystoreProvider, osKeystoreRefusal, type OsKeystore } from './key-providers';

/** Electron's safeStorage cannot run here (no Electron binary); this stands in for its four calls. */
function keystore(backend: string, available = true): OsKeystore {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain) => Buffer.from(`wrapped:${plain}`),
    decryptString: (wrapped) => wrapped.toString().replace(/^wrapped:/, ''),
  };
}

describe('OS key store decision', () => {
  it("refuses Linux's basic_text backend, which protects nothing", () => {
    expect(osKeystoreRefusal(keystore('basic_text'), 'linux')).toMatch(/basic_text/);
  });

  it('accepts a real secret service on Linux, and the platform key stores elsewhere', () => {
    expect(osKeystoreRefusal(keystore('gnome_libsecret'), 'linux')).toBeUndefined();
    expect(osKeystoreRefusal(keystore('unknown'), 'darwin')).toBeUndefined();
  });

  it('refuses when encryption is unavailable, pointing to the passphrase', async () => {
    const provider = osKeystoreProvider(keystore('basic_text'), '/tmp/never-written.key', 'linux');
    await expect(provider.newKey()).rejects.toMatchObject({ message: expect.stringContaining('ENROLLMENT_STATION_PASSPHRASE') });
    expect(osKeystoreRefusal(keystore('kwallet5', false), 'linux')).toMatch(/not available/);
  });
});
