import { z } from 'zod';
import { systemClock, type Clock } from '../../../node/clock';

/**
 * The HID Origo transport (docs/hid-origo-wire.md): the OAuth2 client-credentials token,
 * the headers every request carries, retries within a budget, and one error class whose
 * message a clerk can read. It knows nothing of users or credentials (origo-client.ts does).
 *
 * Secrets: the client secret, the access token and any callback secret never reach a log
 * line or an error message. Retries are logged with method, path, status and attempt only.
 */

export const ORIGO_MEDIA_TYPE = 'application/vnd.assaabloy.ma.credential-management-2.2+json';

export interface OrigoConfig {
  /** Token endpoint's origin, e.g. https://api.origo.hidglobal.com (no trailing slash needed). */
  authUrl: string;
  /** Mobile identities API origin, e.g. https://ma.api.assaabloy.com. */
  apiUrl: string;
  /** Events and callbacks origin (HID: the auth origin). */
  eventsUrl: string;
  organizationId: string;
  clientId: string;
  clientSecret: string;
  applicationId: string;
  applicationVersion: string;
  /** Each attempt's limit (default 10 s). */
  requestTimeoutMs?: number;
  /** Tries per call, the first included (default 4). */
  maxAttempts?: number;
  /** Total time a call may take, waits included (default 30 s). */
  maxWaitMs?: number;
  clock?: Clock;
  /** Waits between tries (tests pass one that does not really wait). */
  sleep?: (ms: number) => Promise<void>;
  /** 0 ≤ x < 1, for the back-off's jitter. */
  random?: () => number;
}

/** pino-style; only info and warn are used. */
export interface OrigoLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export type OrigoErrorKind = 'refused' | 'unavailable' | 'unauthorized';

/** What the clerk's action was, for the first words of the message ("Failed to provision credential: …"). */
export type OrigoAction =
  | 'provision credential'
  | 'read credential'
  | 'suspend credential'
  | 'resume credential'
  | 'revoke credential'
  | 'cancel invitation'
  | 'register callback'
  | 'read events'
  | 'read part numbers';

const DETAIL_MAX = 300;

/** Every word the clerk may read about Origo, in one place. */
export const ORIGO_WORDS = {
  refused: (action: OrigoAction, detail: string) => `Failed to ${action}: HID Origo refused: ${detail}`,
  unavailable: (action: OrigoAction, why: string) =>
    `Failed to ${action}: HID Origo did not answer (${why}). Try again in a minute; if it keeps failing, tell your administrator.`,
  unauthorized: (action: OrigoAction) =>
    `Failed to ${action}: HID Origo did not accept this server's client ID and secret. Tell your administrator: the HID Origo settings need checking.`,
  notUnderstood: 'its answer was not understood',
} as const;

export class OrigoError extends Error {
  override readonly name = 'OrigoError';
  readonly kind: OrigoErrorKind;
  readonly status: number | undefined;
  readonly scimType: string | undefined;
  /** Origo's own words (the SCIM `detail`), or ours when Origo said none; at most 300 characters. */
  readonly detail: string;

  constructor(kind: OrigoErrorKind, message: string, options: { status?: number; scimType?: string; detail: string }) {
    super(message);
    this.kind = kind;
    this.status = options.status;
    this.scimType = options.scimType;
    this.detail = trimDetail(options.detail);
  }
}

export function trimDetail(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length > DETAIL_MAX ? `${clean.slice(0, DETAIL_MAX - 1)}…` : clean;
}

/** The SCIM error body (`status` is a string in SCIM; tolerate a number). */
const ScimError = z.looseObject({
  status: z.union([z.string(), z.number()]).optional(),
  scimType: z.string().optional(),
  detail: z.string().optional(),
});

const TokenAnswer = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive(),
});

const OAuthError = z.looseObject({ error: z.string().optional(), error_description: z.string().optional() });

/** Renew this long before the token runs out. */
export const TOKEN_RENEW_BEFORE_MS = 60_000;
const BACKOFF_BASE_MS = 250;

