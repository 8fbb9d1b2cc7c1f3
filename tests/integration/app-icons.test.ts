import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';

/**
 * assets/: the app icon's SVG source and what scripts/make-icons.ts makes of it, as
 * Forge's packager and makers, the window and the page use them. Each file is read
 * back with its own format's rules (not with the code that wrote it).
 */
const ROOT = resolve(__dirname, '../..');
const ASSETS = join(ROOT, 'assets');
const SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];

function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('the app icon', () => {
  it('has an SVG source, and the page favicon is the same drawing', async () => {
    const svg = await readFile(join(ASSETS, 'icon.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 512 512">/);
    expect(await readFile(join(ROOT, 'src/renderer/public/icon.svg'), 'utf8')).toBe(svg);
    for (const page of ['index.html', 'web.html']) {
      expect(await readFile(join(ROOT, 'src/renderer', page), 'utf8')).toContain('<link rel="icon" href="./icon.svg" type="image/svg+xml" />');
    }
  });

  it.each(SIZES)('png/ at %i pixels: a square RGBA PNG of that size with see-through corners', async (size) => {
    const bytes = await readFile(join(ASSETS, 'png', `${size}x${size}.png`));
    expect(pngSize(bytes)).toEqual({ width: size, height: size });
    const image = PNG.sync.read(bytes);
    const alpha = (x: number, y: number) => image.data[(y * size + x) * 4 + 3];
    expect(alpha(0, 0)).toBeLessThan(16); // rounded tile: the corner is see-through (a trace of anti-aliasing at 16 px)
    expect(alpha(size >> 1, size >> 1)).toBe(255);
  });

  it('icon.ico holds PNGs of 16 … 256 pixels, each as its directory entry says', async () => {
    const bytes = await readFile(join(ASSETS, 'icon.ico'));
    expect([bytes.readUInt16LE(0), bytes.readUInt16LE(2)]).toEqual([0, 1]);
    const count = bytes.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const entry = 6 + 16 * i;
      const width = bytes.readUInt8(entry) || 256;
      const height = bytes.readUInt8(entry + 1) || 256;
      expect(bytes.readUInt16LE(entry + 6)).toBe(32);
      const length = bytes.readUInt32LE(entry + 8);
      const offset = bytes.readUInt32LE(entry + 12);
      expect(offset + length).toBeLessThanOrEqual(bytes.length);
      expect(pngSize(bytes.subarray(offset, offset + length))).toEqual({ width, height });
      sizes.push(width);
    }
    expect(sizes).toEqual([16, 32, 48, 64, 128, 256]);
  });

  it('icon.icns holds the macOS sizes (16 … 1024, with the Retina ones) as PNGs', async () => {
    const bytes = await readFile(join(ASSETS, 'icon.icns'));
    expect(bytes.toString('latin1', 0, 4)).toBe('icns');
    expect(bytes.readUInt32BE(4)).toBe(bytes.length);
    const found: Record<string, number> = {};
    for (let at = 8; at < bytes.length; ) {
      const type = bytes.toString('latin1', at, at + 4);
      const length = bytes.readUInt32BE(at + 4);
      expect(length).toBeGreaterThan(8);
      const { width, height } = pngSize(bytes.subarray(at + 8, at + length));
      expect(height).toBe(width);
      found[type] = width;
      at += length;
    }
    expect(found).toEqual({ icp4: 16, icp5: 32, icp6: 64, ic07: 128, ic08: 256, ic09: 512, ic10: 1024, ic11: 32, ic12: 64, ic13: 256, ic14: 512 });
  });
});
