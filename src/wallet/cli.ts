import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { challengeMessage, parsePickupUri } from '../shared/contract/mobile-protocol';
import { isProfileName, PROFILES, type ProfileName } from './profiles';
import { decodeQrFromPng } from './qr';
import { serverApi } from './server-api';
import { WalletError, WalletStore, type WalletFile } from './wallet-store';

const USAGE = `Reference mobile wallet: plays the HID-style mobile app on the applicant's phone.

  npm run wallet -- redeem <CODE> --server <URL> [--home DIR] [--profile ${Object.keys(PROFILES).join('|')}] [--json]
  npm run wallet -- scan <PNG> [--home DIR] [--profile …] [--json]       decode the QR code in a picture and redeem it
  npm run wallet -- present --server <URL> [--door ID] [--home DIR] [--json]   GRANTED (exit 0) or DENIED (exit 1)
  npm run wallet -- show [--home DIR] [--json]`;

class UsageError extends Error {}

interface Options {
  home: string;
  profile: ProfileName;
  json: boolean;
  server?: string;
  door: string;
}

function print(options: Options, json: Record<string, unknown>, human: string): void {
  console.log(options.json ? JSON.stringify(json) : human);
}

function describe(credential: NonNullable<WalletFile['credential']>): string {
  return `Credential ${credential.status} — ${credential.holderName}, Employee Number ${credential.employeeNumber}, ${credential.credentialTypeName}, ${credential.organization}`;
}

async function redeem(options: Options, serverUrl: string, code: string): Promise<void> {
  const store = new WalletStore(options.home);
  const wallet = await store.open(options.profile);
  const answer = await serverApi.redeem(serverUrl, { code, phone: wallet.phone, publicKey: await store.publicKey() });
  const credential = { ...answer.credential, serverUrl, redeemedAt: answer.serverTime };
  await store.save({ ...wallet, credential });
  print(options, { ok: true, credential, phone: wallet.phone }, `${describe(credential)}\nOn ${wallet.phone.manufacturer} ${wallet.phone.model} (Device ID ${wallet.phone.deviceId})`);
}

async function present(options: Options): Promise<boolean> {
  const wallet = await new WalletStore(options.home).read();
  if (!wallet?.credential) throw new WalletError('NO_CREDENTIAL', 'This wallet holds no credential yet: redeem an invitation first.');
  const serverUrl = options.server ?? wallet.credential.serverUrl;
  const store = new WalletStore(options.home);
  const challenge = await serverApi.challenge(serverUrl, options.door);
  const signature = await store.sign(challengeMessage(options.door, challenge.challengeId, challenge.nonce));
  const answer = await serverApi.access(serverUrl, options.door, { challengeId: challenge.challengeId, credentialId: wallet.credential.credentialId, signature });
  print(options, { ok: answer.decision === 'GRANTED', decision: answer.decision, reason: answer.reason, door: options.door }, answer.decision === 'GRANTED' ? `GRANTED at ${options.door}` : `DENIED at ${options.door} (${answer.reason})`);
  return answer.decision === 'GRANTED';
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      server: { type: 'string' },
      home: { type: 'string' },
      profile: { type: 'string', default: 'iphone-x' },
      door: { type: 'string', default: 'main-entrance' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const [command, argument] = positionals;
  if (values.help || !command) throw new UsageError();
  if (!isProfileName(values.profile)) throw new UsageError(`Unknown profile ${values.profile}.`);
  const options: Options = {
    home: values.home ?? join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'enrollment-wallet'),
    profile: values.profile,
    json: values.json,
    door: values.door,
    ...(values.server ? { server: values.server } : {}),
  };
  try {
    switch (command) {
      case 'redeem':
        if (!argument || !options.server) throw new UsageError('redeem needs the code and --server.');
        await redeem(options, options.server, argument);
        return 0;
      case 'scan': {
        if (!argument) throw new UsageError('scan needs a PNG file.');
        const text = await decodeQrFromPng(argument);
        if (!text) throw new WalletError('QR_NOT_FOUND', 'No QR code found in the picture. Increase screen brightness, adjust the angle, or type the invitation code instead.');
        const pickup = parsePickupUri(text);
        if (!pickup) throw new WalletError('QR_NOT_AN_INVITATION', 'This QR code is not a mobile credential invitation.');
        await redeem(options, pickup.serverUrl, pickup.code);
        return 0;
      }
      case 'present':
        return (await present(options)) ? 0 : 1;
      case 'show': {
        const wallet = await new WalletStore(options.home).read();
        print(options, { ok: true, wallet: wallet ?? null }, wallet?.credential ? describe(wallet.credential) : 'No credential in this wallet.');
        return 0;
      }
      default:
        throw new UsageError(`Unknown command ${command}.`);
    }
  } catch (error) {
    if (!(error instanceof WalletError)) throw error;
    print(options, { ok: false, code: error.code, message: error.message }, `${error.message} (${error.code})`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message ? `${(error as Error).message}\n\n` : ''}${USAGE}`);
      process.exitCode = 2;
      return;
    }
    console.error(error);
    process.exitCode = 1;
  },
);
