// Regenerates the app icon files from assets/icon.svg (`npm run icons`):
//   assets/png/<N>x<N>.png for 16 … 1024, assets/icon.ico (Windows), assets/icon.icns (macOS),
//   and src/renderer/public/icon.svg (the page's favicon, a copy of the source).
// The SVG is drawn by Chromium (Debian's, as the e2e tests use: CHROMIUM_PATH to choose),
// each size on its own so small sizes are drawn sharp, not scaled down. ICO and ICNS are
// written here: both are PNG images in a simple container.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { launchChromium } from '../tests/support/browser';

const ROOT = resolve(__dirname, '..');
const ASSETS = join(ROOT, 'assets');
export const PNG_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024] as const;
/** Windows shows 16 … 256 (256 is the largest an .ico entry can say). */
export const ICO_SIZES = [16, 32, 48, 64, 128, 256] as const;
/** macOS types: each holds a PNG of the given pixel size (the @2x ones are Retina). */
export const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
] as const;

/** An .ico: header, one 16-byte directory entry per image, then the PNGs. */
export function ico(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0); // 0 means 256
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt8(0, 2); // no palette
    entry.writeUInt8(0, 3);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

/** An .icns: 'icns' and the total length, then per image its type, length (with the 8-byte head) and PNG. */
export function icns(images: { type: string; png: Buffer }[]): Buffer {
  const chunks = images.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'latin1');
  header.writeUInt32BE(8 + chunks.reduce((n, c) => n + c.length, 0), 4);
  return Buffer.concat([header, ...chunks]);
}

async function render(svg: string, sizes: readonly number[]): Promise<Map<number, Buffer>> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    const pngs = new Map<number, Buffer>();
    for (const size of sizes) {
      await page.setViewportSize({ width: size, height: size });
      const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
      await page.setContent(`<html><body style="margin:0;background:transparent"><img src="${dataUrl}" width="${size}" height="${size}" style="display:block"></body></html>`);
      await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
      pngs.set(size, await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }));
    }
    return pngs;
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const source = join(ASSETS, 'icon.svg');
  const svg = await readFile(source, 'utf8');
  const pngs = await render(svg, PNG_SIZES);
  await mkdir(join(ASSETS, 'png'), { recursive: true });
  for (const [size, png] of pngs) await writeFile(join(ASSETS, 'png', `${size}x${size}.png`), png);
  const png = (size: number) => pngs.get(size)!;
  await writeFile(join(ASSETS, 'icon.ico'), ico(ICO_SIZES.map((size) => ({ size, png: png(size) }))));
  await writeFile(join(ASSETS, 'icon.icns'), icns(ICNS_TYPES.map(([type, size]) => ({ type, png: png(size) }))));
  await copyFile(source, join(ROOT, 'src', 'renderer', 'public', 'icon.svg'));
  console.log(`Wrote assets/png (${PNG_SIZES.join(', ')}), assets/icon.ico, assets/icon.icns and src/renderer/public/icon.svg from assets/icon.svg.`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
