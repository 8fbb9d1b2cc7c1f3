import { connect } from 'node:net';
import { ServerErrorBody } from '../../../src/shared/contract/server-protocol';
import { request } from '../../support/central-server';
import { describe, expect, it } from 'vitest';
import { feedEnd, newStation, useCentralServer } from './fixture';

/**
 * Issue 13: answers the framework and Node's HTTP parser make (404, 408, 413, 414, 415,
 * 431, parser errors, bad percent-encoding, over-long URL parameters) in the documented
 * error shape, and a request body that never finishes cut off after `requestTimeoutSeconds`.
 */

/** Sends raw bytes and resolves with everything the server wrote once it closes the connection. */
function raw(url: string, bytes: string): Promise<{ text: string; elapsedMs: number }> {
  const { hostname, port } = new URL(url);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve({ text, elapsedMs: Date.now() - started }));
  });
}

function parseRaw(text: string): { status: number; body: unknown } {
  const [head, ...rest] = text.split('\r\n\r\n');
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head ?? '')?.[1]), body: JSON.parse(rest.join('\r\n\r\n')) };
}

function expectShape(body: unknown, code = 'BAD_REQUEST'): void {
  const parsed = ServerErrorBody.parse(body);
  expect(parsed.error.code).toBe(code);
  expect(parsed.error.message.length).toBeGreaterThan(20);
}

const TIMEOUT_SECONDS = 1;

// The HTTP layer is the same whatever the database (hostile-input.test.ts walks both backends).
describe('[PGlite] HTTP limits and framework errors', () => {
  const fx = useCentralServer('pglite', { config: { requestTimeoutSeconds: TIMEOUT_SECONDS } });

  it('answers 408 in the error shape and closes the connection when a body does not finish in time (unauthenticated redemption too)', async () => {
    const partial = 'POST /v1/wallet/redeem HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"code":"AB';
    const { text, elapsedMs } = await raw(fx.server.url, partial);
    const answer = parseRaw(text);
    expect(answer.status).toBe(408);
    expectShape(answer.body);
    expect((answer.body as ServerErrorBody).error.message).toContain('did not arrive in time');
    expect(elapsedMs).toBeGreaterThanOrEqual(TIMEOUT_SECONDS * 1000 - 50);
    expect(elapsedMs).toBeLessThan(TIMEOUT_SECONDS * 1000 + 5_000);
  });

  it('answers a station that sent its whole request but waits for the feed longer than the request limit (long poll)', async () => {
    const station = await newStation(fx.server);
    const end = await feedEnd(station);
    const started = Date.now();
    const answer = await station.api.pull({ after: end + 1_000_000, wait: TIMEOUT_SECONDS + 1 });
    expect(answer.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual((TIMEOUT_SECONDS + 1) * 1000 - 50);
  });

  it('answers every framework-made error in the documented shape', async () => {
    const url = fx.server.url;
    const notFound = await request(url, 'GET', '/v1/no-such-thing');
    expect(notFound.status).toBe(404);
    expectShape(notFound.body, 'NOT_FOUND');

    const plain = await request(url, 'POST', '/v1/wallet/redeem', { rawBody: 'code=ABCD', headers: { 'content-type': 'text/plain' } });
    expect(plain.status).toBe(415);
    expectShape(plain.body);

    const tooLarge = await request(url, 'POST', '/v1/wallet/redeem', { rawBody: JSON.stringify({ code: 'x'.repeat(70_000) }) });
    expect(tooLarge.status).toBe(413);
    expectShape(tooLarge.body, 'PAYLOAD_TOO_LARGE');

    const notJson = await request(url, 'POST', '/v1/wallet/redeem', { rawBody: '{"code": "AB' });
    expect(notJson.status).toBe(400);
    expectShape(notJson.body);

    const badPath = await request(url, 'POST', '/v1/doors/%E0%A4%A/challenges');
    expect(badPath.status).toBe(400);
    expectShape(badPath.body);

    const badQuery = await request(url, 'GET', '/v1/admin/audit-log?action=%ED%A0%80', { authorization: `Bearer admin.${fx.server.adminKey}` });
    expect(badQuery.status).toBe(400);
    expectShape(badQuery.body);

    // An over-long URL parameter is the route's 400 (which parameter, why), not "no such endpoint".
    const longParam = await request(url, 'POST', `/v1/doors/${'d'.repeat(300)}/access`, { body: {} });
    expect(longParam.status).toBe(400);
    expectShape(longParam.body);
    expect(ServerErrorBody.parse(longParam.body).error.details).toMatchObject({ in: 'params' });

    for (const path of ['/health', '/ready']) {
      const longUrl = await request(url, 'GET', `${path}?x=${'a'.repeat(10_000)}`);
      expect(longUrl.status).toBe(414);
      expectShape(longUrl.body);
      const hugeHeaders = await request(url, 'GET', path, { headers: { 'x-filler': 'a'.repeat(20_000) } });
      expect(hugeHeaders.status).toBe(431);
      expectShape(hugeHeaders.body);
    }
    const hugeUrl = await request(url, 'GET', `/health?x=${'a'.repeat(20_000)}`);
    expect(hugeUrl.status).toBe(431);
    expectShape(hugeUrl.body);

    const garbage = parseRaw((await raw(url, 'THIS IS NOT HTTP\r\n\r\n')).text);
    expect(garbage.status).toBe(400);
    expectShape(garbage.body);
  });
});
