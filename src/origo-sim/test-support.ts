import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MEDIA, SCHEMA } from './scim';
import type { OrigoSim } from './origo-sim';

/** Helpers for the simulator's own tests: a client that speaks the wire page, a callback receiver, polling. */

export const APP_HEADERS = { 'application-id': 'ENROLLMENT-STATION', 'application-version': '0.1.0' } as const;
export const ORG = '1234';
export const CM_BASE = `/credential-management/customer/${ORG}`;
export const EVENTS_BASE = `/organization/${ORG}`;

export interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { [key: string]: unknown };
}

export async function call(sim: OrigoSim, method: string, path: string, options: { token?: string; body?: unknown; type?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...APP_HEADERS, ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] = options.type ?? (path.startsWith('/sim/') ? MEDIA.json : MEDIA.credentialManagement);
  }
  const answer = await fetch(`${sim.url}${path}`, { method, headers, body });
  const text = await answer.text();
  return { status: answer.status, headers: answer.headers, body: text ? (JSON.parse(text) as Answer['body']) : {} };
}

export async function token(sim: OrigoSim, secret = 'sim-secret-do-not-use'): Promise<string> {
  const form = new URLSearchParams({ client_id: '1234-enrollment', client_secret: secret, grant_type: 'client_credentials' });
  const answer = await call(sim, 'POST', `/authentication/customer/${ORG}/token`, { body: form.toString(), type: MEDIA.form });
  if (answer.status !== 200) throw new Error(`token: ${answer.status}`);
  return answer.body.access_token as string;
}

export function userBody(externalId: string, email?: string): Record<string, unknown> {
  return {
    schemas: [SCHEMA.user],
    externalId,
    name: { givenName: 'Ada', familyName: 'Lovelace' },
    ...(email ? { emails: [{ value: email, primary: true }] } : {}),
  };
}

export function invitationBody(partNumber = 'MID-SUB-CRD_FTPN_6445'): Record<string, unknown> {
  return {
    schemas: [SCHEMA.userAction],
    [SCHEMA.userAction]: { createInvitationCode: 'Y', sendInvitationEmail: 'N', assignCredential: 'Y', partNumber, credential: '' },
    meta: { resourceType: 'PACSUser' },
  };
}

/** A user with an open invitation: ids and the code. */
export async function invitedUser(sim: OrigoSim, accessToken: string, externalId: string) {
  const user = await call(sim, 'POST', `${CM_BASE}/users`, { token: accessToken, body: userBody(externalId) });
  const userId = user.body.id as number;
  const answer = await call(sim, 'POST', `${CM_BASE}/users/${userId}/invitation`, { token: accessToken, body: invitationBody() });
  const invitation = (answer.body[SCHEMA.invitation] as Array<{ id: number; invitationCode: string }>)[0]!;
  const credential = (answer.body[SCHEMA.credential] as Array<{ id: number }>)[0]!;
  return { userId, invitationId: invitation.id, code: invitation.invitationCode, credentialId: credential.id };
}

/** Polls until `check` returns a value (not undefined/false), or fails at the deadline. */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, deadlineMs = 10_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`Gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface Received {
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** A callback receiver: records every POST and answers the statuses given in turn (then the last one). */
export async function startReceiver(statuses: number[] = [204]) {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      response.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/origo-events`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Registers a filter and a callback to `url`. */
export async function registerCallback(sim: OrigoSim, accessToken: string, url: string, filterSet: string[] = [], secret = 'callback-secret-1') {
  const filter = await call(sim, 'POST', `${EVENTS_BASE}/events/filter`, { token: accessToken, body: { filterSet } });
  const callback = await call(sim, 'POST', `${EVENTS_BASE}/callback`, {
    token: accessToken,
    body: { url, filterId: filter.body.id, httpHeader: 'X-Origo-Secret', secret },
  });
  return { filter, callback };
}
