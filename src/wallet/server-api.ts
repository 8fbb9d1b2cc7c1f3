import type { z } from 'zod';
import { AccessResponse, ChallengeResponse, RedeemResponse, type AccessRequest, type RedeemRequest } from '../shared/contract/mobile-protocol';
import { ServerErrorBody } from '../shared/contract/sync-protocol';
import { WalletError } from './wallet-store';

/** What the app tells the person for each refusal (the clerk's screen has the fix). */
const ADVICE: Record<string, string> = {
  INVITATION_EXPIRED: 'Invitation code expired: ask the clerk to generate a new invitation code.',
  INVITATION_USED: 'This invitation code was already used: ask the clerk for a new one.',
  INVITATION_REVOKED: 'This invitation code no longer works: use the code on the clerk’s screen now.',
  INVITATION_UNKNOWN: 'This invitation code does not exist: check it on the clerk’s screen and type it again.',
  THROTTLED: 'Too many wrong codes from this phone: wait, then type the code again carefully.',
  CREDENTIAL_NOT_ISSUABLE: 'This credential cannot be picked up now: ask the clerk.',
};

async function post<S extends z.ZodType>(serverUrl: string, path: string, schema: S, body?: unknown): Promise<z.output<S>> {
  let response: Response;
  try {
    response = await fetch(new URL(path, serverUrl), {
      method: 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    throw new WalletError('UNREACHABLE', `The credential server at ${serverUrl} could not be reached. Check the phone's internet connection.`);
  }
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = ServerErrorBody.safeParse(json);
    const code = error.success ? error.data.error.code : `HTTP_${response.status}`;
    throw new WalletError(code, ADVICE[code] ?? (error.success ? error.data.error.message : `The server answered HTTP ${response.status}.`));
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new WalletError('BAD_RESPONSE', 'The server answered something this app cannot read.');
  return parsed.data;
}

export const serverApi = {
  redeem: (serverUrl: string, request: RedeemRequest) => post(serverUrl, '/v1/wallet/redeem', RedeemResponse, request),
  challenge: (serverUrl: string, doorId: string) => post(serverUrl, `/v1/doors/${encodeURIComponent(doorId)}/challenges`, ChallengeResponse),
  access: (serverUrl: string, doorId: string, request: AccessRequest) => post(serverUrl, `/v1/doors/${encodeURIComponent(doorId)}/access`, AccessResponse, request),
};
