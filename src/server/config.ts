import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { loadConfigFile } from '../node/config-file';
import { CredentialType } from '../shared/domain/credential-types';
import { EmployeeNumberRange, SERVER_RANGE, STANDALONE_RANGE } from '../shared/domain/employee-number';
import { MobileConfigFile, type OrigoConfigFile } from './mobile/providers/origo-config';

export const DEFAULT_PORT = 7300;
export const DEFAULT_HOST = '127.0.0.1';
export const ADMIN_KEY_ENV = 'ENROLLMENT_SERVER_ADMIN_KEY';

export function defaultDataDir(): string {
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'enrollment-server');
}

/** Where phones reach this server (it goes into the pickup QR code): http(s), no query. */
export const PublicUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .refine((url) => !/[?#]/.test(url), { message: 'must not have a query or fragment' })
  .transform((url) => url.replace(/\/+$/, ''));

/** `<dataDir>/server.config.json`, all optional. */
export const ServerConfigFile = z.strictObject({
  /** Replaces the credential types in force at the next start (published to every station). */
  credentialTypes: z
    .array(CredentialType)
    .min(1)
    .refine((types) => new Set(types.map((t) => t.id)).size === types.length, { message: 'each credential type id must appear once' })
    .optional(),
  /** Where leased Employee Number blocks come from. */
  employeeNumberRange: EmployeeNumberRange.refine((r) => r.first > STANDALONE_RANGE.last, {
    message: `must start above ${STANDALONE_RANGE.last}: ${STANDALONE_RANGE.first}–${STANDALONE_RANGE.last} belongs to stations working without a server`,
  }).optional(),
  /** Shown on the person's mobile credential in the app. */
  organization: z.string().trim().min(1).max(120).optional(),
  /** The address phones use to redeem (put in the QR code); default: the address the server listens on. */
  publicUrl: PublicUrl.optional(),
  /**
   * Reverse proxies (addresses or CIDR ranges) whose `X-Forwarded-For` names the real client.
   * Without it the client is the TCP peer, so behind a proxy every phone would share one
   * source address for the redemption throttle.
   */
  trustProxy: z.array(z.string().trim().min(1)).min(1).optional(),
  /** Failed redemption guesses allowed per phone and per source address in a sliding window. */
  redeemThrottle: z
    .strictObject({ perDevice: z.number().int().min(1), perSource: z.number().int().min(1), windowMinutes: z.number().int().min(1).max(24 * 60) })
    .optional(),
  /**
   * A request whose body has not fully arrived this many seconds after it started is
   * answered 408 and its connection closed (slow or stalled clients must not hold sockets).
   */
  requestTimeoutSeconds: z.number().min(0.5).max(600).optional(),
  /** Who issues mobile credentials: `reference` (default) or `hid-origo` (docs/operations.md, "Connecting to HID Origo"). */
  mobile: MobileConfigFile.optional(),
});
export type ServerConfigFile = z.infer<typeof ServerConfigFile>;

export interface ServerConfig {
  credentialTypes?: CredentialType[];
  employeeNumberRange: EmployeeNumberRange;
  organization: string;
  publicUrl?: string;
  trustProxy?: string[];
  redeemThrottle: { perDevice: number; perSource: number; windowMinutes: number };
  /** Default 30 (DEFAULT_REQUEST_TIMEOUT_SECONDS). */
  requestTimeoutSeconds?: number;
  mobile: { provider: 'reference' } | { provider: 'hid-origo'; origo: OrigoConfigFile };
}

/** How long a client may take to send a whole request (headers and body). */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;

/** 10 wrong codes per phone and 50 per source address in 15 minutes (docs/api.md). */
export const DEFAULT_REDEEM_THROTTLE = { perDevice: 10, perSource: 50, windowMinutes: 15 };
const DEFAULTS = { organization: 'Enrollment Station', redeemThrottle: DEFAULT_REDEEM_THROTTLE };

export async function loadServerConfig(dataDir: string): Promise<ServerConfig> {
  const parsed = await loadConfigFile(join(dataDir, 'server.config.json'), ServerConfigFile, {
    fix: 'Fix it or remove it to use the defaults.',
    // Every field is optional: no file is the defaults.
    ifMissing: {},
    error: (message) => new ConfigError(message),
  });
  const { credentialTypes, employeeNumberRange, organization, publicUrl, trustProxy, redeemThrottle, requestTimeoutSeconds, mobile } = parsed;
  return {
    ...(credentialTypes ? { credentialTypes } : {}),
    employeeNumberRange: employeeNumberRange ?? { ...SERVER_RANGE },
    organization: organization ?? DEFAULTS.organization,
    ...(publicUrl ? { publicUrl } : {}),
    ...(trustProxy ? { trustProxy } : {}),
    redeemThrottle: redeemThrottle ?? DEFAULTS.redeemThrottle,
    ...(requestTimeoutSeconds ? { requestTimeoutSeconds } : {}),
    mobile: mobile?.provider === 'hid-origo' && mobile.origo ? { provider: 'hid-origo', origo: mobile.origo } : { provider: 'reference' },
  };
}

/** A problem an operator fixes in the command line or configuration: printed without a stack. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * The administrator's key: ENROLLMENT_SERVER_ADMIN_KEY, else `<dataDir>/admin.key`,
 * created (mode 0600) with a random key on first start.
 */
export async function resolveAdminKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<{ key: string; source: string }> {
  const fromEnv = env[ADMIN_KEY_ENV]?.trim();
  if (fromEnv) {
    if (fromEnv.length < 16) throw new ConfigError(`${ADMIN_KEY_ENV} is too short: use at least 16 random characters.`);
    return { key: fromEnv, source: ADMIN_KEY_ENV };
  }
  const path = join(dataDir, 'admin.key');
  try {
    const key = (await readFile(path, 'utf8')).trim();
    if (key.length < 16) throw new ConfigError(`${path} holds no usable key (at least 16 characters). Delete it to have a new one made at the next start.`);
    return { key, source: path };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32).toString('base64url');
  try {
    await writeFile(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
    return { key, source: path };
  } catch (error) {
    // Another instance on the same data folder made it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { key: (await readFile(path, 'utf8')).trim(), source: path };
    throw error;
  }
}

/** Plain HTTP is for this machine only; anything else needs TLS. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::ffff:127.0.0.1';
}
