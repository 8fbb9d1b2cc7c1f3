import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runWallet } from './cli';
import { WalletStore } from './wallet-store';
import { pickupUri } from '../shared/contract/mobile-protocol';

/**
 * The CLI's words and exit codes, run in-process (redemption against the real server:
 * tests/integration/wallet.test.ts).
 */
let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'wallet-cli-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

async function wallet(...args: string[]): Promise<{ exit: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const exit = await runWallet(args, { out: (text) => out.push(text), err: (text) => err.push(text) });
  return { exit, out: out.join('\n'), err: err.join('\n') };
}

async function walletJson(...args: string[]): Promise<{ exit: number; json: Record<string, unknown> }> {
  const { exit, out } = await wallet(...args, '--json');
  return { exit, json: JSON.parse(out) as Record<string, unknown> };
}

async function qrPicture(text: string): Promise<string> {
  const qr = PNG.sync.read(await QRCode.toBuffer(text, { margin: 4, scale: 6 }));
  const screen = new PNG({ width: 640, height: 480 });
  screen.data.fill(0xee);
  PNG.bitblt(qr, screen, 0, 0, qr.width, qr.height, 40, 40);
  const file = join(dir, 'qr.png');
  await writeFile(file, PNG.sync.write(screen));
  return file;
}

describe('wallet CLI usage', () => {
  it('exits 2 with the usage text for bad usage, and says what is wrong', async () => {
    const cases: Array<[string[], string]> = [
      [[], 'Say what to do'],
      [['fly'], 'Unknown command fly'],
      [['redeem'], 'redeem needs the invitation code'],
      [['redeem', 'ADS7-H65H-YTJN-RXR6'], 'redeem needs --server'],
      [['redeem', 'ADS7-H65H-YTJN-RXR6', '--server', 'ftp://x'], '--server needs an http(s) address'],
      [['redeem', 'ADS7-H65H-YTJN-RXR6', '--server', 'http://x', '--profile', 'nokia-3310'], 'Unknown profile nokia-3310'],
      [['scan', 'qr.png', '--server', 'http://x'], 'scan takes the server address from the QR code'],
      [['present', '--door', 'main entrance!'], 'A door id has'],
      [['show', '--door', 'lobby'], 'show takes no --door'],
      [['show', 'extra'], 'show takes no extra'],
      [['show', '--colour'], "Unknown option '--colour'"],
    ];
    for (const [args, words] of cases) {
      const result = await wallet(...args);
      expect(result.exit, args.join(' ')).toBe(2);
      expect(result.err, args.join(' ')).toContain(words);
      expect(result.err).toContain('npm run wallet -- redeem <CODE> --server <URL>');
    }
    expect(await walletJson('fly')).toEqual({ exit: 2, json: { ok: false, code: 'USAGE', message: 'Unknown command fly.' } });
  });

  it('prints the usage for --help and exits 0', async () => {
    const help = await wallet('--help');
    expect(help.exit).toBe(0);
    expect(help.out).toContain('npm run wallet -- present [--server <URL>] [--door ID]');
  });
});

