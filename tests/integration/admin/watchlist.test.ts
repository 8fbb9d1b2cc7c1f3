import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, beforeEach, expect, it } from 'vitest';
import type { z } from 'zod';
import { InvitationResponse } from '../../../src/shared/contract/mobile-protocol';
import { PushResponse, ServerErrorBody, type Mutation } from '../../../src/shared/contract/server-protocol';
import { WatchlistResponse } from '../../../src/shared/contract/watchlist-protocol';
import type { CredentialType } from '../../../src/shared/domain/credential-types';
import { request } from '../../support/central-server';
import { createOperators, registerOperators, type TestOperators } from '../../support/operators';
import { createApplicant, describeEachBackend, enrollDevice, newStation, useCentralServer, withServerDatabase, type TestStation } from '../server/fixture';

/**
 * Station › Administration › Watchlist on the server (issue 17): its numbers come from real
 * state built through the real API (registration, pushed mutations, invitations, redemption,
 * approval, sync), aged by moving the server's clock; and who may read it.
 */

const policy = { requiredFields: [], pinRequiredForDeviceEnrollment: true, acceptedCardTypes: ['piv' as const] };
const TYPES: z.input<typeof CredentialType>[] = [
  // Invitations valid two days: one issued 25 hours "ago" can still be picked up.
  { id: 'mobile-pacs-employee', name: 'Mobile PACS – Employee', policy: { ...policy, mobileCapable: true, supervisorApprovalRequired: false, invitationValidMinutes: 2880 } },
  { id: 'mobile-pacs-contractor', name: 'Mobile PACS – Contractor', policy: { ...policy, mobileCapable: true, supervisorApprovalRequired: true } },
];
const HOUR = 3_600_000;

