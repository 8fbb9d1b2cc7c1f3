import { createPublicKey, verify } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scratchDir } from '../../tests/support/web-host';
import { challengeMessage, parsePickupUri, pickupUri } from '../shared/contract/mobile-protocol';
import { decodeQrFromPng } from './qr';
import { WalletStore } from './wallet-store';

let dir: { path: string; remove(): Promise<void> };
beforeEach(async () => (dir = await scratchDir('wallet-')));
afterEach(() => dir.remove());

describe('the wallet’s home', () => {
  it('makes the phone’s identity and key pair once, keeps the private key to itself, and reuses both', async () => {
    const store = new WalletStore(join(dir.path, 'home'));
    const first = await store.open('iphone-x');
    expect(first.phone).toMatchObject({ manufacturer: 'Apple', model: 'iPhone X', osVersion: 'iOS 16.7.11', secureElementType: 'EMULATED', applicationVersion: '4.9.1' });
    expect(first.phone.deviceId).toMatch(/^\d{10}$/);
    const key = await store.publicKey();
    expect((await stat(join(dir.path, 'home', 'wallet-key.pem'))).mode & 0o777).toBe(0o600);
    const again = new WalletStore(join(dir.path, 'home'));
    expect((await again.open('pixel-8')).phone).toEqual(first.phone);
    expect(await again.publicKey()).toBe(key);
  });

  it('signs a door challenge so that the server can check it with the key the wallet sent', async () => {
    const store = new WalletStore(dir.path);
    await store.open('pixel-8');
    const message = challengeMessage('main-entrance', '3f2b4a52-5c1e-4f7e-9f43-0a6c1a1f7e10', 'n'.repeat(43));
    const signature = await store.sign(message);
    const key = createPublicKey({ key: Buffer.from(await store.publicKey(), 'base64'), format: 'der', type: 'spki' });
    expect(verify('sha256', Buffer.from(message), key, Buffer.from(signature, 'base64'))).toBe(true);
    expect(verify('sha256', Buffer.from(`${message}x`), key, Buffer.from(signature, 'base64'))).toBe(false);
  });

  it('refuses a damaged wallet.json and leaves it as it was', async () => {
    const store = new WalletStore(dir.path);
    await store.open('iphone-x');
    await writeFile(join(dir.path, 'wallet.json'), '{"format":"enrollment-wallet/v1","phone":');
    await expect(store.open('iphone-x')).rejects.toMatchObject({ code: 'WALLET_DAMAGED' });
    expect(await readFile(join(dir.path, 'wallet.json'), 'utf8')).toBe('{"format":"enrollment-wallet/v1","phone":');
  });
});

describe('reading the QR code from a picture of the screen', () => {
  it('finds the pickup URI in a QR code drawn inside a larger screenshot', async () => {
    const uri = pickupUri('http://127.0.0.1:7300', 'ADS7H65HYTJNRXR6');
    const qr = PNG.sync.read(await QRCode.toBuffer(uri, { errorCorrectionLevel: 'M', margin: 4, scale: 8 }));
    const screen = new PNG({ width: 1366, height: 900 });
    screen.data.fill(0xee); // a light grey page around it
    PNG.bitblt(qr, screen, 0, 0, qr.width, qr.height, 120, 140);
    const file = join(dir.path, 'screen.png');
    await writeFile(file, PNG.sync.write(screen));
    const text = await decodeQrFromPng(file);
    expect(parsePickupUri(text ?? '')).toEqual({ serverUrl: 'http://127.0.0.1:7300', code: 'ADS7-H65H-YTJN-RXR6' });
  });

  it('says there is none in a picture without one', async () => {
    const blank = new PNG({ width: 200, height: 200 });
    blank.data.fill(0xff);
    const file = join(dir.path, 'blank.png');
    await writeFile(file, PNG.sync.write(blank));
    expect(await decodeQrFromPng(file)).toBeUndefined();
  });
});
