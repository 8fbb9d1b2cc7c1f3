import type { z } from 'zod';
import { AccessResponse, ChallengeResponse, RedeemResponse, type AccessRequest, type RedeemRequest } from '../shared/contract/mobile-protocol';
import { ServerErrorBody } from '../shared/contract/server-protocol';
import { WalletError } from './wallet-store';

const CALL_TIMEOUT_MS = 15_000;

/** What the app tells the person for each refusal of a redemption (the clerk's screen has the fix). */
const ADVICE: Partial<Record<string, (details: Record<string, unknown> | undefined) => string>> = {
  INVITATION_EXPIRED: () => 'Invitation code expired: ask the clerk to generate a new invitation code.',
  INVITATION_USED: () => 'Invitation code already used: each code works once. Ask the clerk for a new invitation code.',
  INVITATION_REVOKED: () => 'Invitation code replaced or withdrawn: use the code now on the clerk’s screen, or ask the clerk for a new one.',
  INVITATION_UNKNOWN: () => 'Invitation code not recognised: check it against the clerk’s screen and type it again.',
  CREDENTIAL_NOT_ISSUABLE: () => 'This credential cannot be picked up now (it is suspended, revoked or not yet approved): ask the clerk.',
  THROTTLED: (details) => `Too many wrong codes from this phone or network: wait ${waitWords(details?.retryAfterSeconds)}, then type the code on the clerk’s screen carefully.`,
};

function waitWords(seconds: unknown): string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return 'a few minutes';
  if (seconds < 90) return `${Math.ceil(seconds)} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * One POST to the credential server's `/v1` API, as the phone app makes it: no station
 * credential (the code or the key is the proof). The answer is parsed with the protocol
 * schema; any failure is a `WalletError` with the server's code and a plain-words message.
 */
async function post<S extends z.ZodType>(serverUrl: string, path: string, schema: S, body?: unknown): Promise<z.output<S>> {
  let url: URL;
  try {
    url = new URL(path, serverUrl);
  } catch {
    throw new WalletError('BAD_SERVER_URL', `${serverUrl} is not a server address (expected e.g. https://enroll.example.org).`);
  }
  const timeout = AbortSignal.timeout(CALL_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: timeout,
    });
  } catch {
    const why = timeout.aborted ? 'did not answer in time' : 'could not be reached';
    throw new WalletError('UNREACHABLE', `The credential server at ${serverUrl} ${why}. Check the phone's internet connection and try again.`);
  }
  const json = parseJson(await response.text().catch(() => ''));
  if (!response.ok) {
    const parsed = ServerErrorBody.safeParse(json);
    if (!parsed.success) throw new WalletError(`HTTP_${response.status}`, `The credential server at ${serverUrl} answered HTTP ${response.status}.`);
    const { code, message, details } = parsed.data.error;
    const retryAfter = Number(response.headers.get('retry-after'));
    const withRetry = code === 'THROTTLED' && details?.retryAfterSeconds === undefined && retryAfter > 0 ? { ...details, retryAfterSeconds: retryAfter } : details;
    throw new WalletError(code, ADVICE[code]?.(withRetry) ?? message);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new WalletError('BAD_RESPONSE', `The credential server at ${serverUrl} answered something this app cannot read. Check the server address.`);
  return parsed.data;
}

export const serverApi = {
  /** Redeems an invitation code: the server binds its credential to this phone and key (ACTIVE). */
  redeem: (serverUrl: string, request: RedeemRequest): Promise<RedeemResponse> => post(serverUrl, '/v1/wallet/redeem', RedeemResponse, request),
  /** A one-time challenge from a door. */
  challenge: (serverUrl: string, doorId: string): Promise<ChallengeResponse> => post(serverUrl, `/v1/doors/${encodeURIComponent(doorId)}/challenges`, ChallengeResponse),
  /** GRANTED or DENIED for the signed challenge. */
  access: (serverUrl: string, doorId: string, request: AccessRequest): Promise<AccessResponse> =>
    post(serverUrl, `/v1/doors/${encodeURIComponent(doorId)}/access`, AccessResponse, request),
};