describeEachBackend('watchlist', (backend) => {
  const fx = useCentralServer(backend, { config: { credentialTypes: TYPES }, clock: true });
  const admin = (): string => `Bearer admin.${fx.server.adminKey}`;
  let ops: TestOperators;
  let station: TestStation;

  beforeAll(async () => {
    ops = await createOperators();
    await registerOperators(fx.server, ops);
  });
  beforeEach(() => fx.setClockOffset(0));

  async function push(mutation: Mutation, operator = ops.clerk.fingerprint) {
    const response = await station.api.push([{ ...station.entry(mutation), operator }]);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const result = PushResponse.parse(response.body).results[0]!;
    expect(result.outcome, JSON.stringify(result)).toBe('applied');
    return result;
  }
  /** A person with a card whose one credential has `type`; its ids. */
  async function enrolled(type: string, firstName: string) {
    const person = createApplicant(station.stationId, { credentialTypeId: type, firstName, lastName: 'Watch' });
    const employeeNumber = person.kind === 'applicant.create' ? person.applicant.employeeNumber : '';
    const device = enrollDevice(station.stationId, employeeNumber, [type], { enrolledBy: 'Alice Clerk' });
    await push(person);
    await push(device);
    return { employeeNumber, deviceId: device.kind === 'device.enroll' ? device.device.id : '', credentialId: device.kind === 'device.enroll' ? device.device.credentials[0]!.id : '' };
  }
  const invite = async (credentialId: string) => {
    const response = await request(fx.server.url, 'POST', '/v1/invitations', { body: { credentialId, requestedBy: 'ignored' }, authorization: station.authorization, headers: { 'x-operator': ops.clerk.fingerprint } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return InvitationResponse.parse(response.body);
  };
  const redeem = (code: string) => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const phone = { deviceId: `WL-${Date.now()}`, osVersion: 'iOS 17.5', secureElementType: 'EMULATED', manufacturer: 'Apple', model: 'iPhone 12', applicationVersion: '4.9.1' };
    return request(fx.server.url, 'POST', '/v1/wallet/redeem', { body: { code, phone, publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64') } });
  };
  async function watchlist(query = '') {
    const response = await request(fx.server.url, 'GET', `/v1/admin/watchlist${query}`, { authorization: admin() });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return WatchlistResponse.parse(response.body);
  }

  it('lists, from real state, the invitations not picked up, the credentials Pending approval and the stations not seen — each older than its N hours, counted, oldest first — and an item leaves its list once resolved', async () => {
    station = await newStation(fx.server, 'Front desk');
    const ann = await enrolled('mobile-pacs-employee', 'Ann');
    const ben = await enrolled('mobile-pacs-employee', 'Ben');
    const cat = await enrolled('mobile-pacs-contractor', 'Cat');
    const annCode = (await invite(ann.credentialId)).code;
    const benInvitation = await invite(ben.credentialId);
    // Picked up at once: never on the watchlist.
    const dan = await enrolled('mobile-pacs-employee', 'Dan');
    expect((await redeem((await invite(dan.credentialId)).code)).status).toBe(200);

    // Now: nothing has waited 24 (or 8) hours yet.
    const fresh = await watchlist();
    expect([fresh.invitations.total, fresh.approvals.total, fresh.stations.total]).toEqual([0, 0, 0]);
    expect(fresh).toMatchObject({ invitations: { olderThanHours: 24 }, approvals: { olderThanHours: 8 }, stations: { olderThanHours: 24 } });

    // 25 hours later (the server's clock).
    await fx.setClockOffset(25 * HOUR);
    const later = await watchlist();
    expect(Date.parse(later.serverTime) - Date.now()).toBeGreaterThan(24 * HOUR);
    expect(later.invitations.total).toBe(2);
    expect(later.invitations.items.map((i) => i.employeeNumber)).toEqual([ann.employeeNumber, ben.employeeNumber]); // oldest first
    expect(later.invitations.items[1]).toMatchObject({
      invitationId: benInvitation.invitationId,
      credentialId: ben.credentialId,
      holderName: 'Ben Watch',
      credentialTypeName: 'Mobile PACS – Employee',
      issuedBy: 'Alice Clerk',
      issuedAt: benInvitation.serverTime,
      expiresAt: benInvitation.expiresAt,
      expired: false,
    });
    expect(later.approvals.total).toBe(1);
    expect(later.approvals.items).toEqual([
      expect.objectContaining({ deviceId: cat.deviceId, credentialId: cat.credentialId, employeeNumber: cat.employeeNumber, holderName: 'Cat Watch', credentialTypeName: 'Mobile PACS – Contractor', requestedBy: 'Alice Clerk', stationName: 'Front desk' }),
    ]);
    expect(later.stations.items.map((s) => s.stationName)).toEqual(['Front desk']);
    expect(later.stations.items[0]!.lastSeenAt).not.toBeNull();

    // N is the caller's: 26 hours leaves out what waited 25; 1 hour takes in what waited 25.
    const longer = await watchlist('?invitationHours=26&approvalHours=26&stationHours=26');
    expect([longer.invitations.total, longer.approvals.total, longer.stations.total]).toEqual([0, 0, 0]);
    expect(longer.invitations.olderThanHours).toBe(26);

    // Resolved: Ann picks hers up, a supervisor approves Cat's credential.
    expect((await redeem(annCode)).status).toBe(200);
    await push({ kind: 'credential.decide', deviceId: cat.deviceId, credentialId: cat.credentialId, decision: 'approve', reason: '', decidedBy: 'Sam Supervisor', decidedAt: new Date().toISOString() }, ops.supervisor.fingerprint);
    const resolved = await watchlist();
    expect(resolved.invitations.items.map((i) => i.employeeNumber)).toEqual([ben.employeeNumber]);
    expect(resolved.invitations.total).toBe(1);
    expect(resolved.approvals).toMatchObject({ total: 0, items: [] });

    // Ben's invitation, past its expiry, is still not picked up: it stays, marked expired.
    await fx.setClockOffset(49 * HOUR);
    expect((await watchlist()).invitations.items).toEqual([expect.objectContaining({ employeeNumber: ben.employeeNumber, expired: true })]);
  });

  it('a station not seen for N hours is listed until it syncs; a revoked station is not', async () => {
    const quiet = await newStation(fx.server, 'Remote site 7');
    const gone = await newStation(fx.server, 'Old kiosk');
    expect((await request(fx.server.url, 'POST', `/v1/admin/stations/${gone.stationId}/revoke`, { authorization: admin(), body: { reason: 'Decommissioned' } })).status).toBe(200);
    await withServerDatabase(fx, async (db) => {
      await db.query(`UPDATE stations SET last_seen_at = now() - interval '30 hours' WHERE id = ANY($1::uuid[])`, [[quiet.stationId, gone.stationId]]);
    });
    const before = await watchlist('?stationHours=24');
    expect(before.stations.items.map((s) => s.stationName)).toContain('Remote site 7');
    expect(before.stations.items.map((s) => s.stationName)).not.toContain('Old kiosk');
    const seen = before.stations.items.find((s) => s.stationId === quiet.stationId)!;
    expect(Date.parse(before.serverTime) - Date.parse(seen.lastSeenAt!)).toBeGreaterThanOrEqual(30 * HOUR - 60_000);

    expect((await quiet.api.pull({ after: 0, limit: 1 })).status).toBe(200);
    const after = await watchlist('?stationHours=24');
    expect(after.stations.items.map((s) => s.stationId)).not.toContain(quiet.stationId);
    expect(after.stations.total).toBe(before.stations.total - 1);
  });

  it('hours are validated: a bad number is refused in words (400), never a 500', async () => {
    for (const query of ['?invitationHours=0', '?approvalHours=1.5', '?stationHours=721', '?stationHours=abc', '?days=2']) {
      const response = await request<ServerErrorBody>(fx.server.url, 'GET', `/v1/admin/watchlist${query}`, { authorization: admin() });
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe('BAD_REQUEST');
      if (!query.includes('days')) expect(response.body.error.message, query).toContain('Give a whole number of hours from 1 to 720');
    }
  });

  it('role matrix: the admin key, administrators and supervisors read it; clerks and stations without an operator are refused', async () => {
    station = await newStation(fx.server, 'Matrix desk');
    const as = (fingerprint?: string) =>
      request<ServerErrorBody>(fx.server.url, 'GET', '/v1/admin/watchlist', { authorization: station.authorization, ...(fingerprint ? { headers: { 'x-operator': fingerprint } } : {}) });
    expect((await request(fx.server.url, 'GET', '/v1/admin/watchlist', { authorization: admin() })).status).toBe(200);
    expect((await as(ops.administrator.fingerprint)).status).toBe(200);
    expect((await as(ops.supervisor.fingerprint)).status).toBe(200);
    const clerk = await as(ops.clerk.fingerprint);
    expect([clerk.status, clerk.body.error.code]).toEqual([403, 'FORBIDDEN_ROLE']);
    expect(clerk.body.error.message).toContain('see the watchlist');
    const nobody = await as();
    expect([nobody.status, nobody.body.error.code]).toEqual([403, 'OPERATOR_REQUIRED']);
    const revoked = await as(ops.revoked.fingerprint);
    expect([revoked.status, revoked.body.error.code]).toEqual([403, 'OPERATOR_REVOKED']);
    const anonymous = await request<ServerErrorBody>(fx.server.url, 'GET', '/v1/admin/watchlist');
    expect(anonymous.status).toBe(401);
  });
});
