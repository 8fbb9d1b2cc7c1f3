import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serverApi } from './server-api';

/**
 * How the wallet reads the server's answers: a tiny local HTTP stub plays each answer
 * (the real server is in tests/integration/wallet.test.ts).
 */
type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;
let handler: Handler;
let server: Server;
let url: string;

beforeEach(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => handler(request, body, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

function answer(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (_request, _body, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
}

const phone = { deviceId: '1412104381', osVersion: 'iOS 16.7.11', secureElementType: 'EMULATED', manufacturer: 'Apple', model: 'iPhone X', applicationVersion: '4.9.1' };
const redeem = () => serverApi.redeem(url, { code: 'ADS7-H65H-YTJN-RXR6', phone, publicKey: 'A'.repeat(120) });
const refusal = (code: string, message = 'server words', details?: Record<string, unknown>) => ({ error: { code, message, ...(details ? { details } : {}) } });

describe('the wallet’s calls to the server', () => {
  it('posts the redemption as JSON to /v1/wallet/redeem and reads the ACTIVE credential', async () => {
    let seen: { method?: string; url?: string; type?: string; body?: unknown } = {};
    handler = (request, body, response) => {
      seen = { method: request.method, url: request.url, type: request.headers['content-type'], body: JSON.parse(body) };
      answer(200, {
        credential: { credentialId: 'c1', status: 'ACTIVE', holderName: 'Amaka Okafor-Nwosu', employeeNumber: '20000001', credentialTypeName: 'Mobile PACS – Employee', organization: 'Northwind Health' },
        serverTime: '2026-11-28T05:00:00.000Z',
      })(request, body, response);
    };
    expect((await redeem()).credential).toMatchObject({ status: 'ACTIVE', holderName: 'Amaka Okafor-Nwosu' });
    expect(seen).toEqual({ method: 'POST', url: '/v1/wallet/redeem', type: 'application/json', body: { code: 'ADS7-H65H-YTJN-RXR6', phone, publicKey: 'A'.repeat(120) } });
  });

  it('turns each refusal into the server’s code with words the person can act on', async () => {
    handler = answer(410, refusal('INVITATION_EXPIRED'));
    await expect(redeem()).rejects.toMatchObject({ code: 'INVITATION_EXPIRED', message: 'Invitation code expired: ask the clerk to generate a new invitation code.' });
    handler = answer(409, refusal('INVITATION_USED'));
    await expect(redeem()).rejects.toMatchObject({ code: 'INVITATION_USED', message: expect.stringContaining('already used') });
    handler = answer(404, refusal('INVITATION_UNKNOWN'));
    await expect(redeem()).rejects.toMatchObject({ code: 'INVITATION_UNKNOWN', message: expect.stringContaining('not recognised') });
    handler = answer(410, refusal('INVITATION_REVOKED'));
    await expect(redeem()).rejects.toMatchObject({ code: 'INVITATION_REVOKED', message: expect.stringContaining('replaced or withdrawn') });
    handler = answer(409, refusal('CREDENTIAL_NOT_ISSUABLE'));
    await expect(redeem()).rejects.toMatchObject({ code: 'CREDENTIAL_NOT_ISSUABLE', message: expect.stringContaining('ask the clerk') });
    // A code the wallet has no words for keeps the server's own message.
    handler = answer(400, refusal('BAD_REQUEST', 'body/code: An invitation code has 16 letters and digits'));
    await expect(redeem()).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'body/code: An invitation code has 16 letters and digits' });
  });

  it('says how long a throttled phone waits, from details.retryAfterSeconds or the Retry-After header', async () => {
    handler = answer(429, refusal('THROTTLED', 'x', { retryAfterSeconds: 900 }));
    await expect(redeem()).rejects.toMatchObject({ code: 'THROTTLED', message: expect.stringContaining('wait 15 minutes') });
    handler = answer(429, refusal('THROTTLED'), { 'retry-after': '45' });
    await expect(redeem()).rejects.toMatchObject({ code: 'THROTTLED', message: expect.stringContaining('wait 45 seconds') });
    handler = answer(429, refusal('THROTTLED'));
    await expect(redeem()).rejects.toMatchObject({ code: 'THROTTLED', message: expect.stringContaining('wait a few minutes') });
  });

  it('reports a server it cannot reach or read in plain words', async () => {
    handler = answer(502, '<html>Bad gateway</html>');
    await expect(redeem()).rejects.toMatchObject({ code: 'HTTP_502', message: expect.stringContaining('answered HTTP 502') });
    handler = answer(200, { hello: 'world' });
    await expect(redeem()).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    await expect(serverApi.redeem('http://127.0.0.1:9', { code: 'ADS7H65HYTJNRXR6', phone, publicKey: 'A'.repeat(120) })).rejects.toMatchObject({
      code: 'UNREACHABLE',
      message: expect.stringContaining('could not be reached'),
    });
  });

  it('asks the door for a challenge and its decision at the door’s own path', async () => {
    const paths: string[] = [];
    handler = (request, body, response) => {
      paths.push(request.url ?? '');
      if (request.url?.endsWith('/challenges')) answer(200, { challengeId: '3f2b4a52-5c1e-4f7e-9f43-0a6c1a1f7e10', nonce: 'n'.repeat(43), expiresAt: '2026-11-28T05:01:00.000Z' })(request, body, response);
      else answer(200, { decision: 'DENIED', reason: 'suspended', at: '2026-11-28T05:00:01.000Z' })(request, body, response);
    };
    const challenge = await serverApi.challenge(url, 'lobby-2');
    const decision = await serverApi.access(url, 'lobby-2', { challengeId: challenge.challengeId, credentialId: 'c1', signature: 'MEUCIQ==' });
    expect(decision).toEqual({ decision: 'DENIED', reason: 'suspended', at: '2026-11-28T05:00:01.000Z' });
    expect(paths).toEqual(['/v1/doors/lobby-2/challenges', '/v1/doors/lobby-2/access']);
  });
});
