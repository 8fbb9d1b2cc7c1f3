import { afterEach, describe, expect, it } from 'vitest';
import { startOrigoSim, type OrigoSim } from './origo-sim';
import { SCHEMA } from './scim';
import { call, CM_BASE, invitationBody, token, userBody } from './test-support';

/** The faults tests of a connector need: throttling, outages, lost answers, expired tokens, latency. */
let sim: OrigoSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('faults', () => {
  it('failNext answers 429 with Retry-After the given number of times, then the real answer', async () => {
    sim = await startOrigoSim();
    const accessToken = await token(sim);
    sim.faults.failNext({ method: 'POST', path: `${CM_BASE}/users` }, { status: 429, retryAfterSeconds: 7, detail: 'Too many requests' }, 2);
    for (let i = 0; i < 2; i++) {
      const throttled = await call(sim, 'POST', `${CM_BASE}/users`, { token: accessToken, body: userBody('00000123') });
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('retry-after')).toBe('7');
      expect(throttled.body).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429', detail: 'Too many requests' });
    }
    expect((await call(sim, 'GET', `${CM_BASE}/part-number`, { token: accessToken })).status).toBe(200); // another path: not matched
    expect((await call(sim, 'POST', `${CM_BASE}/users`, { token: accessToken, body: userBody('00000123') })).status).toBe(201);
    expect(sim.state().users).toHaveLength(1);

    sim.faults.failNext({ path: /\/users\/\d+$/ }, { status: 503 });
    const outage = await call(sim, 'GET', `${CM_BASE}/users/${sim.state().users[0]!.id}`, { token: accessToken });
    expect(outage.status).toBe(503);
    expect(outage.body.status).toBe('503');
    expect(sim.requests().map((r) => r.status)).toEqual([200, 429, 429, 200, 201, 503]);
  });

  it('dropAnswerNext carries the request out, then destroys the connection before any answer', async () => {
    sim = await startOrigoSim();
    const accessToken = await token(sim);
    const user = await call(sim, 'POST', `${CM_BASE}/users`, { token: accessToken, body: userBody('00000123') });
    sim.faults.dropAnswerNext({ method: 'POST', path: /\/invitation$/ });
    await expect(call(sim, 'POST', `${CM_BASE}/users/${user.body.id}/invitation`, { token: accessToken, body: invitationBody() })).rejects.toThrow();
    const read = await call(sim, 'GET', `${CM_BASE}/users/${user.body.id}`, { token: accessToken });
    expect(read.body[SCHEMA.invitation]).toEqual([expect.objectContaining({ status: 'PENDING' })]);
    // Only once: the next invitation is answered.
    expect((await call(sim, 'POST', `${CM_BASE}/users/${user.body.id}/invitation`, { token: accessToken, body: invitationBody() })).status).toBe(200);
  });

  it('expireTokens makes every token issued so far answer 401; a new token works', async () => {
    sim = await startOrigoSim();
    const first = await token(sim);
    const second = await token(sim);
    sim.faults.expireTokens();
    for (const old of [first, second]) expect((await call(sim, 'GET', `${CM_BASE}/part-number`, { token: old })).status).toBe(401);
    expect((await call(sim, 'GET', `${CM_BASE}/part-number`, { token: await token(sim) })).status).toBe(200);
    expect(sim.tokensIssued()).toBe(3);
  });

  it('a fail rate of 1 answers 503 to every partner-API call, but not to the token or the phone', async () => {
    sim = await startOrigoSim({ failRate: 1 });
    const accessToken = await token(sim);
    const answer = await call(sim, 'GET', `${CM_BASE}/part-number`, { token: accessToken });
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '503' });
    expect((await call(sim, 'GET', '/organization/1234/callback', { token: accessToken })).status).toBe(503);
    expect((await call(sim, 'POST', '/sim/phone/redeem', { body: { invitationCode: 'AAAA-BBBB-CCCC-DDDD' } })).status).toBe(404);
    expect((await call(sim, 'GET', '/sim/state')).status).toBe(200);
  });

  it('setLatency delays every answer', async () => {
    sim = await startOrigoSim();
    sim.faults.setLatency(300);
    const started = Date.now();
    expect((await call(sim, 'GET', '/sim/state')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('never records headers or bodies', async () => {
    sim = await startOrigoSim();
    const accessToken = await token(sim);
    await call(sim, 'POST', `${CM_BASE}/users?x=1`, { token: accessToken, body: userBody('00000123') });
    const seen = JSON.stringify(sim.requests());
    expect(seen).not.toContain(accessToken);
    expect(seen).not.toContain('sim-secret-do-not-use');
    expect(seen).not.toContain('00000123');
    expect(sim.requests()[1]).toEqual({ method: 'POST', path: `${CM_BASE}/users`, status: 201, at: expect.any(String) });
  });
});
