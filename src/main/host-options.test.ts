import { describe, expect, it } from 'vitest';
import { desktopKeys } from './host-options';
import type { OsKeystore } from './store/key-providers';

/** Electron's safeStorage cannot run here (no Electron binary); this answers its four calls. */
const keystore = (backend: string): OsKeystore => ({
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => backend,
  encryptString: (s) => Buffer.from(s),
  decryptString: (b) => b.toString(),
});

describe('the desktop station key', () => {
  it('uses the OS key store when it protects something', () => {
    const choice = desktopKeys({ passphrase: undefined, keystore: keystore('gnome_libsecret'), platform: 'linux', wrappedKeyPath: '/tmp/k' });
    expect('keys' in choice && choice.keys.description).toBe("the operating system's key store");
  });

  it("asks for a passphrase instead of trusting Linux's basic_text", () => {
    const choice = desktopKeys({ passphrase: undefined, keystore: keystore('basic_text'), platform: 'linux', wrappedKeyPath: '/tmp/k' });
    expect(choice).toEqual({ passphraseNeeded: expect.stringContaining('ENROLLMENT_STATION_PASSPHRASE') });
  });

  it('prefers a passphrase when one is set', () => {
    const choice = desktopKeys({ passphrase: 'a long station passphrase', keystore: keystore('basic_text'), platform: 'linux', wrappedKeyPath: '/tmp/k' });
    expect('keys' in choice && choice.keys.description).toBe('the station passphrase');
  });
});
