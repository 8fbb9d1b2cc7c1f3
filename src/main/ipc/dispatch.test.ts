import { describe, expect, it } from 'vitest';
import { channels, type Channel, type Handlers } from '../../shared/contract';
import { StationError } from '../../shared/contract/errors';
import { createDispatcher } from './dispatch';

/** A handler table whose every entry fails the test if reached. */
function unreachable(): { handlers: Handlers; calls: string[] } {
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    (Object.keys(channels) as Channel[]).map((name) => [name, async () => { calls.push(name); return undefined; }]),
  ) as unknown as Handlers;
  return { handlers, calls };
}

const MALFORMED: Record<Channel, unknown[]> = {
  'station:get-info': [{ extra: true }, 'x', 1],
  'credential-types:list': [{}, [], 'all'],
  'applicants:create': [
    undefined,
    null,
    'Seán',
    { firstName: 'A', lastName: 'B' },
    { firstName: 1, lastName: 'B', credentialTypeId: 'piv-card-employee' },
    { firstName: 'A', lastName: 'B', credentialTypeId: 'piv-card-employee', employeeNumber: '10000001' },
    { firstName: 'A\u202E', lastName: 'B', credentialTypeId: 'piv-card-employee' },
    { firstName: 'A', lastName: 'B', credentialTypeId: 'piv-card-employee', email: 'not-an-email' },
  ],
  'applicants:get': [undefined, {}, { employeeNumber: '123' }, { employeeNumber: 10000001 }, { employeeNumber: '10000001', x: 1 }],
  'applicants:search': [undefined, { text: 5 }, { text: 'x', limit: 0 }, { text: 'x', limit: 10_000 }, { text: 'x'.repeat(201) }],
  'readers:status': [{}, 'Virtual PCD 00 00'],
  'session:get': [{}, 'x'],
  'session:sign-in': [undefined, { readerName: 'Virtual PCD 00 00' }, { readerName: 'Virtual PCD 00 00', pin: '12' }, { readerName: '', pin: '123456' }, { readerName: 'R', pin: '123456', fingerprint: 'x' }],
  'session:sign-out': [{}, 1],
  'session:touch': [{}, 'now'],
  'unlock:status': [{}, 'x'],
  'unlock:submit': [undefined, {}, { passphrase: 5 }, { passphrase: 'x'.repeat(1025) }, { passphrase: 'long enough passphrase', extra: 1 }],
  'approvals:list': [{}, []],
  'approvals:decide': [
    undefined,
    { deviceId: 'd', credentialId: 'c', decision: 'maybe' },
    { deviceId: 'd', credentialId: 'c', decision: 'reject' },
    { deviceId: 'd', credentialId: 'c', decision: 'reject', reason: 'no' },
    { deviceId: 'd', credentialId: 'c', decision: 'approve', decidedBy: 'me' },
  ],
  'audit:list': [{ limit: 0 }, { employeeNumber: '1' }, { text: 'x'.repeat(201) }, 'all'],
  'audit:export': [undefined, {}, { format: 'pdf' }],
  'watchlist:get': [null, 'all', { invitationHours: 0 }, { approvalHours: 1.5 }, { stationHours: 721 }, { stationHours: '24' }, { days: 1 }],
  'readers:diagnostics': [undefined, {}, { readerName: '' }, { readerName: 'x'.repeat(201) }],
  'devices:read-card': [undefined, { readerName: 'Virtual PCD 00 00' }, { readerName: 'Virtual PCD 00 00', employeeNumber: '1' }],
  'devices:enroll': [
    undefined,
    { employeeNumber: '10000001' },
    { employeeNumber: '10000001', readerName: 'Virtual PCD 00 00', pin: '12' },
    { employeeNumber: '10000001', readerName: 'Virtual PCD 00 00', pin: '12345a' },
    { employeeNumber: '10000001', readerName: 'Virtual PCD 00 00', pin: '123456', serialNumber: 'forged' },
  ],
  'devices:report': [undefined, { employeeNumber: 10000001 }],
  'sync:status': [{}, 'now'],
  'sync:now': [{ force: true }],
  'sync:register': [
    undefined,
    { serverUrl: 'https://server.example' },
    { serverUrl: 'not a url', token: 'EST-AAAAA-BBBBB-CCCCC-DDDDD-EEEEE' },
    { serverUrl: 'ftp://server.example', token: 'EST-AAAAA-BBBBB-CCCCC-DDDDD-EEEEE' },
    { serverUrl: 'http://credentials.example.org', token: 'EST-AAAAA-BBBBB-CCCCC-DDDDD-EEEEE' },
    { serverUrl: 'http://127.0.0.1.evil.example', token: 'EST-AAAAA-BBBBB-CCCCC-DDDDD-EEEEE' },
    { serverUrl: 'https://server.example', token: 'EST-AAAA' },
    { serverUrl: 'https://server.example', token: 'EST-AAAAA-BBBBB-CCCCC-DDDDD-EEEEE', secret: 'x' },
  ],
  'reviews:list': [{ all: true }],
  'mobile:invite': [undefined, { employeeNumber: '20000001' }, { employeeNumber: '123', credentialId: 'c' }, { employeeNumber: '20000001', credentialId: '' }],
  'mobile:list': [undefined, {}, { employeeNumber: 20000001 }],
  'mobile:set-status': [
    undefined,
    { credentialId: 'c', action: 'suspend' },
    { credentialId: 'c', action: 'suspend', reason: 'no' },
    { credentialId: 'c', action: 'delete', reason: 'lost phone' },
  ],
  'reviews:resolve': [
    undefined,
    { reviewId: 'not-a-uuid', resolution: 'keep-both' },
    { reviewId: '3f2b4a52-5c1e-4f7e-9f43-0a6c1a1f7e10', resolution: 'merge' },
    { reviewId: '3f2b4a52-5c1e-4f7e-9f43-0a6c1a1f7e10', resolution: 'delete-both' },
    { reviewId: '3f2b4a52-5c1e-4f7e-9f43-0a6c1a1f7e10', resolution: 'merge', survivor: '123' },
  ],
  'admin-credential-types:list': [{}, 'all'],
  'admin-credential-types:create': [undefined, { id: 'Bad Id', name: 'X', policy: {} }, { id: 'ok', name: '', policy: { mobileCapable: false, pinRequiredForDeviceEnrollment: true, supervisorApprovalRequired: false } }, { id: 'ok', name: 'X', policy: { mobileCapable: false, pinRequiredForDeviceEnrollment: true, supervisorApprovalRequired: false }, retired: true }],
  'admin-credential-types:preview': [undefined, { id: 'x' }, { id: 'x', change: { retired: 'yes' } }, { id: 'x', change: { colour: 'red' } }],
  'admin-credential-types:update': [undefined, { id: 'X Y', change: {} }, { id: 'x', change: { name: '' } }, { id: 'x', change: { policy: { mobileCapable: true } } }],
  'admin-stations:list': [{}, 'all'],
  'admin-stations:create-token': [undefined, { stationName: '' , expiresInHours: 24 }, { stationName: 'A', expiresInHours: 0 }, { stationName: 'A', expiresInHours: 721 }, { stationName: 'A', expiresInHours: 24, token: 'EST' }],
  'admin-stations:revoke': [undefined, { stationId: 'nope', reason: 'Stolen laptop' }, { stationId: '6f1c1e49-3b7a-4c39-8d43-7d3f1b0c2a11', reason: '' }, { stationId: '6f1c1e49-3b7a-4c39-8d43-7d3f1b0c2a11' }],
  'admin-operators:list': [{}, 'all'],
  'admin-operators:add': [
    undefined,
    { source: { kind: 'card' }, name: 'Nina', roles: ['clerk'] },
    { source: { kind: 'file', certificate: '' }, name: 'Nina', roles: ['clerk'] },
    { source: { kind: 'usb', readerName: 'R' }, name: 'Nina', roles: ['clerk'] },
    { source: { kind: 'card', readerName: 'R' }, name: '', roles: ['clerk'] },
    { source: { kind: 'card', readerName: 'R' }, name: 'Nina', roles: [] },
    { source: { kind: 'card', readerName: 'R' }, name: 'Nina', roles: ['root'] },
  ],
  'admin-operators:set-roles': [undefined, { fingerprint: 'abc', roles: ['clerk'] }, { fingerprint: 'a'.repeat(64), roles: [] }, { fingerprint: 'a'.repeat(64), roles: ['clerk'], disabled: true }],
  'admin-operators:set-disabled': [undefined, { fingerprint: 'a'.repeat(64) }, { fingerprint: 'a'.repeat(64), disabled: 'yes' }],
  'admin-operators:revoke': [undefined, { fingerprint: 'a'.repeat(64) }, { fingerprint: 'a'.repeat(64), reason: '  ' }, { fingerprint: 'a'.repeat(64), reason: 'x'.repeat(501) }],
  'admin-operators:decide-grant': [undefined, { grantId: 'nope', decision: 'approve' }, { grantId: '6f1c1e49-3b7a-4c39-8d43-7d3f1b0c2a11', decision: 'maybe' }],
  'admin-trust:get': [{}, 'x'],
  'admin-trust:add-ca': [undefined, { certificate: '' }, { certificate: 'x'.repeat(40_001) }, { pem: 'x' }],
  'admin-trust:refresh': [{}, 'now'],
};