export type OrigoBase = 'api' | 'events';

export interface OrigoRequest<T> {
  action: OrigoAction;
  base: OrigoBase;
  method: 'GET' | 'POST' | 'DELETE';
  /** Below the base's prefix (`/credential-management/customer/{org}` or `/organization/{org}`), e.g. `/users/.search`. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Parses a 2xx answer's JSON; absent → the body is not read (204, or an answer we do not need). */
  schema?: z.ZodType<T>;
  /**
   * For a request that creates something (not idempotent): called when an attempt was
   * sent but its answer was lost (network error, timeout, 5xx), before it is sent again.
   * It looks whether Origo did it anyway; a value is taken as the call's answer, undefined
   * means "not done: send it again". It is asked once more before the call gives up, so
   * something Origo did is not reported as failed. If it throws between tries, the call
   * ends with that error: sending again without knowing could make two.
   */
  beforeResend?: () => Promise<T | undefined>;
}

export interface OrigoHttp {
  request<T>(request: OrigoRequest<T>): Promise<T>;
  /** The current access token (renewed when due); exported for tests and diagnostics, never logged. */
  accessToken(): Promise<string>;
  /** When the call started (for "created since this call began"). */
  now(): Date;
}

/** A whole answer: status, headers and body, all read under the attempt's timeout. */
interface Answer {
  status: number;
  headers: Headers;
  /** The body parsed as JSON; undefined when empty or not JSON. */
  json: unknown;
}

interface Attempted {
  /** An answer (any status), or why there was none. */
  answer?: Answer;
  failure?: string;
}

