import { createPrivateKey, createPublicKey, generateKeyPairSync, randomInt, sign, type KeyObject } from 'node:crypto';
import { chmod, link, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { PhoneDetails } from '../shared/domain/mobile-credential';
import { PROFILE_NAMES, phoneFor, type ProfileName } from './profiles';

/** The credential as the phone app's card shows it, with where it came from. */
const HeldCredential = z.strictObject({
  credentialId: z.string().min(1),
  status: z.string().min(1),
  holderName: z.string(),
  employeeNumber: z.string(),
  credentialTypeName: z.string(),
  organization: z.string(),
  /** The server that issued it: `present` asks its doors unless told otherwise. */
  serverUrl: z.url(),
  redeemedAt: z.iso.datetime(),
});
export type HeldCredential = z.infer<typeof HeldCredential>;

/** What the phone app keeps in `wallet.json`: which phone it is, and the credential once redeemed. */
const WalletFile = z.strictObject({
  format: z.literal('enrollment-wallet/v1'),
  profile: z.enum(PROFILE_NAMES),
  phone: PhoneDetails,
  credential: HeldCredential.optional(),
});
export type WalletFile = z.infer<typeof WalletFile>;

/** A failure the person can act on: `code` for scripts and tests, `message` in plain words. */
export class WalletError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const isErrno = (error: unknown, code: string): boolean => (error as NodeJS.ErrnoException | undefined)?.code === code;

/**
 * The wallet's home folder (mode 0700): an ECDSA P-256 key pair made on first use (the
 * private key never leaves it: `wallet-key.pem`, PKCS #8, mode 0600) and `wallet.json`,
 * written atomically and schema-checked when read. A damaged file is reported, never
 * silently replaced; a lost key is reported, never silently remade for a held credential.
 */
export class WalletStore {
  constructor(readonly home: string) {}

  get walletFile(): string {
    return join(this.home, 'wallet.json');
  }
  get keyFile(): string {
    return join(this.home, 'wallet-key.pem');
  }

  /** The wallet, made on first use with `profile`'s phone and a new stable 10-digit Device ID. */
  async open(profile: ProfileName): Promise<WalletFile> {
    await mkdir(this.home, { recursive: true, mode: 0o700 });
    const existing = await this.read();
    if (existing) return existing;
    // Like the procedure's example 1412104381: ten digits, no leading zero.
    const wallet: WalletFile = { format: 'enrollment-wallet/v1', profile, phone: phoneFor(profile, String(randomInt(1_000_000_000, 10_000_000_000))) };
    await this.save(wallet);
    return wallet;
  }

  /** The wallet, or undefined when this home has none yet. */
  async read(): Promise<WalletFile | undefined> {
    let text: string;
    try {
      text = await readFile(this.walletFile, 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return undefined;
      throw new WalletError('WALLET_UNREADABLE', `${this.walletFile} could not be read (${(error as Error).message}).`);
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

  /** Writes `wallet.json` atomically: a private temporary file, flushed, then renamed over it. */
  async save(wallet: WalletFile): Promise<void> {
    const checked = WalletFile.parse(wallet);
    await mkdir(this.home, { recursive: true, mode: 0o700 });
    const temp = `${this.walletFile}.${process.pid}.${randomInt(1e9)}.tmp`;
    const file = await open(temp, 'wx', 0o600);
    try {
      await file.writeFile(`${JSON.stringify(checked, null, 2)}\n`, 'utf8');
      await file.sync();
    } catch (error) {
      await file.close();
      await rm(temp, { force: true });
      throw error;
    }
    await file.close();
    await rename(temp, this.walletFile);
  }

  /** The public key to send when redeeming (SPKI DER, base64); the key pair is made on first use. */
  async publicKey(): Promise<string> {
    return createPublicKey(await this.privateKey({ create: true })).export({ type: 'spki', format: 'der' }).toString('base64');
  }

  /** ECDSA P-256 / SHA-256 signature (DER, base64) over the UTF-8 bytes of `message`, with the existing key. */
  async sign(message: string): Promise<string> {
    return sign('sha256', Buffer.from(message, 'utf8'), await this.privateKey({ create: false })).toString('base64');
  }

  private async privateKey({ create }: { create: boolean }): Promise<KeyObject> {
    const existing = await this.readKey();
    if (existing) return existing;
    if (!create) throw new WalletError('KEY_MISSING', `${this.keyFile} is missing: the credential was bound to that key. Redeem a new invitation code to use this phone again.`);
    await mkdir(this.home, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    // Written whole to a private temporary file, then linked into place: link never replaces
    // an existing key, and nobody can read a half-written one.
    const temp = `${this.keyFile}.${process.pid}.${randomInt(1e9)}.tmp`;
    try {
      const file = await open(temp, 'wx', 0o600);
      try {
        await file.writeFile(pem, 'utf8');
        await file.sync();
      } finally {
        await file.close();
      }
      await chmod(temp, 0o600); // whatever the umask
      await link(temp, this.keyFile);
      return privateKey;
    } catch (error) {
      // Another run of the wallet made it first: use that one.
      const theirs = isErrno(error, 'EEXIST') ? await this.readKey() : undefined;
      if (theirs) return theirs;
      throw error;
    } finally {
      await rm(temp, { force: true });
    }
  }

  private async readKey(): Promise<KeyObject | undefined> {
    let pem: string;
    try {
      pem = await readFile(this.keyFile, 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return undefined;
      throw new WalletError('KEY_UNREADABLE', `${this.keyFile} could not be read (${(error as Error).message}).`);
    }
    try {
      const key = createPrivateKey(pem);
      if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return key;
    } catch {
      // Reported below.
    }
    throw new WalletError('KEY_DAMAGED', `${this.keyFile} is not a P-256 private key and was left untouched.`);
  }
}
