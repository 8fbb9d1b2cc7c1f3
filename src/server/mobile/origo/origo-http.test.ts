import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createOrigoHttp, OrigoError, ORIGO_MEDIA_TYPE, parseRetryAfter, type OrigoConfig } from './origo-http';

/**
 * The transport against a fetch stand-in (no sockets): token single-flight and renewal, the
 * retry policy's timing with an injected clock and sleep (nothing really waits), errors.
 */

type Handler = (url: URL, init: RequestInit) => Response | Promise<Response>;

const SECRET = 'client-secret-never-logged';

function fakeClock(start = Date.parse('2026-12-07T10:00:00Z')) {
  let now = start;
  return { clock: { now: () => new Date(now) }, advance: (ms: number) => void (now += ms), at: () => now };
}

function setup(handler: Handler, overrides: Partial<OrigoConfig> = {}) {
  const time = fakeClock();
  const sleeps: number[] = [];
  const calls: Array<{ method: string; path: string; headers: Headers; body: string | undefined }> = [];
  const logs: Array<{ level: string; obj: object; msg?: string }> = [];
  vi.stubGlobal('fetch', async (input: string, init: RequestInit) => {
    const url = new URL(input);
    calls.push({ method: init.method ?? 'GET', path: url.pathname, headers: new Headers(init.headers), body: init.body as string | undefined });
    return handler(url, init);
  });
  const http = createOrigoHttp(
    {
      authUrl: 'https://auth.example',
      apiUrl: 'https://api.example/',
      eventsUrl: 'https://auth.example',
      organizationId: '1234',
      clientId: '1234-enrollment',
      clientSecret: SECRET,
      applicationId: 'ENROLLMENT-STATION',
      applicationVersion: '0.1.0',
      clock: time.clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        time.advance(ms);
      },
      random: () => 0.5,
      ...overrides,
    },
    { info: (obj, msg) => logs.push({ level: 'info', obj, msg }), warn: (obj, msg) => logs.push({ level: 'warn', obj, msg }) },
  );
  return { http, time, sleeps, calls, logs };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const scim = (status: number, detail: string, scimType?: string, headers: Record<string, string> = {}) =>
  json(status, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), scimType, detail }, headers);

let tokens = 0;
function tokenAnswer(expiresIn = 3600) {
  tokens += 1;
  return json(200, { access_token: `tok-${tokens}`, token_type: 'Bearer', expires_in: expiresIn });
}
const isToken = (url: URL) => url.pathname === '/authentication/customer/1234/token';

const Ok = z.looseObject({ ok: z.boolean() });
const get = (http: ReturnType<typeof setup>['http']) => http.request({ action: 'read credential', base: 'api', method: 'GET', path: '/users/1', schema: Ok });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('token', () => {
  it('asks for it with the form body and the application headers, and sends it as Bearer', async () => {
    const { http, calls } = setup((url) => (isToken(url) ? tokenAnswer() : json(200, { ok: true })));
    await expect(get(http)).resolves.toEqual({ ok: true });
    const [token, api] = calls;
    expect(token!.method).toBe('POST');
    expect(token!.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(token!.body))).toEqual({ client_id: '1234-enrollment', client_secret: SECRET, grant_type: 'client_credentials' });
    expect(token!.headers.get('application-id')).toBe('ENROLLMENT-STATION');
    expect(token!.headers.get('authorization')).toBeNull();
    expect(api!.path).toBe('/credential-management/customer/1234/users/1');
    expect(api!.headers.get('authorization')).toMatch(/^Bearer tok-\d+$/);
    expect(api!.headers.get('application-version')).toBe('0.1.0');
    expect(api!.headers.get('accept')).toBe(ORIGO_MEDIA_TYPE);
  });

  it('10 concurrent calls share one token request', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { http, calls } = setup(async (url) => {
      if (isToken(url)) {
        await gate;
        return tokenAnswer();
      }
      return json(200, { ok: true });
    });
    const all = Promise.all(Array.from({ length: 10 }, () => get(http)));
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    await all;
    expect(calls.filter((c) => c.path.endsWith('/token'))).toHaveLength(1);
    expect(calls.filter((c) => c.path.endsWith('/users/1'))).toHaveLength(10);
  });

  it('is renewed 60 s before expires_in runs out, not before', async () => {
    const { http, calls, time } = setup((url) => (isToken(url) ? tokenAnswer(3600) : json(200, { ok: true })));
    const first = await http.accessToken();
    time.advance(3600_000 - 60_000 - 1);
    expect(await http.accessToken()).toBe(first);
    time.advance(1);
    const second = await http.accessToken();
    expect(second).not.toBe(first);
    expect(calls.filter((c) => c.path.endsWith('/token'))).toHaveLength(2);
  });

  it('a 401 on an API call drops the token, renews once and retries once', async () => {
    let refused = 0;
    const { http, calls } = setup((url, init) => {
      if (isToken(url)) return tokenAnswer();
      if (new Headers(init.headers).get('authorization') === 'Bearer tok-1' || refused === 0) {
        refused += 1;
        return scim(401, 'The access token is unknown or has expired.');
      }
      return json(200, { ok: true });
    });
    tokens = 0;
    await expect(get(http)).resolves.toEqual({ ok: true });
    expect(calls.map((c) => c.path.split('/').pop())).toEqual(['token', '1', 'token', '1']);
  });

  it('a second 401 is unauthorized, without a third token', async () => {
    const { http, calls } = setup((url) => (isToken(url) ? tokenAnswer() : scim(401, 'no')));
    const error = await get(http).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrigoError);
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(calls.filter((c) => c.path.endsWith('/token'))).toHaveLength(2);
  });

  it('a refused client secret is unauthorized; the secret is in no message and no log', async () => {
    const { http, logs } = setup((url) => (isToken(url) ? json(401, { error: 'invalid_client', error_description: 'Bad client credentials' }) : json(200, { ok: true })));
    const error = (await get(http).catch((e: unknown) => e)) as OrigoError;
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toMatch(/^Failed to read credential: HID Origo did not accept/);
    expect(error.detail).toBe('Bad client credentials');
    expect(JSON.stringify({ error, message: error.message, logs })).not.toContain(SECRET);
  });
});

