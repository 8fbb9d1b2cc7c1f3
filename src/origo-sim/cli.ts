import { parseArgs } from 'node:util';
import { DEMO_CLIENT, startOrigoSim, type OrigoSim } from './origo-sim';
import { DEFAULT_PHONE_PROFILE, isPhoneProfileName, PHONE_PROFILE_NAMES, type PhoneProfileName } from './phone-profiles';
import { MEDIA, SCHEMA } from './scim';

/**
 * `npm run origo-sim`: starts the HID Origo simulator, or plays the HID Mobile Access
 * phone against a running one (`redeem`). Exit 0 on success, 1 on a refusal or failure,
 * 2 on bad usage.
 */
const DEFAULT_PORT = 7400;
const DEFAULT_URL = `http://127.0.0.1:${DEFAULT_PORT}`;

const USAGE = `HID Origo simulator: HID's cloud (auth, mobile identities, events and callbacks) as docs/hid-origo-wire.md describes it.

Usage:
  npm run origo-sim -- [--port N] [--host H] [--latency-ms N] [--fail-rate P] [--token-ttl S]
      start the simulator and print its address (Ctrl+C stops it)
  npm run origo-sim -- redeem <CODE> [--profile NAME] [--url URL]
      play the HID Mobile Access phone: redeem an invitation code at a running simulator

Options:
  --port N        port to listen on (default ${DEFAULT_PORT}; 0 picks a free one and prints it)
  --host H        address to listen on (default 127.0.0.1)
  --latency-ms N  wait N ms before every answer (default 0)
  --fail-rate P   share 0..1 of partner-API calls answered 503 (default 0)
  --token-ttl S   access tokens live S seconds (default 3600)
  --profile NAME  the phone: ${PHONE_PROFILE_NAMES.join(', ')} (default ${DEFAULT_PHONE_PROFILE})
  --url URL       the simulator to redeem at (default ${DEFAULT_URL})

Demo client: organization ${DEMO_CLIENT.organizationId}, client id ${DEMO_CLIENT.clientId}, client secret ${DEMO_CLIENT.clientSecret}.
It is a published demo value for this simulator only: never use it anywhere else.`;

class UsageError extends Error {}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

function integer(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value) || Number(value) < min || Number(value) > max) throw new UsageError(`--${name} takes a whole number from ${min} to ${max} (got ${value}).`);
  return Number(value);
}

function parse(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'latency-ms': { type: 'string' },
      'fail-rate': { type: 'string' },
      'token-ttl': { type: 'string' },
      profile: { type: 'string' },
      url: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) throw new UsageError('');
  const [command, code, ...extra] = positionals;
  if (command === 'redeem') {
    if (!code) throw new UsageError('redeem needs the invitation code (e.g. BPEX-LQTC-4E33-QT6N).');
    if (extra.length > 0) throw new UsageError(`Unexpected ${extra.join(' ')}.`);
    for (const name of ['port', 'host', 'latency-ms', 'fail-rate', 'token-ttl'] as const) {
      if (values[name] !== undefined) throw new UsageError(`redeem takes no --${name}.`);
    }
    if (values.profile !== undefined && !isPhoneProfileName(values.profile)) throw new UsageError(`Unknown profile ${values.profile}: use ${PHONE_PROFILE_NAMES.join(', ')}.`);
    const url = values.url ?? DEFAULT_URL;
    if (!/^https?:\/\/[^/\s]+\/?$/.test(url)) throw new UsageError(`--url needs the simulator's http(s) address, e.g. ${DEFAULT_URL} (got ${url}).`);
    return { command: 'redeem' as const, code, url: url.replace(/\/$/, ''), profile: (values.profile ?? DEFAULT_PHONE_PROFILE) as PhoneProfileName };
  }
  if (command !== undefined) throw new UsageError(`Unknown command ${command}: start the simulator with no command, or use redeem.`);
  for (const name of ['profile', 'url'] as const) {
    if (values[name] !== undefined) throw new UsageError(`--${name} belongs to redeem.`);
  }
  const failRate = values['fail-rate'];
  if (failRate !== undefined && !(/^(0(\.[0-9]+)?|1(\.0+)?)$/.test(failRate))) throw new UsageError(`--fail-rate takes a share from 0 to 1, e.g. 0.2 (got ${failRate}).`);
  if (values.host !== undefined && !/^[A-Za-z0-9.:[\]-]+$/.test(values.host)) throw new UsageError(`--host takes an address or host name (got ${values.host}).`);
  return {
    command: 'start' as const,
    port: integer('port', values.port, 0, 65535) ?? DEFAULT_PORT,
    host: values.host ?? '127.0.0.1',
    latencyMs: integer('latency-ms', values['latency-ms'], 0, 600_000) ?? 0,
    failRate: failRate === undefined ? 0 : Number(failRate),
    tokenTtlSeconds: integer('token-ttl', values['token-ttl'], 1, 31_536_000) ?? 3600,
  };
}