describe('the contract dispatcher', () => {
  it.each(Object.entries(MALFORMED).flatMap(([name, inputs]) => inputs.map((input) => [name, input] as const)))(
    '%s refuses %j without reaching a service',
    async (name, input) => {
      const { handlers, calls } = unreachable();
      const reply = await createDispatcher(handlers)(name, input);
      expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      expect(calls).toEqual([]);
    },
  );

  it('names the field that needs attention', async () => {
    const reply = await createDispatcher(unreachable().handlers)('applicants:create', {
      firstName: '',
      lastName: 'B',
      credentialTypeId: 'piv-card-employee',
    });
    expect(reply).toMatchObject({ ok: false, error: { details: { fieldErrors: { firstName: ['FIRST NAME is required'] } } } });
  });

  it.each(['applicants:delete', 'constructor', '__proto__', 42, null])('refuses the unknown channel %j', async (name) => {
    const { handlers, calls } = unreachable();
    expect(await createDispatcher(handlers)(name, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(calls).toEqual([]);
  });

  it('passes a parsed, trimmed input to the service and returns its value', async () => {
    const { handlers } = unreachable();
    let received: unknown;
    handlers['applicants:search'] = async (input) => {
      received = input;
      return { applicants: [], total: 0 };
    };
    expect(await createDispatcher(handlers)('applicants:search', { text: 'Seán' })).toEqual({ ok: true, value: { applicants: [], total: 0 } });
    expect(received).toEqual({ text: 'Seán', limit: 50 });
  });

  it('carries a service error as its stable code', async () => {
    const { handlers } = unreachable();
    handlers['applicants:get'] = async () => {
      throw new StationError('APPLICANT_NOT_FOUND', 'No applicant has Employee Number 10000009.');
    };
    expect(await createDispatcher(handlers)('applicants:get', { employeeNumber: '10000009' })).toEqual({
      ok: false,
      error: { code: 'APPLICANT_NOT_FOUND', message: 'No applicant has Employee Number 10000009.' },
    });
  });

  it('hides an unexpected error behind INTERNAL and logs it', async () => {
    const { handlers } = unreachable();
    const logged: string[] = [];
    handlers['station:get-info'] = async () => {
      throw new TypeError('secret detail');
    };
    const reply = await createDispatcher(handlers, (m) => logged.push(m))('station:get-info', undefined);
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(reply)).not.toContain('secret detail');
    expect(logged).toEqual(['station:get-info failed']);
  });
});
