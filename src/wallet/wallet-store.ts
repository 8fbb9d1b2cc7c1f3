import { createPublicKey, generateKeyPairSync, randomInt, sign } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { PhoneDetails } from '../shared/domain/mobile-credential';
import { PROFILES, type ProfileName } from './profiles';

/** What the phone app keeps: its details, and the credential once redeemed. */
const WalletFile = z.strictObject({
  format: z.literal('enrollment-wallet/v1'),
  phone: PhoneDetails,
  credential: z
    .strictObject({
      credentialId: z.string(),
      status: z.string(),
      holderName: z.string(),
      employeeNumber: z.string(),
      credentialTypeName: z.string(),
      organization: z.string(),
      serverUrl: z.string(),
      redeemedAt: z.iso.datetime(),
    })
    .optional(),
});
export type WalletFile = z.infer<typeof WalletFile>;

export class WalletError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The wallet's home folder: an ECDSA P-256 key pair made on first use (the private key
 * never leaves it, mode 0600) and `wallet.json`, written atomically and schema-checked
 * when read (a damaged file is reported, never silently replaced).
 */
export class WalletStore {
  constructor(readonly home: string) {}

  private get walletFile() {
    return join(this.home, 'wallet.json');
  }
  private get keyFile() {
    return join(this.home, 'wallet-key.pem');
  }

  async open(profile: ProfileName): Promise<WalletFile> {
    await mkdir(this.home, { recursive: true, mode: 0o700 });
    const existing = await this.read();
    if (existing) return existing;
    // A stable 10-digit device id, like the procedure's example 1412104381.
    const wallet: WalletFile = { format: 'enrollment-wallet/v1', phone: { deviceId: String(randomInt(1_000_000_000, 9_999_999_999)), ...PROFILES[profile] } };
    await this.save(wallet);
    return wallet;
  }

  async read(): Promise<WalletFile | undefined> {
    let text: string;
    try {
      text = await readFile(this.walletFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = WalletFile.safeParse(json);
    if (!parsed.success) throw new WalletError('WALLET_DAMAGED', `${this.walletFile} is damaged and was left untouched. Move it aside to start a fresh wallet.`);
    return parsed.data;
  }

  async save(wallet: WalletFile): Promise<void> {
    const temp = `${this.walletFile}.tmp`;
    await writeFile(temp, `${JSON.stringify(wallet, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, this.walletFile);
  }

  /** The public key to send (SPKI DER, base64); the key pair is made on first use. */
  async publicKey(): Promise<string> {
    return createPublicKey(await this.privateKeyPem()).export({ type: 'spki', format: 'der' }).toString('base64');
  }

  /** ECDSA P-256 / SHA-256 signature (DER, base64) over `message`. */
  async sign(message: string): Promise<string> {
    return sign('sha256', Buffer.from(message, 'utf8'), await this.privateKeyPem()).toString('base64');
  }

  private async privateKeyPem(): Promise<string> {
    try {
      return await readFile(this.keyFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await writeFile(this.keyFile, pem, { mode: 0o600, flag: 'wx' });
    await chmod(this.keyFile, 0o600);
    return pem;
  }
}
