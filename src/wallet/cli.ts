import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { challengeMessage, parsePickupUri, type AccessResponse } from '../shared/contract/mobile-protocol';
import { formatInvitationCode, normalizeInvitationCode, type PhoneDetails } from '../shared/domain/mobile-credential';
import { DEFAULT_PROFILE, isProfileName, PROFILE_NAMES, type ProfileName } from './profiles';
import { decodeQrFromPng } from './qr';
import { serverApi } from './server-api';
import { WalletError, WalletStore, type HeldCredential, type WalletFile } from './wallet-store';

/**
 * The reference mobile wallet: a CLI that plays the HID-style mobile app on the
 * applicant's phone. Human lines by default; `--json` prints one JSON object
 * (`{ ok: true, … }` or `{ ok: false, code, message }`). Exit 0 on success (GRANTED),
 * 1 on any failure (DENIED included), 2 on bad usage.
 */
const USAGE = `Reference mobile wallet: plays the HID-style mobile app on the applicant's phone.

Usage:
  npm run wallet -- redeem <CODE> --server <URL> [--home DIR] [--profile NAME] [--json]
      redeem an invitation code typed from the clerk's screen
  npm run wallet -- redeem <PICKUP-URI> [--home DIR] [--profile NAME] [--json]
      redeem the pickup address read from the QR code (enrollment-station://pickup?…): it names the server
  npm run wallet -- scan <PNG> [--home DIR] [--profile NAME] [--json]
      read the QR code in a picture (photo or screenshot) and redeem it; the server comes from the QR code
  npm run wallet -- present [--server <URL>] [--door ID] [--home DIR] [--json]
      present the credential at a door: prints GRANTED (exit 0) or DENIED with the reason (exit 1)
  npm run wallet -- show [--home DIR] [--json]
      the credential this wallet holds and the phone's details

Options:
  --home DIR      the wallet's folder (key pair and wallet.json); default ~/.local/share/enrollment-wallet
  --profile NAME  the phone to play when the wallet is made: ${PROFILE_NAMES.join(', ')} (default ${DEFAULT_PROFILE})
  --server URL    the credential server (present: default the server that issued the credential)
  --door ID       the door to present at (default main-entrance)
  --json          print one JSON object instead of lines`;

const DEFAULT_DOOR = 'main-entrance';
const DOOR_ID = /^[A-Za-z0-9._-]{1,64}$/;

class UsageError extends Error {}

interface Options {
  home: string;
  profile: ProfileName | undefined;
  json: boolean;
  server: string | undefined;
  door: string;
  io: WalletIo;
}

interface Outcome {
  exitCode: number;
  json: Record<string, unknown>;
  lines: string[];
}

/** What the phone app's card says. */
function cardLine(credential: HeldCredential): string {
  return `Credential ${credential.status} — ${credential.holderName}, Employee Number ${credential.employeeNumber}, ${credential.credentialTypeName}, ${credential.organization}`;
}

function phoneLines(phone: PhoneDetails): string[] {
  return [
    `Phone ${phone.manufacturer} ${phone.model}`,
    `  Device ID            ${phone.deviceId}`,
    `  OS Version           ${phone.osVersion}`,
    `  Secure Element Type  ${phone.secureElementType}`,
    `  Application Version  ${phone.applicationVersion}`,
  ];
}

const REASONS: Record<AccessResponse['reason'], string> = {
  granted: 'access granted',
  suspended: 'the credential is suspended',
  revoked: 'the credential is revoked',
  'not-active': 'the credential is not active',
  'unknown-credential': 'the door does not know this credential',
  'bad-signature': 'the phone’s key does not match the credential (it was picked up on another phone or the key changed)',
  replayed: 'the door’s challenge was already used',
  'expired-challenge': 'the door’s challenge expired before the phone answered',
  'unknown-challenge': 'the door does not know this challenge',
};

/** The status the card shows after a door's decision, when the decision says it. */
const STATUS_AFTER: Partial<Record<AccessResponse['reason'], string>> = { granted: 'ACTIVE', suspended: 'SUSPENDED', revoked: 'REVOKED' };

/** Where the CLI writes: stdout and stderr, or a test's lists. */
export interface WalletIo {
  out(text: string): void;
  err(text: string): void;
}

/** Opens (or makes) the wallet; an explicit `--profile` that differs from the phone it already is is only noted. */
async function openWallet(store: WalletStore, options: Options): Promise<WalletFile> {
  const wallet = await store.open(options.profile ?? DEFAULT_PROFILE);
  if (options.profile && options.profile !== wallet.profile) {
    options.io.err(`Note: this wallet is already a ${wallet.phone.manufacturer} ${wallet.phone.model} (${wallet.profile}); --profile ${options.profile} is ignored. Use another --home for another phone.`);
  }
  return wallet;
}