type Container = { manufacturer: string; model: string; osVersion: string; secureElementType: string; applicationVersion: string; simOperator: string; [key: string]: unknown };
type CredentialView = { id: number; partnumberFriendlyName: string; cardNumber: string; status: string };

/** Plays the phone: POST /sim/phone/redeem, then says what happened. */
async function redeem(code: string, url: string, profile: PhoneProfileName, io: CliIo): Promise<number> {
  let answer: Response;
  try {
    answer = await fetch(`${url}/sim/phone/redeem`, {
      method: 'POST',
      headers: { 'content-type': MEDIA.json },
      body: JSON.stringify({ invitationCode: code, profile }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    io.err(`No HID Origo simulator answers at ${url} (${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}). Start one with: npm run origo-sim`);
    return 1;
  }
  const body = (await answer.json().catch(() => ({}))) as { userId?: number; credentialContainer?: Container; detail?: string };
  if (answer.ok && body.credentialContainer) {
    const phone = body.credentialContainer;
    const credentials = (phone[SCHEMA.credential] as CredentialView[] | undefined) ?? [];
    io.out(
      [
        `Invitation ${code} redeemed: credential ${credentials[0]?.status ?? 'container'} on ${phone.manufacturer} ${phone.model} (user ${body.userId})`,
        `  OS Version           ${phone.osVersion}`,
        `  Secure Element Type  ${phone.secureElementType}`,
        `  Application Version  ${phone.applicationVersion}`,
        `  SIM Operator         ${phone.simOperator}`,
        ...credentials.map((c) => `  Credential ${c.id}  ${c.partnumberFriendlyName}, card number ${c.cardNumber}, ${c.status}`),
      ].join('\n'),
    );
    return 0;
  }
  const refusal: Record<number, string> = {
    404: `Unknown invitation code ${code}: check it against the clerk's screen.`,
    409: `The invitation code ${code} has already been used: ask the clerk for a new invitation.`,
    410: `The invitation code ${code} is no longer valid (${body.detail ?? 'expired'}): ask the clerk for a new invitation.`,
  };
  io.err(refusal[answer.status] ?? `The simulator refused the code (${answer.status}${body.detail ? `: ${body.detail}` : ''}).`);
  return 1;
}

/** Runs the CLI; `start` resolves once the simulator is listening, with the running simulator. */
export async function runOrigoSimCli(argv: string[], io: CliIo): Promise<{ exitCode: number; sim?: OrigoSim }> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (!usage) throw error;
    if ((error as Error).message === '') {
      io.out(USAGE);
      return { exitCode: 0 };
    }
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return { exitCode: 2 };
  }
  if (parsed.command === 'redeem') return { exitCode: await redeem(parsed.code, parsed.url, parsed.profile, io) };
  const { command: _command, ...options } = parsed;
  let sim: OrigoSim;
  try {
    sim = await startOrigoSim(options);
  } catch (error) {
    io.err(`The simulator could not start on ${options.host}:${options.port}: ${(error as Error).message}`);
    return { exitCode: 1 };
  }
  io.out(`HID Origo simulator listening on ${sim.url} (organization ${DEMO_CLIENT.organizationId}, client ${DEMO_CLIENT.clientId})`);
  io.out('Client secret: see --help (a published demo value). Redeem an invitation as the phone: npm run origo-sim -- redeem <CODE>');
  return { exitCode: 0, sim };
}

if (require.main === module) {
  const io: CliIo = { out: (text) => console.log(text), err: (text) => console.error(text) };
  runOrigoSimCli(process.argv.slice(2), io).then(
    ({ exitCode, sim }) => {
      process.exitCode = exitCode;
      if (!sim) return;
      const stop = (signal: string) => {
        io.out(`${signal}: stopping the HID Origo simulator.`);
        sim.close().then(
          () => process.exit(0),
          (error: unknown) => {
            console.error(error);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
