import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePickupUri, pickupUri } from '../shared/contract/mobile-protocol';
import { decodeQrFromPng } from './qr';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'wallet-qr-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

const URI = pickupUri('http://127.0.0.1:7300', 'ADS7H65HYTJNRXR6');

/** A whole screen (grey page, white modal) with the QR code of `text` in the modal, as a PNG file. */
async function screenshot(text: string, options: { width?: number; height?: number; scale?: number; dark?: boolean } = {}): Promise<string> {
  const { width = 1366, height = 900, scale = 8, dark = false } = options;
  const qr = PNG.sync.read(
    await QRCode.toBuffer(text, { errorCorrectionLevel: 'M', margin: 4, scale, color: dark ? { dark: '#ffffffff', light: '#121212ff' } : { dark: '#000000ff', light: '#ffffffff' } }),
  );
  const screen = new PNG({ width, height });
  screen.data.fill(dark ? 0x30 : 0xee);
  const modal = new PNG({ width: Math.min(width - 40, qr.width + 400), height: Math.min(height - 40, qr.height + 200) });
  modal.data.fill(dark ? 0x12 : 0xff);
  PNG.bitblt(modal, screen, 0, 0, modal.width, modal.height, 20, 20);
  PNG.bitblt(qr, screen, 0, 0, qr.width, qr.height, 120, 100);
  const file = join(dir, `screen-${width}x${height}-${scale}${dark ? '-dark' : ''}.png`);
  await writeFile(file, PNG.sync.write(screen));
  return file;
}

describe('reading the QR code from a picture of the screen', () => {
  it('finds the pickup URI in a QR code inside a 1366×900 screenshot', async () => {
    const text = await decodeQrFromPng(await screenshot(URI));
    expect(text).toBe(URI);
    expect(parsePickupUri(text ?? '')).toEqual({ serverUrl: 'http://127.0.0.1:7300', code: 'ADS7-H65H-YTJN-RXR6' });
  });

  it('reads a small QR code and a light-on-dark one (a dark-mode screen)', async () => {
    expect(await decodeQrFromPng(await screenshot(URI, { width: 800, height: 600, scale: 4 }))).toBe(URI);
    expect(await decodeQrFromPng(await screenshot(URI, { dark: true }))).toBe(URI);
  });

  it('says there is none in a picture without one', async () => {
    const blank = new PNG({ width: 200, height: 200 });
    blank.data.fill(0xff);
    const file = join(dir, 'blank.png');
    await writeFile(file, PNG.sync.write(blank));
    expect(await decodeQrFromPng(file)).toBeUndefined();
  });

  it('says in plain words when the file is missing or not a PNG', async () => {
    await expect(decodeQrFromPng(join(dir, 'nope.png'))).rejects.toMatchObject({ code: 'PICTURE_UNREADABLE', message: expect.stringContaining('ENOENT') });
    const text = join(dir, 'notes.png');
    await writeFile(text, 'hello');
    await expect(decodeQrFromPng(text)).rejects.toMatchObject({ code: 'PICTURE_UNREADABLE', message: expect.stringContaining('is not a PNG picture') });
  });
});
