import { readFile } from 'node:fs/promises';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** The text of the QR code in a picture (a photo or screenshot of the clerk's screen), or undefined. */
export async function decodeQrFromPng(file: string): Promise<string | undefined> {
  const png = PNG.sync.read(await readFile(file));
  const found = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height);
  return found?.data;
}