describe('retries', () => {
  it('429 waits Retry-After seconds, then succeeds', async () => {
    let n = 0;
    const { http, sleeps, logs } = setup((url) => {
      if (isToken(url)) return tokenAnswer();
      n += 1;
      return n <= 2 ? scim(429, 'Too many requests', undefined, { 'retry-after': '2' }) : json(200, { ok: true });
    });
    await expect(get(http)).resolves.toEqual({ ok: true });
    expect(sleeps).toEqual([2000, 2000]);
    expect(logs.filter((l) => l.level === 'info')).toEqual([
      { level: 'info', obj: { origo: { method: 'GET', path: '/users/1', status: 429, attempt: 1, waitMs: 2000 } }, msg: 'HID Origo: retrying' },
      { level: 'info', obj: { origo: { method: 'GET', path: '/users/1', status: 429, attempt: 2, waitMs: 2000 } }, msg: 'HID Origo: retrying' },
    ]);
  });

  it('Retry-After longer than the budget is capped to what is left', async () => {
    const { http, sleeps } = setup((url) => (isToken(url) ? tokenAnswer() : scim(429, 'slow down', undefined, { 'retry-after': '120' })), { maxWaitMs: 5000 });
    const error = (await get(http).catch((e: unknown) => e)) as OrigoError;
    expect(sleeps).toEqual([5000]);
    expect(error.kind).toBe('unavailable');
    expect(error.message).toMatch(/Try again in a minute; if it keeps failing, tell your administrator\.$/);
  });

  it('5xx backs off exponentially with jitter, within maxAttempts', async () => {
    const { http, sleeps, calls } = setup((url) => (isToken(url) ? tokenAnswer() : scim(503, 'down')), { maxAttempts: 4, random: () => 0.5 });
    const error = (await get(http).catch((e: unknown) => e)) as OrigoError;
    // 250 × 2^n, each between half and all of it (random 0.5 → three quarters).
    expect(sleeps).toEqual([187.5, 375, 750]);
    expect(calls.filter((c) => c.path.endsWith('/users/1'))).toHaveLength(4);
    expect(error).toMatchObject({ kind: 'unavailable' });
    expect(error.message).toBe(
      'Failed to read credential: HID Origo did not answer (status 503; 4 tries). Try again in a minute; if it keeps failing, tell your administrator.',
    );
  });

  it('jitter stays between half and all of the step', async () => {
    for (const random of [0, 0.999]) {
      const { http, sleeps } = setup((url) => (isToken(url) ? tokenAnswer() : scim(502, 'bad gateway')), { maxAttempts: 3, random: () => random });
      await get(http).catch(() => undefined);
      expect(sleeps[0]).toBeGreaterThanOrEqual(125);
      expect(sleeps[0]).toBeLessThanOrEqual(250);
      expect(sleeps[1]).toBeGreaterThanOrEqual(250);
      expect(sleeps[1]).toBeLessThanOrEqual(500);
    }
  });

  it('network errors and timeouts are retried; the budget ends the call', async () => {
    let n = 0;
    const { http, time } = setup(
      (url) => {
        if (isToken(url)) return tokenAnswer();
        n += 1;
        time.advance(1000); // each try takes a second
        throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      },
      { maxAttempts: 100, maxWaitMs: 4000 },
    );
    const error = (await get(http).catch((e: unknown) => e)) as OrigoError;
    expect(error.kind).toBe('unavailable');
    expect(error.message).toContain('connection closed before the answer');
    expect(n).toBeLessThanOrEqual(4);
    expect(n).toBeGreaterThanOrEqual(3);
  });

  it('a 4xx is not retried and carries Origo’s words', async () => {
    const { http, sleeps } = setup((url) =>
      isToken(url) ? tokenAnswer() : scim(400, 'No available quantity for part number MID-SUB-CRD_FTPN_6445.', 'invalidValue'),
    );
    const error = (await http
      .request({ action: 'provision credential', base: 'api', method: 'POST', path: '/users/1/invitation', body: { a: 1 }, schema: Ok })
      .catch((e: unknown) => e)) as OrigoError;
    expect(sleeps).toEqual([]);
    expect(error).toMatchObject({ kind: 'refused', status: 400, scimType: 'invalidValue', detail: 'No available quantity for part number MID-SUB-CRD_FTPN_6445.' });
    expect(error.message).toBe('Failed to provision credential: HID Origo refused: No available quantity for part number MID-SUB-CRD_FTPN_6445.');
  });

  it('Origo’s detail is trimmed to 300 characters', async () => {
    const { http } = setup((url) => (isToken(url) ? tokenAnswer() : scim(400, 'x'.repeat(1000))));
    const error = (await get(http).catch((e: unknown) => e)) as OrigoError;
    expect(error.detail).toHaveLength(300);
  });

  it('an answer that does not parse is unavailable, never a crash', async () => {
    for (const body of ['{"ok":"yes"}', 'not json', '']) {
      const { http } = setup((url) => (isToken(url) ? tokenAnswer() : new Response(body, { status: 200 })));
      const error = (await get(http).catch((e: unknown) => e)) as OrigoError;
      expect(error).toBeInstanceOf(OrigoError);
      expect(error.kind).toBe('unavailable');
      expect(error.message).toContain('its answer was not understood');
    }
  });

  it('API bodies carry the credential-management media type', async () => {
    const { http, calls } = setup((url) => (isToken(url) ? tokenAnswer() : json(201, { ok: true })));
    await http.request({ action: 'provision credential', base: 'api', method: 'POST', path: '/users', body: { x: 1 }, schema: Ok });
    expect(calls[1]!.headers.get('content-type')).toBe(ORIGO_MEDIA_TYPE);
    expect(calls[1]!.body).toBe('{"x":1}');
  });

  it('beforeResend: a lost answer is looked for before sending again', async () => {
    let posts = 0;
    const { http, calls } = setup((url) => {
      if (isToken(url)) return tokenAnswer();
      posts += 1;
      throw new TypeError('fetch failed', { cause: { code: 'UND_ERR_SOCKET' } });
    });
    const result = await http.request({
      action: 'provision credential',
      base: 'api',
      method: 'POST',
      path: '/users',
      body: {},
      schema: Ok,
      beforeResend: async () => ({ ok: true, adopted: true }),
    });
    expect(result).toEqual({ ok: true, adopted: true });
    expect(posts).toBe(1);
    expect(calls.filter((c) => c.path.endsWith('/users'))).toHaveLength(1);
  });
});