async function redeem(options: Options, serverUrl: string, typed: string): Promise<Outcome> {
  const code = normalizeInvitationCode(typed);
  if (!code) throw new WalletError('BAD_REQUEST', `“${typed}” is not an invitation code: it has 16 letters and digits, like ADS7-H65H-YTJN-RXR6.`);
  const store = new WalletStore(options.home);
  const wallet = await openWallet(store, options);
  const answer = await serverApi.redeem(serverUrl, { code: formatInvitationCode(code), phone: wallet.phone, publicKey: await store.publicKey() });
  const credential: HeldCredential = { ...answer.credential, serverUrl, redeemedAt: answer.serverTime };
  await store.save({ ...wallet, credential });
  return {
    exitCode: 0,
    json: { ok: true, credential, phone: wallet.phone, profile: wallet.profile, home: options.home },
    lines: [cardLine(credential), ...phoneLines(wallet.phone)],
  };
}

async function scan(options: Options, picture: string): Promise<Outcome> {
  const text = await decodeQrFromPng(picture);
  if (text === undefined) {
    throw new WalletError('QR_NOT_FOUND', `No QR code found in ${picture}. Take the picture again with the whole QR code in view, or type the invitation code instead.`);
  }
  const pickup = parsePickupUri(text);
  if (!pickup) {
    // A server on HID Origo puts the bare invitation code in its QR code, for HID Mobile Access.
    if (normalizeInvitationCode(text) || /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/.test(text.trim())) {
      throw new WalletError('QR_NOT_AN_INVITATION', 'This QR code is an invitation for HID Mobile Access (the server issues through HID Origo): scan it with that app, not this wallet.');
    }
    throw new WalletError('QR_NOT_AN_INVITATION', 'This QR code is not a mobile credential invitation: scan the QR code on the clerk’s screen.');
  }
  const outcome = await redeem(options, pickup.serverUrl, pickup.code);
  return { ...outcome, json: { ...outcome.json, scanned: { serverUrl: pickup.serverUrl } } };
}

async function present(options: Options): Promise<Outcome> {
  const store = new WalletStore(options.home);
  const wallet = await store.read();
  if (!wallet?.credential) throw new WalletError('NO_CREDENTIAL', `The wallet in ${options.home} holds no credential yet: redeem an invitation code first.`);
  const { credential } = wallet;
  const serverUrl = options.server ?? credential.serverUrl;
  const door = options.door;
  const challenge = await serverApi.challenge(serverUrl, door);
  const signature = await store.sign(challengeMessage(door, challenge.challengeId, challenge.nonce));
  const answer = await serverApi.access(serverUrl, door, { challengeId: challenge.challengeId, credentialId: credential.credentialId, signature });
  // The card shows what the door just learned (a suspended credential reads SUSPENDED).
  const status = STATUS_AFTER[answer.reason];
  if (status && status !== credential.status) await store.save({ ...wallet, credential: { ...credential, status } });
  const granted = answer.decision === 'GRANTED';
  const summary = { decision: answer.decision, reason: answer.reason, door, at: answer.at, credentialId: credential.credentialId };
  if (granted) return { exitCode: 0, json: { ok: true, ...summary }, lines: [`GRANTED at ${door}`] };
  const message = `DENIED at ${door}: ${REASONS[answer.reason]} (${answer.reason}).`;
  return { exitCode: 1, json: { ok: false, code: 'DENIED', message, ...summary }, lines: [message] };
}

async function show(options: Options): Promise<Outcome> {
  const wallet = await new WalletStore(options.home).read();
  if (!wallet) {
    return {
      exitCode: 0,
      json: { ok: true, home: options.home, profile: null, phone: null, credential: null },
      lines: [`No wallet in ${options.home} yet: redeem an invitation code to make one.`],
    };
  }
  return {
    exitCode: 0,
    json: { ok: true, home: options.home, profile: wallet.profile, phone: wallet.phone, credential: wallet.credential ?? null },
    lines: [
      wallet.credential ? cardLine(wallet.credential) : 'No credential in this wallet yet: redeem an invitation code.',
      ...(wallet.credential ? [`  Issued by ${wallet.credential.serverUrl}, picked up ${wallet.credential.redeemedAt}`] : []),
      ...phoneLines(wallet.phone),
    ],
  };
}

