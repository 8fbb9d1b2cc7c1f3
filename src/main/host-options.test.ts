import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scratchDir } from '../../tests/support/web-host';
import { desktopKeys } from './host-options';
import { emptyDocument } from './store/document';
import { passphraseProvider, type KeyProvider, type OsKeystore } from './store/key-providers';
import { openStationStore } from './store/station-store';

/** Electron's safeStorage cannot run here (no Electron binary); this answers its four calls. */
const keystore = (backend: string): OsKeystore => ({
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => backend,
  encryptString: (s) => Buffer.from(s),
  decryptString: (b) => b.toString(),
});

let dir: { path: string; remove(): Promise<void> };
beforeEach(async () => (dir = await scratchDir('desktop-keys-')));
afterEach(() => dir.remove());

const choose = (backend: string, passphrase?: string) =>
  desktopKeys({ passphrase, keystore: keystore(backend), platform: 'linux', dataDir: dir.path, wrappedKeyPath: join(dir.path, 'k') });
const description = (choice: Awaited<ReturnType<typeof choose>>) => ('mode' in choice ? choice : (choice as KeyProvider).description);

async function createStore(keys: KeyProvider): Promise<void> {
  const store = await openStationStore({ dataDir: dir.path, keys, initial: () => emptyDocument({ first: 10_000_000, last: 10_999_999 }) });
  await store.close();
}

describe('the desktop station key', () => {
  it('uses the OS key store when it protects something', async () => {
    expect(description(await choose('gnome_libsecret'))).toBe("the operating system's key store");
  });

  it("asks the operator to choose a passphrase on first run instead of trusting Linux's basic_text", async () => {
    expect(await choose('basic_text')).toEqual({ mode: 'choose', reason: expect.stringContaining('basic_text') });
    expect(await choose('basic_text')).toEqual({ mode: 'choose', reason: expect.stringContaining('at least 12 characters') });
  });

  it('asks to unlock a store protected by a passphrase, whatever the key store', async () => {
    await createStore(passphraseProvider('a long station passphrase'));
    expect(await choose('basic_text')).toEqual({ mode: 'unlock', reason: "This station's data is protected by a passphrase." });
    expect(await choose('gnome_libsecret')).toMatchObject({ mode: 'unlock' });
  });

  it('prefers ENROLLMENT_STATION_PASSPHRASE when it is set', async () => {
    expect(description(await choose('basic_text', 'a long station passphrase'))).toBe('the station passphrase');
  });
});