describe('wallet CLI commands without a server', () => {
  it('show: an empty home has no wallet; after the first use it shows the phone, and no credential yet', async () => {
    const home = join(dir, 'phone');
    expect(await walletJson('show', '--home', home)).toEqual({ exit: 0, json: { ok: true, home, profile: null, phone: null, credential: null } });
    await new WalletStore(home).open('pixel-8');
    const shown = await wallet('show', '--home', home);
    expect(shown.exit).toBe(0);
    expect(shown.out).toContain('No credential in this wallet yet');
    expect(shown.out).toMatch(/Phone Google Pixel 8\n {2}Device ID {12}\d{10}\n {2}OS Version {11}Android 14/);
  });

  it('show: the card of a held credential, as the phone app shows it', async () => {
    const home = join(dir, 'phone');
    const store = new WalletStore(home);
    const opened = await store.open('iphone-x');
    await store.save({
      ...opened,
      credential: {
        credentialId: 'c1',
        status: 'ACTIVE',
        holderName: 'Amaka Okafor-Nwosu',
        employeeNumber: '20000001',
        credentialTypeName: 'Mobile PACS – Employee',
        organization: 'Northwind Health',
        serverUrl: 'http://127.0.0.1:7300',
        redeemedAt: '2026-11-28T05:00:00.000Z',
      },
    });
    const shown = await wallet('show', '--home', home);
    expect(shown.out.split('\n')[0]).toBe('Credential ACTIVE — Amaka Okafor-Nwosu, Employee Number 20000001, Mobile PACS – Employee, Northwind Health');
    expect(shown.out).toContain('Secure Element Type  EMULATED');
  });

  it('a damaged wallet.json is refused in plain words (exit 1) and left as it was', async () => {
    const home = join(dir, 'phone');
    const store = new WalletStore(home);
    await store.open('iphone-x');
    await writeFile(store.walletFile, '{ broken');
    const shown = await wallet('show', '--home', home);
    expect(shown.exit).toBe(1);
    expect(shown.err).toContain('is damaged and was left untouched');
    expect((await walletJson('redeem', 'ADS7-H65H-YTJN-RXR6', '--server', 'http://127.0.0.1:9', '--home', home)).json).toMatchObject({ ok: false, code: 'WALLET_DAMAGED' });
    expect(await readFile(store.walletFile, 'utf8')).toBe('{ broken');
  });

  it('redeem: a malformed code is refused before asking anyone; an unreachable server is said so', async () => {
    const home = join(dir, 'phone');
    expect(await walletJson('redeem', 'ADS7-H65H', '--server', 'http://127.0.0.1:9', '--home', home)).toMatchObject({ exit: 1, json: { ok: false, code: 'BAD_REQUEST' } });
    const unreachable = await wallet('redeem', 'ads7 h65h ytjn rxr6', '--server', 'http://127.0.0.1:9', '--home', home);
    expect(unreachable.exit).toBe(1);
    expect(unreachable.err).toContain('The credential server at http://127.0.0.1:9 could not be reached. Check the phone\'s internet connection and try again. (UNREACHABLE)');
  });

  it('redeem: takes the pickup address read from the QR code as well as the typed code; the server comes from it', async () => {
    const home = join(dir, 'phone-uri');
    const uri = pickupUri('http://127.0.0.1:9', 'ADS7H65HYTJNRXR6');
    const fromUri = await wallet('redeem', uri, '--home', home);
    // Not a usage error (exit 2): the wallet went to the server the pickup address names.
    expect(fromUri.exit).toBe(1);
    expect(fromUri.err).toContain('The credential server at http://127.0.0.1:9 could not be reached.');
    const cut = await wallet('redeem', 'enrollment-station://pickup?v=1&code=ADS7-H65H', '--home', home);
    expect(cut.exit).toBe(2);
    expect(cut.err).toContain('not a complete pickup address');
  });

  it('scan: no QR code, or a QR code that is not an invitation', async () => {
    const blank = new PNG({ width: 100, height: 100 });
    blank.data.fill(0xff);
    await writeFile(join(dir, 'blank.png'), PNG.sync.write(blank));
    expect(await walletJson('scan', join(dir, 'blank.png'), '--home', join(dir, 'phone'))).toMatchObject({ exit: 1, json: { ok: false, code: 'QR_NOT_FOUND' } });
    expect(await walletJson('scan', await qrPicture('https://example.org/menu'), '--home', join(dir, 'phone'))).toMatchObject({ exit: 1, json: { ok: false, code: 'QR_NOT_AN_INVITATION' } });
    // A server on HID Origo shows the bare code, for HID Mobile Access: the wallet says whose it is.
    expect(await walletJson('scan', await qrPicture('BPEX-LQTC-4E33-QT6N'), '--home', join(dir, 'phone'))).toMatchObject({
      exit: 1,
      json: { ok: false, code: 'QR_NOT_AN_INVITATION', message: expect.stringContaining('HID Mobile Access') },
    });
  });

  it('present: a wallet without a credential has nothing to present', async () => {
    expect(await walletJson('present', '--home', join(dir, 'phone'))).toMatchObject({ exit: 1, json: { ok: false, code: 'NO_CREDENTIAL' } });
  });
});

describe('the wallet as npm runs it', () => {
  it('is a program: exit code and one JSON line on stdout', async () => {
    const run = promisify(execFile);
    const root = resolve(__dirname, '../..');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/wallet/cli.ts', 'show', '--home', join(dir, 'phone'), '--json'], { cwd: root });
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, credential: null });
    await expect(run(process.execPath, ['--import', 'tsx', 'src/wallet/cli.ts', 'fly'], { cwd: root })).rejects.toMatchObject({ code: 2 });
    // Two real processes compiling TypeScript: seconds each on a loaded 2-core machine.
  }, 60_000);
});