function parse(argv: string[], io: WalletIo): { command: string; argument: string | undefined; options: Options } {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      server: { type: 'string' },
      home: { type: 'string' },
      profile: { type: 'string' },
      door: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, argument, ...extra] = positionals;
  if (values.help) throw new UsageError('');
  if (!command) throw new UsageError('Say what to do: redeem, scan, present or show.');
  if (extra.length > 0) throw new UsageError(`Unexpected ${extra.join(' ')}.`);
  if (values.profile !== undefined && !isProfileName(values.profile)) throw new UsageError(`Unknown profile ${values.profile}: use ${PROFILE_NAMES.join(', ')}.`);
  if (values.door !== undefined && !DOOR_ID.test(values.door)) throw new UsageError('A door id has 1–64 letters, digits, dots, hyphens or underscores.');
  if (values.server !== undefined && !/^https?:\/\/[^/\s]+/.test(values.server)) throw new UsageError(`--server needs an http(s) address, e.g. http://127.0.0.1:7300 (got ${values.server}).`);

  const allowed: Record<string, { argument?: string; options: string[] }> = {
    redeem: { argument: 'the invitation code', options: ['server', 'profile'] },
    scan: { argument: 'a PNG picture of the QR code', options: ['profile'] },
    present: { options: ['server', 'door'] },
    show: { options: [] },
  };
  const rule = allowed[command];
  if (!rule) throw new UsageError(`Unknown command ${command}.`);
  if (rule.argument && !argument) throw new UsageError(`${command} needs ${rule.argument}.`);
  if (!rule.argument && argument) throw new UsageError(`${command} takes no ${argument}.`);
  for (const name of ['server', 'profile', 'door'] as const) {
    if (values[name] !== undefined && !rule.options.includes(name)) {
      throw new UsageError(name === 'server' && command === 'scan' ? 'scan takes the server address from the QR code: leave out --server.' : `${command} takes no --${name}.`);
    }
  }
  // The pickup address read from the QR code names its server; a typed code needs --server.
  if (command === 'redeem' && !values.server && !(argument && parsePickupUri(argument))) {
    if (argument && /^\s*enrollment-station:/i.test(argument)) throw new UsageError('That is not a complete pickup address: read the QR code again (enrollment-station://pickup?v=1&server=…&code=…), or type the code with --server.');
    throw new UsageError('redeem needs --server (the address on the clerk’s screen), or the pickup address read from the QR code instead of the code.');
  }

  const options: Options = {
    home: values.home ?? join(process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'enrollment-wallet'),
    profile: values.profile as ProfileName | undefined,
    json: values.json,
    server: values.server,
    door: values.door ?? DEFAULT_DOOR,
    io,
  };
  return { command, argument, options };
}

async function run(command: string, argument: string | undefined, options: Options): Promise<Outcome> {
  switch (command) {
    case 'redeem': {
      // The QR code's pickup address carries its server (--server, when given, wins) and the code.
      const pickup = parsePickupUri(argument!);
      return pickup ? redeem(options, options.server ?? pickup.serverUrl, pickup.code) : redeem(options, options.server!, argument!);
    }
    case 'scan':
      return scan(options, argument!);
    case 'present':
      return present(options);
    default:
      return show(options);
  }
}

/** Runs one wallet command; resolves to the exit code (0 success or GRANTED, 1 failure or DENIED, 2 bad usage). */
export async function runWallet(argv: string[], io: WalletIo): Promise<number> {
  const json = argv.includes('--json');
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv, io);
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (!usage) throw error;
    const message = (error as Error).message;
    if (message === '') {
      io.out(USAGE); // --help
      return 0;
    }
    if (json) io.out(JSON.stringify({ ok: false, code: 'USAGE', message }));
    io.err(`${message}\n\n${USAGE}`);
    return 2;
  }
  const { command, argument, options } = parsed;
  let outcome: Outcome;
  try {
    outcome = await run(command, argument, options);
  } catch (error) {
    const known = error instanceof WalletError;
    const code = known ? error.code : 'INTERNAL';
    const message = known ? error.message : `Something went wrong in the wallet: ${error instanceof Error ? error.message : String(error)}`;
    if (!known) io.err(error instanceof Error ? (error.stack ?? message) : message);
    if (!options.json) {
      io.err(`${message} (${code})`);
      return 1;
    }
    outcome = { exitCode: 1, json: { ok: false, code, message }, lines: [] };
  }
  io.out(options.json ? JSON.stringify(outcome.json) : outcome.lines.join('\n'));
  return outcome.exitCode;
}

if (require.main === module) {
  runWallet(process.argv.slice(2), { out: (text) => console.log(text), err: (text) => console.error(text) }).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
