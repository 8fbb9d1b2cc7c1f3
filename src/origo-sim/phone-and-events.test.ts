import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOrigoSim, type OrigoSim } from './origo-sim';
import { PHONE_PROFILES } from './phone-profiles';
import { MEDIA, SCHEMA } from './scim';
import { call, CM_BASE, EVENTS_BASE, invitedUser, registerCallback, startReceiver, token, waitFor } from './test-support';

/** The simulated phone, events and callback delivery (docs/hid-origo-wire.md, "Events and callbacks" and "The phone"). */
let sim: OrigoSim;
let now: Date;
const cleanups: Array<() => Promise<void>> = [];
beforeEach(async () => {
  now = new Date('2026-12-07T10:00:00.000Z');
  sim = await startOrigoSim({ clock: () => now, callbackRetryDelaysMs: [20, 20, 20] });
});
afterEach(async () => {
  await sim.close();
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function receiver(statuses?: number[]) {
  const started = await startReceiver(statuses);
  cleanups.push(started.close);
  return started;
}

describe('the phone', () => {
  it('redeems a code: the container appears ACTIVE with the profile\'s details, the invitation ACKNOWLEDGED', async () => {
    const accessToken = await token(sim);
    const { userId, credentialId, code } = await invitedUser(sim, accessToken, '00000123');
    const answer = await call(sim, 'POST', '/sim/phone/redeem', { body: { invitationCode: code, profile: 'pixel-8' } });
    expect(answer.status).toBe(200);
    const container = {
      id: expect.any(Number),
      status: 'ACTIVE',
      ...PHONE_PROFILES['pixel-8'],
      [SCHEMA.credential]: [{ id: credentialId, partNumber: 'MID-SUB-CRD_FTPN_6445', partnumberFriendlyName: 'MOB0022', cardNumber: expect.any(String), status: 'ACTIVE', credentialType: 'ICLASSSEOS' }],
    };
    expect(answer.body).toEqual({ userId, credentialContainer: container });
    expect(PHONE_PROFILES['pixel-8']).toMatchObject({ manufacturer: 'Google', model: 'Pixel 8', osVersion: 'Android 15', secureElementType: 'HCE', hceCapability: 'true' });

    const user = await call(sim, 'GET', `${CM_BASE}/users/${userId}`, { token: accessToken });
    expect(user.body[SCHEMA.invitation]).toEqual([expect.objectContaining({ invitationCode: code, status: 'ACKNOWLEDGED' })]);
    expect(user.body[SCHEMA.container]).toEqual([container]);
    expect(sim.state().users[0]).toMatchObject({ organizationId: '1234', id: userId });
  });

  it('refuses an unknown code (404), a used one (409) and an expired one (410)', async () => {
    const accessToken = await token(sim);
    const first = await invitedUser(sim, accessToken, '00000001');
    const second = await invitedUser(sim, accessToken, '00000002');
    expect((await call(sim, 'POST', '/sim/phone/redeem', { body: { invitationCode: 'AAAA-BBBB-CCCC-DDDD' } })).status).toBe(404);
    expect((await call(sim, 'POST', '/sim/phone/redeem', { body: { invitationCode: first.code } })).status).toBe(200);
    const used = await call(sim, 'POST', '/sim/phone/redeem', { body: { invitationCode: first.code } });
    expect(used.status).toBe(409);
    expect(used.body).toMatchObject({ schemas: [SCHEMA.error], status: '409' });
    await expect(sim.redeem(first.code)).rejects.toMatchObject({ status: 409 });

    now = new Date(now.getTime() + 48 * 3_600_000);
    const expired = await call(sim, 'POST', '/sim/phone/redeem', { body: { invitationCode: second.code } });
    expect(expired.status).toBe(410);
    const user = await call(sim, 'GET', `${CM_BASE}/users/${second.userId}`, { token: await token(sim) });
    expect(user.body[SCHEMA.invitation]).toEqual([expect.objectContaining({ status: 'EXPIRED' })]);
    expect((await call(sim, 'POST', '/sim/phone/redeem', { body: { invitationCode: second.code, profile: 'nokia' } })).status).toBe(400);
    expect((await call(sim, 'POST', '/sim/phone/redeem', { body: { invitationCode: second.code }, type: 'text/plain' })).status).toBe(415);
  });
});

describe('events and callbacks', () => {
  it('delivers a CloudEvents batch with the registered header and content type, to callbacks whose filter takes the type', async () => {
    const accessToken = await token(sim);
    const all = await receiver();
    const revokedOnly = await receiver();
    const registered = await registerCallback(sim, accessToken, all.url, [], 'secret-all');
    expect(registered.filter.status).toBe(201);
    expect(registered.filter.body).toEqual({ id: expect.any(String), filterSet: [] });
    expect(registered.callback.status).toBe(201);
    expect(registered.callback.body).toEqual({ id: expect.any(String), url: all.url, filterId: registered.filter.body.id });
    await registerCallback(sim, accessToken, revokedOnly.url, ['CREDENTIAL_REVOKED'], 'secret-revoked');

    const listed = await call(sim, 'GET', `${EVENTS_BASE}/callback`, { token: accessToken });
    expect(listed.body.callbacks).toHaveLength(2);
    expect(JSON.stringify(listed.body)).not.toContain('secret-');
    expect(JSON.stringify(sim.state())).not.toContain('secret-');

    const { userId, invitationId, credentialId, code } = await invitedUser(sim, accessToken, '00000123');
    const { credentialContainer } = await sim.redeem(code);
    const batch = await waitFor(() => all.received[0], 'the redemption batch');
    expect(batch.headers['x-origo-secret']).toBe('secret-all');
    expect(batch.headers['content-type']).toBe(MEDIA.cloudEventsBatch);
    const data = { organizationId: '1234', userId, invitationId, credentialContainerId: (credentialContainer as { id: number }).id, credentialId };
    expect(batch.body).toEqual([
      { specversion: '1.0', id: expect.any(String), source: '/organization/1234', type: 'INVITATION_ACKNOWLEDGED', subject: `users/${userId}`, time: now.toISOString(), datacontenttype: 'application/json', data: { ...data, status: 'ACKNOWLEDGED' } },
      { specversion: '1.0', id: expect.any(String), source: '/organization/1234', type: 'CREDENTIAL_ACTIVATED', subject: `users/${userId}`, time: now.toISOString(), datacontenttype: 'application/json', data: { ...data, status: 'ACTIVE' } },
    ]);

    for (const action of ['suspend', 'resume']) await call(sim, 'POST', `${CM_BASE}/credential/${credentialId}/${action}`, { token: accessToken });
    await call(sim, 'DELETE', `${CM_BASE}/credential/${credentialId}`, { token: accessToken });
    await waitFor(() => all.received.length === 4 && revokedOnly.received.length === 1, 'four batches and the revocation');
    expect(all.received.map((r) => (r.body as Array<{ type: string }>).map((e) => e.type))).toEqual([
      ['INVITATION_ACKNOWLEDGED', 'CREDENTIAL_ACTIVATED'], ['CREDENTIAL_SUSPENDED'], ['CREDENTIAL_RESUMED'], ['CREDENTIAL_REVOKED'],
    ]);
    expect(revokedOnly.received[0]!.headers['x-origo-secret']).toBe('secret-revoked');
    expect(revokedOnly.received[0]!.body).toEqual([expect.objectContaining({ type: 'CREDENTIAL_REVOKED', data: expect.objectContaining({ status: 'REVOKED' }) })]);
    expect(sim.deliveries().filter((d) => d.url === all.url).map((d) => d.status)).toEqual([204, 204, 204, 204]);

    const deleted = await call(sim, 'DELETE', `${EVENTS_BASE}/callback/${registered.callback.body.id}`, { token: accessToken });
    expect(deleted.status).toBe(204);
    expect((await call(sim, 'GET', `${EVENTS_BASE}/callback`, { token: accessToken })).body.callbacks).toHaveLength(1);
  });

  it('retries a delivery the receiver answers 500', async () => {
    const accessToken = await token(sim);
    const flaky = await receiver([500, 503, 200]);
    await registerCallback(sim, accessToken, flaky.url);
    const { code } = await invitedUser(sim, accessToken, '00000123');
    await sim.redeem(code);
    await waitFor(() => sim.deliveries().length === 3, 'three attempts');
    expect(sim.deliveries().map((d) => d.status)).toEqual([500, 503, 200]);
    expect(new Set(sim.deliveries().map((d) => d.eventIds.join()))).toHaveProperty('size', 1);
    expect(flaky.received).toHaveLength(3);
  });

  it('records events but delivers none while callbacks are disabled; GET /events lists them by date', async () => {
    const accessToken = await token(sim);
    const listening = await receiver();
    await registerCallback(sim, accessToken, listening.url);
    sim.faults.setCallbacksEnabled(false);
    const { code, credentialId } = await invitedUser(sim, accessToken, '00000123');
    await sim.redeem(code);
    now = new Date('2026-12-07T10:30:00.000Z');
    await call(sim, 'POST', `${CM_BASE}/credential/${credentialId}/suspend`, { token: accessToken });

    const events = await call(sim, 'GET', `${EVENTS_BASE}/events?dateFrom=2026-12-07T09:00:00Z&dateTo=2026-12-07T12:00:00Z`, { token: accessToken });
    expect(events.status).toBe(200);
    expect((events.body.events as Array<{ type: string }>).map((e) => e.type)).toEqual(['INVITATION_ACKNOWLEDGED', 'CREDENTIAL_ACTIVATED', 'CREDENTIAL_SUSPENDED']);
    const later = await call(sim, 'GET', `${EVENTS_BASE}/events?dateFrom=2026-12-07T10:15:00Z`, { token: accessToken });
    expect((later.body.events as Array<{ type: string }>).map((e) => e.type)).toEqual(['CREDENTIAL_SUSPENDED']);
    expect((await call(sim, 'GET', `${EVENTS_BASE}/events?dateFrom=yesterday`, { token: accessToken })).status).toBe(400);

    // Nothing was sent: a later event (enabled again) is the first the receiver sees.
    sim.faults.setCallbacksEnabled(true);
    await call(sim, 'POST', `${CM_BASE}/credential/${credentialId}/resume`, { token: accessToken });
    await waitFor(() => listening.received.length > 0, 'the resume batch');
    expect(listening.received.map((r) => (r.body as Array<{ type: string }>).map((e) => e.type))).toEqual([['CREDENTIAL_RESUMED']]);
    expect(sim.deliveries()).toHaveLength(1);
  });

  it('refuses a callback for an unknown filter, a bad URL and an unknown event type', async () => {
    const accessToken = await token(sim);
    const unknownFilter = await call(sim, 'POST', `${EVENTS_BASE}/callback`, { token: accessToken, body: { url: 'https://example.org/cb', filterId: 'nope', httpHeader: 'Authorization', secret: 's' } });
    expect(unknownFilter.status).toBe(400);
    expect(unknownFilter.body.scimType).toBe('invalidValue');
    const { filter } = await registerCallback(sim, accessToken, 'https://example.org/cb');
    const badUrl = await call(sim, 'POST', `${EVENTS_BASE}/callback`, { token: accessToken, body: { url: 'ftp://x', filterId: filter.body.id, httpHeader: 'Authorization', secret: 's' } });
    expect(badUrl.status).toBe(400);
    expect((await call(sim, 'POST', `${EVENTS_BASE}/events/filter`, { token: accessToken, body: { filterSet: ['EVERYTHING'] } })).status).toBe(400);
    expect((await call(sim, 'POST', `${EVENTS_BASE}/events/filter`, { token: accessToken, body: { filterSet: [] }, type: 'application/json' })).status).toBe(201);
    expect((await call(sim, 'POST', `${EVENTS_BASE}/events/filter`, { token: accessToken, body: { filterSet: [] }, type: 'text/plain' })).status).toBe(415);
  });

  it('close() stops retries still waiting', async () => {
    await sim.close();
    sim = await startOrigoSim({ callbackRetryDelaysMs: [60_000] });
    const accessToken = await token(sim);
    const failing = await receiver([500]);
    await registerCallback(sim, accessToken, failing.url);
    const { code } = await invitedUser(sim, accessToken, '00000123');
    await sim.redeem(code);
    await waitFor(() => sim.deliveries().length === 1, 'the first attempt');
    const started = Date.now();
    await sim.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(failing.received).toHaveLength(1);
  });
});
