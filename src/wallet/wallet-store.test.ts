import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { challengeMessage, RedeemRequest } from '../shared/contract/mobile-protocol';
import { WalletStore, type WalletFile } from './wallet-store';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'wallet-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

const mode = async (path: string) => (await stat(path)).mode & 0o777;

const credential: NonNullable<WalletFile['credential']> = {
  credentialId: 'c0ffee00-0000-4000-8000-000000000001',
  status: 'ACTIVE',
  holderName: 'Amaka Okafor-Nwosu',
  employeeNumber: '20000001',
  credentialTypeName: 'Mobile PACS – Employee',
  organization: 'Northwind Health',
  serverUrl: 'http://127.0.0.1:7300',
  redeemedAt: '2026-11-28T05:00:00.000Z',
};

describe('the wallet’s home', () => {
  it('makes the phone’s identity and key pair once, keeps them to itself, and reuses both', async () => {
    const home = join(dir, 'home');
    const store = new WalletStore(home);
    const first = await store.open('iphone-x');
    expect(first).toMatchObject({ format: 'enrollment-wallet/v1', profile: 'iphone-x' });
    expect(first.phone).toMatchObject({ manufacturer: 'Apple', model: 'iPhone X', osVersion: 'iOS 16.7.11', secureElementType: 'EMULATED', applicationVersion: '4.9.1' });
    expect(first.phone.deviceId).toMatch(/^[1-9]\d{9}$/);
    const key = await store.publicKey();
    expect(await mode(home)).toBe(0o700);
    expect(await mode(store.keyFile)).toBe(0o600);
    expect(await mode(store.walletFile)).toBe(0o600);
    expect(await readFile(store.keyFile, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);

    // Another run (even asking for another phone) finds the same phone and key.
    const again = new WalletStore(home);
    expect(await again.open('pixel-8')).toEqual(first);
    expect(await again.publicKey()).toBe(key);
    // Another home is another phone.
    expect((await new WalletStore(join(dir, 'other')).open('iphone-x')).phone.deviceId).not.toBe(first.phone.deviceId);
  });

  it('sends a public key the server accepts: an SPKI DER P-256 key in base64', async () => {
    const store = new WalletStore(dir);
    const wallet = await store.open('galaxy-s23');
    const publicKey = await store.publicKey();
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(RedeemRequest.safeParse({ code: 'ADS7-H65H-YTJN-RXR6', phone: wallet.phone, publicKey }).success).toBe(true);
  });

  it('makes exactly one key when several runs start at once', async () => {
    const stores = Array.from({ length: 8 }, () => new WalletStore(dir));
    const keys = await Promise.all(stores.map((s) => s.publicKey()));
    expect(new Set(keys).size).toBe(1);
    expect((await readdir(dir)).sort()).toEqual(['wallet-key.pem']);
  });

  it('signs a door challenge so that the server can check it with the key the wallet sent', async () => {
    const store = new WalletStore(dir);
    await store.open('pixel-8');
    const publicKey = await store.publicKey();
    const message = challengeMessage('main-entrance', '3f2b4a52-5c1e-4f7e-9f43-0a6c1a1f7e10', 'n'.repeat(43));
    const signature = await store.sign(message);
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    expect(verify('sha256', Buffer.from(message, 'utf8'), key, Buffer.from(signature, 'base64'))).toBe(true);
    expect(verify('sha256', Buffer.from(`${message}x`, 'utf8'), key, Buffer.from(signature, 'base64'))).toBe(false);
    // DER: a SEQUENCE of two INTEGERs, as the protocol asks (not the 64-byte raw form).
    expect(Buffer.from(signature, 'base64')[0]).toBe(0x30);
  });

  it('keeps the credential it saves, atomically, leaving no temporary files', async () => {
    const store = new WalletStore(dir);
    const wallet = await store.open('iphone-x');
    await store.save({ ...wallet, credential });
    expect((await store.read())?.credential).toEqual(credential);
    expect((await readdir(dir)).sort()).toEqual(['wallet.json']);
    expect(await mode(store.walletFile)).toBe(0o600);
  });

  it('refuses a damaged wallet.json and leaves it as it was', async () => {
    const store = new WalletStore(dir);
    await store.open('iphone-x');
    for (const damaged of ['{"format":"enrollment-wallet/v1","phone":', '{"format":"enrollment-wallet/v1","phone":{}}', '[]', '']) {
      await writeFile(store.walletFile, damaged);
      await expect(store.open('iphone-x')).rejects.toMatchObject({ code: 'WALLET_DAMAGED', message: expect.stringContaining('left untouched') });
      await expect(store.read()).rejects.toMatchObject({ code: 'WALLET_DAMAGED' });
      expect(await readFile(store.walletFile, 'utf8')).toBe(damaged);
    }
  });

  it('refuses to save a wallet that would not read back', async () => {
    const store = new WalletStore(dir);
    const wallet = await store.open('iphone-x');
    await expect(store.save({ ...wallet, credential: { ...credential, serverUrl: 'not a url' } })).rejects.toThrow();
    expect((await store.read())?.credential).toBeUndefined();
  });

  it('never remakes a lost or damaged key behind the person’s back', async () => {
    const store = new WalletStore(dir);
    await store.open('iphone-x');
    await expect(store.sign('hello')).rejects.toMatchObject({ code: 'KEY_MISSING' });

    await writeFile(store.keyFile, 'not a key', { mode: 0o600 });
    await expect(store.sign('hello')).rejects.toMatchObject({ code: 'KEY_DAMAGED' });
    await expect(store.publicKey()).rejects.toMatchObject({ code: 'KEY_DAMAGED' });
    expect(await readFile(store.keyFile, 'utf8')).toBe('not a key');

    // A key on another curve is not this wallet's key either.
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await writeFile(store.keyFile, rsa);
    await expect(store.sign('hello')).rejects.toMatchObject({ code: 'KEY_DAMAGED' });
  });
});
