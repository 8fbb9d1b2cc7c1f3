import { readFile } from 'node:fs/promises';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { WalletError } from './wallet-store';

/**
 * The text of the QR code in a PNG picture (a photo or a whole-screen screenshot of the
 * clerk's screen, QR code and all), or undefined when there is none. jsQR looks at the
 * full RGBA image, so the QR code may sit anywhere in a larger picture.
 */
export async function decodeQrFromPng(file: string): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new WalletError('PICTURE_UNREADABLE', `The picture ${file} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch {
    throw new WalletError('PICTURE_UNREADABLE', `${file} is not a PNG picture: take a screenshot or photo as PNG.`);
  }
  return decodeQrFromRgba(png.data, png.width, png.height);
}

/** The text of the QR code in RGBA pixels (4 bytes a pixel), or undefined. */
export function decodeQrFromRgba(rgba: Uint8Array, width: number, height: number): string | undefined {
  const pixels = new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, width * height * 4);
  return jsQR(pixels, width, height, { inversionAttempts: 'attemptBoth' })?.data ?? undefined;
}
