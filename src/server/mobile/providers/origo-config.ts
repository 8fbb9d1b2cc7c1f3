import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { z } from 'zod';

/** HID's production hosts (docs/hid-origo-wire.md); the certification environment is in docs/operations.md. */
export const ORIGO_AUTH_URL = 'https://api.origo.hidglobal.com';
export const ORIGO_API_URL = 'https://ma.api.assaabloy.com';
export const ORIGO_CLIENT_SECRET_ENV = 'ORIGO_CLIENT_SECRET';

const BaseUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .refine((url) => !/[?#]/.test(url), { message: 'must not have a query or fragment' })
  .transform((url) => url.replace(/\/+$/, ''));

/** `mobile.origo` in server.config.json. Nothing secret: the secrets live in files (or the environment). */
export const OrigoConfigFile = z.strictObject({
  organizationId: z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an organization id has 1–64 letters, digits, hyphens or underscores'),
  clientId: z.string().trim().min(1).max(200),
  /** A file holding the OAuth client secret (else ORIGO_CLIENT_SECRET). Relative paths are in the data folder. */
  clientSecretFile: z.string().trim().min(1).optional(),
  /** Sent as `Application-ID` on every call; HID assigns it with the credentials. */
  applicationId: z.string().trim().min(1).max(100),
  applicationVersion: z.string().trim().min(1).max(40).default('1.0'),
  authUrl: BaseUrl.default(ORIGO_AUTH_URL),
  apiUrl: BaseUrl.default(ORIGO_API_URL),
  /** Events and callback registration; default: the auth URL's host. */
  eventsUrl: BaseUrl.optional(),
  /** The HID Origo part number issued for each mobile-capable credential type id. */
  partNumbers: z.record(z.string().min(1).max(100), z.string().trim().min(1).max(100)).refine((m) => Object.keys(m).length > 0, { message: 'name at least one credential type' }),
  /** Where HID Origo posts its event callbacks (this server's /v1/providers/hid-origo/callback, reachable from the internet over https). */
  callbackUrl: BaseUrl.optional(),
  /** A file holding the callback secret; default `<data>/origo-callback.secret`, made on first start. */
  callbackSecretFile: z.string().trim().min(1).optional(),
  /** How often to ask Origo about credentials still waiting for their phone (callbacks may be late or lost). */
  pollSeconds: z.number().int().min(1).max(3600).default(30),
});
export type OrigoConfigFile = z.infer<typeof OrigoConfigFile>;

export const MobileConfigFile = z
  .strictObject({
    provider: z.enum(['reference', 'hid-origo']).default('reference'),
    origo: OrigoConfigFile.optional(),
  })
  .refine((m) => m.provider !== 'hid-origo' || m.origo, { message: 'provider "hid-origo" needs an "origo" section (organizationId, clientId, applicationId, partNumbers)', path: ['origo'] });

/** The configuration with its secrets read: never logged, never sent anywhere but to HID. */
export interface OrigoSettings extends Omit<OrigoConfigFile, 'clientSecretFile' | 'callbackSecretFile' | 'eventsUrl'> {
  eventsUrl: string;
  clientSecret: string;
  callbackSecret: string;
}

/** Reads the secrets named by the configuration; `fail` makes the operator's error. */
export async function resolveOrigoSettings(config: OrigoConfigFile, dataDir: string, env: NodeJS.ProcessEnv, fail: (message: string) => Error): Promise<OrigoSettings> {
  const inData = (file: string) => (isAbsolute(file) ? file : join(dataDir, file));
  let clientSecret = env[ORIGO_CLIENT_SECRET_ENV]?.trim();
  if (config.clientSecretFile) {
    const file = inData(config.clientSecretFile);
    try {
      clientSecret = (await readFile(file, 'utf8')).trim();
    } catch (error) {
      throw fail(`mobile.origo.clientSecretFile ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Put the client secret HID gave you in that file (mode 0600).`);
    }
  }
  if (!clientSecret) throw fail(`HID Origo needs its client secret: set mobile.origo.clientSecretFile in server.config.json or ${ORIGO_CLIENT_SECRET_ENV} in the environment.`);
  const callbackSecret = await readOrMakeSecret(inData(config.callbackSecretFile ?? 'origo-callback.secret'), fail);
  const { clientSecretFile: _c, callbackSecretFile: _s, eventsUrl, ...rest } = config;
  return { ...rest, eventsUrl: eventsUrl ?? config.authUrl, clientSecret, callbackSecret };
}

async function readOrMakeSecret(file: string, fail: (message: string) => Error): Promise<string> {
  try {
    const secret = (await readFile(file, 'utf8')).trim();
    if (secret.length < 32) throw fail(`${file} holds no usable callback secret (at least 32 characters). Delete it to have a new one made.`);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  try {
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return (await readFile(file, 'utf8')).trim();
    throw error;
  }
}