describe('beforeResend on the last try', () => {
  it('a call whose every answer was lost is still looked for before it is reported failed', async () => {
    let looks = 0;
    const { http } = setup(
      (url) => {
        if (isToken(url)) return tokenAnswer();
        throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      },
      { maxAttempts: 2 },
    );
    const result = await http.request({
      action: 'provision credential',
      base: 'api',
      method: 'POST',
      path: '/users/1/invitation',
      body: {},
      schema: Ok,
      beforeResend: async () => ((looks += 1) === 2 ? { ok: true } : undefined),
    });
    expect(result).toEqual({ ok: true });
    expect(looks).toBe(2);
  });

  it('when the last look fails too, the call’s own error is what the clerk reads', async () => {
    // (A look that fails between tries ends the call: sending again blind could make two.)
    const { http } = setup((url) => (isToken(url) ? tokenAnswer() : scim(503, 'down')), { maxAttempts: 1 });
    const error = (await http
      .request({
        action: 'provision credential',
        base: 'api',
        method: 'POST',
        path: '/users',
        body: {},
        schema: Ok,
        beforeResend: async () => {
          throw new Error('look failed');
        },
      })
      .catch((e: unknown) => e)) as OrigoError;
    expect(error).toBeInstanceOf(OrigoError);
    expect(error.message).toContain('status 503; 1 try');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = new Date('2026-12-07T10:00:00Z');
    expect(parseRetryAfter('1', now)).toBe(1000);
    expect(parseRetryAfter('Mon, 07 Dec 2026 10:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