export function createOrigoHttp(config: OrigoConfig, logger?: OrigoLogger): OrigoHttp {
  const clock = config.clock ?? systemClock;
  const sleep = config.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = config.random ?? Math.random;
  const requestTimeoutMs = config.requestTimeoutMs ?? 10_000;
  const maxAttempts = Math.max(1, config.maxAttempts ?? 4);
  const maxWaitMs = config.maxWaitMs ?? 30_000;
  const org = encodeURIComponent(config.organizationId);
  const bases: Record<OrigoBase | 'auth', string> = {
    auth: `${trimSlash(config.authUrl)}/authentication/customer/${org}`,
    api: `${trimSlash(config.apiUrl)}/credential-management/customer/${org}`,
    events: `${trimSlash(config.eventsUrl)}/organization/${org}`,
  };
  const commonHeaders = { 'Application-ID': config.applicationId, 'Application-Version': config.applicationVersion };

  let token: { value: string; renewAt: number } | undefined;
  let renewing: Promise<string> | undefined;

  /**
   * One attempt, under its own timeout (never longer than what is left of the budget). The
   * body is read inside it: an answer cut off half-way is a lost answer, like no answer.
   */
  async function attempt(url: string, init: RequestInit, timeoutMs: number): Promise<Attempted> {
    const signal = AbortSignal.timeout(Math.max(1, timeoutMs));
    try {
      const response = await fetch(url, { ...init, signal });
      const text = await response.text();
      return { answer: { status: response.status, headers: response.headers, json: parseJson(text) } };
    } catch (error) {
      if (signal.aborted) return { failure: `no answer within ${formatSeconds(timeoutMs)}` };
      return { failure: networkWords(error) };
    }
  }

  /**
   * The retry loop both the token and the API calls use: 429 waits Retry-After, 5xx, network
   * errors and timeouts back off exponentially with jitter, all within maxAttempts and maxWaitMs.
   * Returns the first answer that is not worth retrying (2xx, 4xx other than 429), or throws
   * OrigoError('unavailable').
   */
  async function send(
    action: OrigoAction,
    method: string,
    logPath: string,
    url: string,
    init: () => Promise<RequestInit>,
    started: number,
    onLost?: () => Promise<boolean>,
  ): Promise<Answer | 'adopted'> {
    let lastWhy = 'no answer';
    for (let n = 1; ; n += 1) {
      const left = maxWaitMs - (clock.now().getTime() - started);
      if (left <= 0) throw unavailable(action, `${lastWhy}; gave up after ${formatSeconds(maxWaitMs)}`);
      const result = await attempt(url, await init(), Math.min(requestTimeoutMs, left));
      const status = result.answer?.status;
      let waitMs: number;
      if (result.answer && status !== 429 && !(status !== undefined && status >= 500)) return result.answer;
      if (status === 429) {
        const retryAfter = parseRetryAfter(result.answer!.headers.get('retry-after'), clock.now());
        waitMs = retryAfter ?? backoff(n);
        lastWhy = 'too many requests';
      } else {
        waitMs = backoff(n);
        lastWhy = result.answer ? `status ${status}` : result.failure!;
      }
      const remaining = maxWaitMs - (clock.now().getTime() - started);
      if (n >= maxAttempts || remaining <= 0) {
        // Giving up on something that may have been carried out: one last look, so a call Origo
        // did is not reported as failed (and then done twice by the clerk's next try).
        if (onLost && status !== 429 && (await onLost().catch(() => false))) return 'adopted';
        throw unavailable(action, n >= maxAttempts ? `${lastWhy}; ${n} ${n === 1 ? 'try' : 'tries'}` : `${lastWhy}; gave up after ${formatSeconds(maxWaitMs)}`);
      }
      waitMs = Math.min(waitMs, remaining);
      logger?.info({ origo: { method, path: logPath, status: status ?? lastWhy, attempt: n, waitMs: Math.round(waitMs) } }, 'HID Origo: retrying');
      await sleep(waitMs);
      // Something sent whose answer was lost (not a 429: that one was refused, not carried out).
      if (onLost && status !== 429 && (await onLost())) return 'adopted';
    }
  }

  function backoff(n: number): number {
    // 250 ms, 500 ms, 1 s, 2 s … each between half and all of it.
    const full = BACKOFF_BASE_MS * 2 ** (n - 1);
    return full / 2 + (full / 2) * random();
  }

  async function fetchToken(): Promise<string> {
    const started = clock.now().getTime();
    const body = new URLSearchParams({ client_id: config.clientId, client_secret: config.clientSecret, grant_type: 'client_credentials' }).toString();
    const response = await send(
      'provision credential',
      'POST',
      '/authentication/customer/{org}/token',
      `${bases.auth}/token`,
      async () => ({ method: 'POST', headers: { ...commonHeaders, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body }),
      started,
    );
    if (response === 'adopted') throw new Error('unreachable: the token request adopts nothing');
    const json = response.json;
    if (response.status < 200 || response.status >= 300) {
      const oauth = OAuthError.safeParse(json);
      const scim = ScimError.safeParse(json);
      const detail = (oauth.success && (oauth.data.error_description ?? oauth.data.error)) || (scim.success && scim.data.detail) || `status ${response.status}`;
      logger?.warn({ origo: { method: 'POST', path: '/authentication/customer/{org}/token', status: response.status } }, 'HID Origo: token refused');
      throw new OrigoError('unauthorized', ORIGO_WORDS.unauthorized('provision credential'), { status: response.status, detail });
    }
    const parsed = TokenAnswer.safeParse(json);
    if (!parsed.success) throw notUnderstood('provision credential', response.status);
    const lifeMs = parsed.data.expires_in * 1000;
    // Renewed 60 s before it runs out (a token shorter-lived than that: at half its life).
    const renewAt = clock.now().getTime() + (lifeMs > 2 * TOKEN_RENEW_BEFORE_MS ? lifeMs - TOKEN_RENEW_BEFORE_MS : lifeMs / 2);
    token = { value: parsed.data.access_token, renewAt };
    return token.value;
  }

  /** The token, renewed when due; concurrent callers share one renewal. */
  function accessToken(): Promise<string> {
    if (token && clock.now().getTime() < token.renewAt) return Promise.resolve(token.value);
    renewing ??= fetchToken().finally(() => {
      renewing = undefined;
    });
    return renewing;
  }

  /** Forget `used` (a 401 said it is no good), unless another caller has renewed it already. */
  function dropToken(used: string): void {
    if (token?.value === used) token = undefined;
  }

  async function request<T>(req: OrigoRequest<T>): Promise<T> {
    const started = clock.now().getTime();
    const query = req.query ? `?${new URLSearchParams(req.query).toString()}` : '';
    const url = `${bases[req.base]}${req.path}${query}`;
    const logPath = req.path;
    const headers: Record<string, string> = { ...commonHeaders, Accept: req.base === 'api' ? ORIGO_MEDIA_TYPE : 'application/json' };
    let body: string | undefined;
    if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers['Content-Type'] = req.base === 'api' ? ORIGO_MEDIA_TYPE : 'application/json';
    }

    let adopted: { value: T } | undefined;
    const beforeResend = req.beforeResend;
    const onLost = beforeResend
      ? async (): Promise<boolean> => {
          const value = await beforeResend();
          if (value !== undefined) adopted = { value };
          return adopted !== undefined;
        }
      : undefined;

    let renewedOnce = false;
    for (;;) {
      let used = '';
      const response = await send(
        req.action,
        req.method,
        logPath,
        url,
        async () => {
          // The token may be shared with callers doing something else: the words are this call's.
          used = await accessToken().catch((error: unknown) => {
            throw error instanceof OrigoError ? reword(error, req.action) : error;
          });
          return { method: req.method, headers: { ...headers, Authorization: `Bearer ${used}` }, body };
        },
        started,
        onLost,
      );
      if (response === 'adopted') return adopted!.value;
      if (response.status === 401) {
        if (renewedOnce) {
          throw new OrigoError('unauthorized', ORIGO_WORDS.unauthorized(req.action), { status: 401, detail: 'the access token was refused' });
        }
        renewedOnce = true;
        dropToken(used);
        logger?.info({ origo: { method: req.method, path: logPath, status: 401, attempt: 1 } }, 'HID Origo: token refused, renewing it once');
        continue;
      }
      if (response.status < 200 || response.status >= 300) {
        const scim = ScimError.safeParse(response.json);
        const detail = (scim.success && scim.data.detail?.trim()) || `status ${response.status}`;
        const scimType = scim.success ? scim.data.scimType : undefined;
        throw new OrigoError('refused', ORIGO_WORDS.refused(req.action, trimDetail(detail)), { status: response.status, scimType, detail });
      }
      if (!req.schema) return undefined as T;
      const parsed = req.schema.safeParse(response.json);
      if (!parsed.success) {
        logger?.warn({ origo: { method: req.method, path: logPath, status: response.status, issues: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`) } }, 'HID Origo: answer not understood');
        throw notUnderstood(req.action, response.status);
      }
      return parsed.data;
    }
  }

  return { request, accessToken, now: () => clock.now() };
}

/** The same error, told for `action` (a token fetched for one call fails every caller sharing it). */
function reword(error: OrigoError, action: OrigoAction): OrigoError {
  const message =
    error.kind === 'refused' ? ORIGO_WORDS.refused(action, error.detail) : error.kind === 'unauthorized' ? ORIGO_WORDS.unauthorized(action) : ORIGO_WORDS.unavailable(action, error.detail);
  return new OrigoError(error.kind, message, { status: error.status, scimType: error.scimType, detail: error.detail });
}

function unavailable(action: OrigoAction, why: string): OrigoError {
  return new OrigoError('unavailable', ORIGO_WORDS.unavailable(action, why), { detail: why });
}

function notUnderstood(action: OrigoAction, status: number): OrigoError {
  return new OrigoError('unavailable', ORIGO_WORDS.unavailable(action, ORIGO_WORDS.notUnderstood), { status, detail: ORIGO_WORDS.notUnderstood });
}

/** The body as JSON, or undefined when there is none or it is not JSON. */
function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

/** Retry-After as seconds or an HTTP date → milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

function networkWords(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'address not found';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection closed before the answer';
  return code ? `network error ${code}` : 'network error';
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 100) / 10} s`;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
