import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { expect, it } from 'vitest';
import { challengeMessage, type AccessResponse, type ChallengeResponse, type InvitationResponse, type RedeemResponse } from '../../../src/shared/contract/mobile-protocol';
import type { ServerErrorBody } from '../../../src/shared/contract/sync-protocol';
import type { MobileCredential } from '../../../src/shared/domain/mobile-credential';
import { request } from '../../support/central-server';
import { createApplicant, describeEachBackend, enrollDevice, feedAfter, feedEnd, newStation, useCentralServer, withServerDatabase, type TestStation } from './fixture';

/** Phase 4 on the server: invitations, redemption by the wallet, lifecycle and door checks. */
type Body = InvitationResponse & RedeemResponse & ServerErrorBody & { credential: MobileCredential };

function phone(deviceId = String(1_400_000_000 + Math.floor(Math.random() * 1e8))) {
  return { deviceId, osVersion: 'iOS 16.7.11', secureElementType: 'EMULATED', manufacturer: 'Apple', model: 'iPhone X', applicationVersion: '4.9.1' };
}

function walletKeys() {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'), privateKey };
}

describeEachBackend('mobile credentials', (backend) => {
  const fx = useCentralServer(backend, {
    config: {
      credentialTypes: [
        { id: 'mobile-pacs-employee', name: 'Mobile PACS – Employee', policy: { mobileCapable: true, requiredFields: ['email'], pinRequiredForDeviceEnrollment: true, supervisorApprovalRequired: false, acceptedCardTypes: ['piv'] } },
        { id: 'mobile-pacs-contractor', name: 'Mobile PACS – Contractor', policy: { mobileCapable: true, requiredFields: [], pinRequiredForDeviceEnrollment: true, supervisorApprovalRequired: true, acceptedCardTypes: ['piv'] } },
        { id: 'piv-card-employee', name: 'PIV Card – Employee', policy: { mobileCapable: false, requiredFields: [], pinRequiredForDeviceEnrollment: true, supervisorApprovalRequired: false, acceptedCardTypes: ['piv'] } },
      ],
      redeemThrottle: { perDevice: 10, perSource: 200, windowMinutes: 15 },
    },
  });

  /** A person with a card whose credential has the given type, pushed to the server. */
  async function credentialOf(station: TestStation, type = 'mobile-pacs-employee'): Promise<string> {
    const person = createApplicant(station.stationId, { credentialTypeId: type });
    const employeeNumber = person.kind === 'applicant.create' ? person.applicant.employeeNumber : '';
    const device = enrollDevice(station.stationId, employeeNumber, [type]);
    const pushed = await station.api.push([station.entry(person), station.entry(device)]);
    expect(pushed.status).toBe(200);
    return device.kind === 'device.enroll' ? device.device.credentials[0]!.id : '';
  }

  const invite = (station: TestStation, credentialId: string) =>
    request<Body>(fx.server.url, 'POST', '/v1/invitations', { body: { credentialId, requestedBy: 'Clerk Ada' }, authorization: station.authorization });
  const redeem = (code: string, device = phone(), publicKey = walletKeys().publicKey) => request<Body>(fx.server.url, 'POST', '/v1/wallet/redeem', { body: { code, phone: device, publicKey } });
  const setStatus = (station: TestStation, credentialId: string, action: string) =>
    request<Body>(fx.server.url, 'POST', `/v1/credentials/${credentialId}/status`, { body: { action, reason: 'Phone reported lost', changedBy: 'Supervisor Sam' }, authorization: station.authorization });
  async function present(credentialId: string, privateKey: KeyObject, door = 'main-entrance', reuse?: ChallengeResponse) {
    const challenge = reuse ?? (await request<ChallengeResponse>(fx.server.url, 'POST', `/v1/doors/${door}/challenges`)).body;
    const signature = sign('sha256', Buffer.from(challengeMessage(door, challenge.challengeId, challenge.nonce)), privateKey).toString('base64');
    const answer = await request<AccessResponse>(fx.server.url, 'POST', `/v1/doors/${door}/access`, { body: { challengeId: challenge.challengeId, credentialId, signature } });
    return { ...answer.body, challenge };
  }

  it('issues a time-limited XXXX-XXXX-XXXX-XXXX invitation, and the redemption makes the credential ACTIVE with the phone’s details in the feed', async () => {
    const station = await newStation(fx.server);
    const credentialId = await credentialOf(station);
    const cursor = await feedEnd(station);
    const before = Date.now();
    const invitation = await invite(station, credentialId);
    expect(invitation.status).toBe(200);
    expect(invitation.body.code).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
    expect(Date.parse(invitation.body.expiresAt) - before).toBeGreaterThan(29 * 60_000);
    expect(Date.parse(invitation.body.expiresAt) - before).toBeLessThanOrEqual(30 * 60_000 + 5_000);
    expect(invitation.body.pickupUri).toContain(encodeURIComponent(invitation.body.code));

    // A long poll is answered as soon as the phone redeems.
    const waiting = station.api.pull({ after: (await feedEnd(station)), wait: 20 });
    const device = phone('1412104381');
    const redeemed = await redeem(invitation.body.code.toLowerCase().replaceAll('-', ' '), device);
    expect(redeemed.status).toBe(200);
    expect(redeemed.body.credential).toMatchObject({ credentialId, status: 'ACTIVE', credentialTypeName: 'Mobile PACS – Employee' });
    const woke = await waiting;
    expect(woke.body.changes.some((e) => e.change.kind === 'mobile-credential.upserted' && e.change.credential.status === 'ACTIVE')).toBe(true);
    const published = (await feedAfter(station, cursor)).flatMap((e) => (e.change.kind === 'mobile-credential.upserted' ? [e.change.credential] : []));
    expect(published.at(-1)).toMatchObject({ status: 'ACTIVE', phone: device, invitation: { state: 'redeemed' } });
  });

  it('refuses a credential type that is not mobile-capable, and a Pending credential', async () => {
    const station = await newStation(fx.server);
    const card = await invite(station, await credentialOf(station, 'piv-card-employee'));
    expect(card.status).toBe(400);
    expect(card.body.error).toMatchObject({ code: 'INVALID_CREDENTIAL_TYPE', message: expect.stringContaining('not configured for mobile credentials') });
    const pending = await invite(station, await credentialOf(station, 'mobile-pacs-contractor'));
    expect(pending.body.error?.code).toBe('CREDENTIAL_PENDING');
    expect((await invite(station, 'no-such-credential')).body.error?.code).toBe('CREDENTIAL_NOT_FOUND');
  });

  it('gives exactly one success to 100 concurrent redemptions of one code', async () => {
    const station = await newStation(fx.server);
    const { body } = await invite(station, await credentialOf(station));
    const results = await Promise.all(Array.from({ length: 100 }, () => redeem(body.code)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(new Set(results.filter((r) => r.status !== 200).map((r) => r.body.error.code))).toEqual(new Set(['INVITATION_USED']));
  });

  it('throttles 1,000 guesses from one phone with 0 successes, while the real person still redeems', async () => {
    const station = await newStation(fx.server);
    const { body } = await invite(station, await credentialOf(station));
    const guesser = phone('9999999999');
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 1_000; i += 50) {
      const batch = await Promise.all(Array.from({ length: 50 }, (_, k) => redeem(`ZZZZ-ZZZZ-ZZZZ-${String(1000 + i + k).replace(/[01]/g, 'Q').slice(-4).padStart(4, 'Z')}`, guesser)));
      for (const r of batch) outcomes.set(r.body.error?.code ?? 'OK', (outcomes.get(r.body.error?.code ?? 'OK') ?? 0) + 1);
    }
    expect(outcomes.get('OK')).toBeUndefined();
    expect(outcomes.get('THROTTLED')).toBeGreaterThan(900);
    const throttled = await redeem(body.code, guesser);
    expect(throttled.status).toBe(429); // even the right code: a throttled phone learns nothing
    expect(throttled.headers.get('retry-after')).toBe('900');
    // Malformed input never counts as a guess.
    const fresh = phone();
    for (let i = 0; i < 20; i++) expect((await redeem('not a code', fresh)).status).toBe(400);
    expect((await redeem(body.code, fresh)).status).toBe(200);
  });

  it('answers expired, used and revoked codes each with their own result', async () => {
    const station = await newStation(fx.server);
    const credentialId = await credentialOf(station);
    const first = await invite(station, credentialId);
    const second = await invite(station, credentialId);
    expect((await redeem(first.body.code)).body.error.code).toBe('INVITATION_REVOKED');
    await withServerDatabase(fx, (db) => db.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [second.body.invitationId]).then(() => undefined));
    expect((await redeem(second.body.code)).body.error.code).toBe('INVITATION_EXPIRED');
    const third = await invite(station, credentialId);
    expect((await redeem(third.body.code)).status).toBe(200);
    expect((await redeem(third.body.code)).body.error.code).toBe('INVITATION_USED');
    expect((await redeem('ADS7-H65H-YTJN-RXR6')).body.error.code).toBe('INVITATION_UNKNOWN');
  });

  it('lets doors in only with an ACTIVE credential bound to the phone’s key; suspend, revoke, replay and forgery are DENIED', async () => {
    const station = await newStation(fx.server);
    const credentialId = await credentialOf(station);
    const keys = walletKeys();
    const { body } = await invite(station, credentialId);
    expect((await redeem(body.code, phone(), keys.publicKey)).status).toBe(200);

    const granted = await present(credentialId, keys.privateKey);
    expect(granted).toMatchObject({ decision: 'GRANTED', reason: 'granted' });
    expect((await present(credentialId, keys.privateKey, 'main-entrance', granted.challenge)).reason).toBe('replayed');
    expect((await present(credentialId, walletKeys().privateKey)).reason).toBe('bad-signature');
    expect((await present(randomUUID(), keys.privateKey)).reason).toBe('unknown-credential');
    const otherDoor = (await request<ChallengeResponse>(fx.server.url, 'POST', '/v1/doors/loading-dock/challenges')).body;
    expect((await present(credentialId, keys.privateKey, 'main-entrance', otherDoor)).reason).toBe('unknown-challenge');

    expect((await setStatus(station, credentialId, 'resume')).body.error.code).toBe('TRANSITION_NOT_ALLOWED');
    expect((await setStatus(station, credentialId, 'suspend')).body.credential).toMatchObject({ status: 'SUSPENDED', statusReason: 'Phone reported lost' });
    expect(await present(credentialId, keys.privateKey)).toMatchObject({ decision: 'DENIED', reason: 'suspended' });
    expect((await setStatus(station, credentialId, 'resume')).body.credential.status).toBe('ACTIVE');
    expect((await present(credentialId, keys.privateKey)).decision).toBe('GRANTED');
    expect((await setStatus(station, credentialId, 'revoke')).body.credential.status).toBe('REVOKED');
    expect(await present(credentialId, keys.privateKey)).toMatchObject({ decision: 'DENIED', reason: 'revoked' });
    for (const action of ['suspend', 'resume', 'revoke']) expect((await setStatus(station, credentialId, action)).body.error.code).toBe('TRANSITION_NOT_ALLOWED');
    expect((await invite(station, credentialId)).body.error.code).toBe('CREDENTIAL_NOT_ISSUABLE');
  });
});
