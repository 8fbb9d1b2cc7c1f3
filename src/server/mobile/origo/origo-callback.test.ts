import { describe, expect, it } from 'vitest';
import { parseCallbackDelivery, unseenEvents, usersToRead } from './origo-callback';

const NOW = new Date('2026-12-07T10:00:00Z');
const SECRET = 'callback-secret-0123456789';
const CHECK = { httpHeader: 'Authorization', secret: SECRET, now: NOW };

function event(overrides: Record<string, unknown> = {}) {
  return {
    specversion: '1.0',
    id: 'e-1',
    source: '/organization/1234',
    type: 'CREDENTIAL_ACTIVATED',
    subject: 'users/103367',
    time: '2026-12-07T09:59:00Z',
    datacontenttype: 'application/json',
    data: { organizationId: '1234', userId: 103367, invitationId: 16247463, credentialContainerId: 2468, credentialId: 304530, status: 'ACTIVE' },
    ...overrides,
  };
}
const headers = (extra: Record<string, string | undefined> = {}) => ({ authorization: SECRET, 'content-type': 'application/cloudevents-batch+json', ...extra });
const body = (...events: unknown[]) => JSON.stringify(events);

describe('parseCallbackDelivery', () => {
  it('a good delivery: the events, with their user', () => {
    const result = parseCallbackDelivery(headers(), body(event(), event({ id: 'e-2', type: 'INVITATION_ACKNOWLEDGED', data: { userId: '103368' } })), CHECK);
    expect(result).toEqual({
      ok: true,
      events: [
        { id: 'e-1', type: 'CREDENTIAL_ACTIVATED', userId: 103367, time: '2026-12-07T09:59:00.000Z' },
        { id: 'e-2', type: 'INVITATION_ACKNOWLEDGED', userId: 103368, time: '2026-12-07T09:59:00.000Z' },
      ],
      skipped: [],
    });
  });

  it('takes a Buffer, application/json with parameters, any header case, and the user from the subject', () => {
    const result = parseCallbackDelivery(
      { 'X-Origo-Secret': SECRET, 'Content-Type': 'application/json; charset=utf-8' },
      Buffer.from(body(event({ data: {} }))),
      { ...CHECK, httpHeader: 'x-origo-secret' },
    );
    expect(result).toMatchObject({ ok: true, events: [{ id: 'e-1', userId: 103367 }] });
  });

  it('a wrong secret → 401, also one of another length', () => {
    for (const wrong of ['callback-secret-0123456788', 'x', SECRET + 'x', '']) {
      expect(parseCallbackDelivery(headers({ authorization: wrong }), body(event()), CHECK)).toMatchObject({ ok: false, status: 401 });
    }
  });

  it('a missing header → 401, and says which', () => {
    const result = parseCallbackDelivery({ 'content-type': 'application/cloudevents-batch+json' }, body(event()), CHECK);
    expect(result).toEqual({ ok: false, status: 401, reason: 'the Authorization header is missing' });
  });

  it('the secret is never in a reason', () => {
    const result = parseCallbackDelivery(headers({ authorization: 'nope' }), body(event()), CHECK);
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it('a stale event is refused as a replay', () => {
    const result = parseCallbackDelivery(headers(), body(event({ time: '2026-12-07T09:44:59Z' })), CHECK);
    expect(result).toMatchObject({ ok: false, status: 400 });
    expect(parseCallbackDelivery(headers(), body(event({ time: '2026-12-07T09:30:00Z' })), { ...CHECK, maxAgeMinutes: 60 })).toMatchObject({ ok: true });
  });

  it('an event more than 5 minutes in the future is refused', () => {
    expect(parseCallbackDelivery(headers(), body(event({ time: '2026-12-07T10:05:01Z' })), CHECK)).toMatchObject({ ok: false, status: 400 });
    expect(parseCallbackDelivery(headers(), body(event({ time: '2026-12-07T10:04:59+00:00' })), CHECK)).toMatchObject({ ok: true });
  });

  it('in a mixed batch, only the events outside the window are left out', () => {
    const result = parseCallbackDelivery(headers(), body(event(), event({ id: 'old', time: '2026-12-01T00:00:00Z' })), CHECK);
    expect(result).toMatchObject({ ok: true, events: [{ id: 'e-1' }], skipped: [{ id: 'old' }] });
  });

  it.each([
    ['not JSON', '{'],
    ['an object, not a batch', JSON.stringify(event())],
    ['a wrong specversion', body(event({ specversion: '0.3' }))],
    ['no id', body(event({ id: undefined }))],
    ['a time that is not ISO', body(event({ time: 'yesterday' }))],
    ['a userId that is an object', body(event({ data: { userId: { $gt: 1 } } }))],
  ])('malformed (%s) → 400', (_what, raw) => {
    expect(parseCallbackDelivery(headers(), raw, CHECK)).toMatchObject({ ok: false, status: 400 });
  });

  it('a wrong or missing content type → 415', () => {
    expect(parseCallbackDelivery(headers({ 'content-type': 'text/plain' }), body(event()), CHECK)).toMatchObject({ ok: false, status: 415 });
    expect(parseCallbackDelivery(headers({ 'content-type': undefined }), body(event()), CHECK)).toMatchObject({ ok: false, status: 415 });
  });

  it('the secret is checked before anything else is read', () => {
    expect(parseCallbackDelivery(headers({ authorization: 'nope', 'content-type': 'text/plain' }), '{', CHECK)).toMatchObject({ ok: false, status: 401 });
  });
});

describe('deduplication helpers', () => {
  const e = (id: string, userId?: number) => ({ id, type: 'CREDENTIAL_ACTIVATED', userId, time: NOW.toISOString() });
  it('unseenEvents leaves out ids seen before and repeats within a batch', () => {
    expect(unseenEvents([e('a'), e('b'), e('a'), e('c')], new Set(['b'])).map((x) => x.id)).toEqual(['a', 'c']);
  });
  it('usersToRead names each user once', () => {
    expect(usersToRead([e('a', 1), e('b', 2), e('c', 1), e('d')])).toEqual([1, 2]);
  });
});
