import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { beforeEach, expect, it } from 'vitest';
import { generateInvitationCode } from '../../../src/server/mobile/invitation-code';
import {
  AccessResponse,
  ChallengeResponse,
  CredentialResponse,
  InvitationResponse,
  parsePickupUri,
  RedeemResponse,
  challengeMessage,
} from '../../../src/shared/contract/mobile-protocol';
import { PullResponse, ServerErrorBody } from '../../../src/shared/contract/server-protocol';
import type { z } from 'zod';
import type { CredentialType } from '../../../src/shared/domain/credential-types';
import { nextStatus, type CredentialStatus, type MobileCredential, type PhoneDetails } from '../../../src/shared/domain/mobile-credential';
import { request } from '../../support/central-server';
import { until } from '../../support/until';
import { createApplicant, describeEachBackend, enrollDevice, feedAfter, feedEnd, newStation, useCentralServer, withServerDatabase, type TestStation } from './fixture';

/** Phase 4 on the server: invitations, redemption by the wallet, lifecycle and door checks. */

const policy = { requiredFields: [], pinRequiredForDeviceEnrollment: true, acceptedCardTypes: ['piv' as const] };
const TYPES: z.input<typeof CredentialType>[] = [
  // invitationValidMinutes left out: the default, 30.
  { id: 'mobile-pacs-employee', name: 'Mobile PACS – Employee', policy: { ...policy, mobileCapable: true, supervisorApprovalRequired: false } },
  { id: 'mobile-pacs-contractor', name: 'Mobile PACS – Contractor', policy: { ...policy, mobileCapable: true, supervisorApprovalRequired: true, invitationValidMinutes: 30 } },
  { id: 'mobile-visitor', name: 'Mobile Visitor', policy: { ...policy, mobileCapable: true, supervisorApprovalRequired: false, invitationValidMinutes: 1 } },
  { id: 'piv-card-employee', name: 'PIV Card – Employee', policy: { ...policy, mobileCapable: false, supervisorApprovalRequired: false, invitationValidMinutes: 30 } },
];
const THROTTLE = { perDevice: 10, perSource: 100, windowMinutes: 15 };

let phones = 0;
function phone(deviceId = `14121${String(process.pid % 1000).padStart(3, '0')}${String((phones += 1)).padStart(4, '0')}`): PhoneDetails {
  return { deviceId, osVersion: 'iOS 16.7.11', secureElementType: 'EMULATED', manufacturer: 'Apple', model: 'iPhone X', applicationVersion: '4.9.1' };
}

function walletKeys(): { publicKey: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'), privateKey };
}

/** Each test redeems from its own source address (X-Forwarded-For, trusted from 127.0.0.1), so per-source counts do not add up across tests. */
let sources = 0;
const nextSource = (): string => `10.${process.pid % 200}.${Math.floor((sources += 1) / 250)}.${(sources % 250) + 1}`;

describeEachBackend('mobile credentials', (backend) => {
  const fx = useCentralServer(backend, {
    config: { credentialTypes: TYPES, redeemThrottle: THROTTLE, trustProxy: ['127.0.0.1'], organization: 'Example Agency' },
    clock: true,
  });
  let source = nextSource();
  beforeEach(async () => {
    source = nextSource();
    await fx.setClockOffset(0);
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
    request<InvitationResponse & ServerErrorBody>(fx.server.url, 'POST', '/v1/invitations', { body: { credentialId, requestedBy: 'Clerk Ada' }, authorization: station.authorization });
  const redeem = (code: string, options: { device?: PhoneDetails; publicKey?: string; from?: string } = {}) =>
    request<RedeemResponse & ServerErrorBody>(fx.server.url, 'POST', '/v1/wallet/redeem', {
      body: { code, phone: options.device ?? phone(), publicKey: options.publicKey ?? walletKeys().publicKey },
      headers: { 'x-forwarded-for': options.from ?? source },
    });
  const setStatus = (station: TestStation, credentialId: string, action: string, reason = 'Phone reported lost') =>
    request<CredentialResponse & ServerErrorBody>(fx.server.url, 'POST', `/v1/credentials/${credentialId}/status`, {
      body: { action, reason, changedBy: 'Supervisor Sam' },
      authorization: station.authorization,
    });
  const challenge = async (door = 'main-entrance') => ChallengeResponse.parse((await request(fx.server.url, 'POST', `/v1/doors/${door}/challenges`)).body);
  async function present(credentialId: string, privateKey: KeyObject, options: { door?: string; use?: ChallengeResponse; signFor?: string } = {}) {
    const door = options.door ?? 'main-entrance';
    const given = options.use ?? (await challenge(door));
    const signature = sign('sha256', Buffer.from(challengeMessage(options.signFor ?? door, given.challengeId, given.nonce)), privateKey).toString('base64');
    const answer = await request(fx.server.url, 'POST', `/v1/doors/${door}/access`, { body: { challengeId: given.challengeId, credentialId, signature } });
    expect(answer.status).toBe(200);
    return { ...AccessResponse.parse(answer.body), challenge: given };
  }
  const errorOf = (response: { body: unknown }) => ServerErrorBody.parse(response.body).error;
  /** A credential ACTIVE on a phone with these keys. */
  async function activeCredential(station: TestStation, keys = walletKeys(), device = phone()): Promise<string> {
    const credentialId = await credentialOf(station);
    const redeemed = await redeem((await invite(station, credentialId)).body.code, { device, publicKey: keys.publicKey });
    expect(redeemed.status).toBe(200);
    return credentialId;
  }
  const published = async (station: TestStation, after: number, credentialId: string): Promise<MobileCredential[]> =>
    (await feedAfter(station, after)).flatMap((e) => (e.change.kind === 'mobile-credential.upserted' && e.change.credential.credentialId === credentialId ? [e.change.credential] : []));

  it('issues a XXXX-XXXX-XXXX-XXXX invitation valid for the type’s minutes, with a pickup URI naming this server, published in the feed', async () => {
    const station = await newStation(fx.server);
    const credentialId = await credentialOf(station);
    const cursor = await feedEnd(station);
    const response = await invite(station, credentialId);
    expect(response.status).toBe(200);
    const invitation = InvitationResponse.parse(response.body);
    expect(invitation.code).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
    expect(Date.parse(invitation.expiresAt) - Date.parse(invitation.serverTime)).toBe(30 * 60_000);
    expect(Math.abs(Date.parse(invitation.serverTime) - Date.now())).toBeLessThan(5_000);
    expect(parsePickupUri(invitation.pickupUri)).toEqual({ serverUrl: fx.server.url, code: invitation.code });
    expect(invitation.credential).toMatchObject({ credentialId, status: 'ISSUED', credentialTypeId: 'mobile-pacs-employee', invitation: { id: invitation.invitationId, state: 'open', expiresAt: invitation.expiresAt } });
    expect(await published(station, cursor, credentialId)).toEqual([invitation.credential]);

    // The type's own validity: 1 minute.
    const short = InvitationResponse.parse((await invite(station, await credentialOf(station, 'mobile-visitor'))).body);
    expect(Date.parse(short.expiresAt) - Date.parse(short.serverTime)).toBe(60_000);
  });

  it('redemption binds the phone: ACTIVE with its details in the feed, and a waiting long poll answers at once', async () => {
    const station = await newStation(fx.server, 'Front desk');
    const listener = await newStation(fx.server, 'Another site');
    const credentialId = await credentialOf(station);
    const invitation = InvitationResponse.parse((await invite(station, credentialId)).body);
    const cursor = await feedEnd(listener);
    const waiting = listener.api.pull({ after: cursor, wait: 20 });
    await new Promise((r) => setTimeout(r, 300));

    const device = phone('1412104381');
    const started = Date.now();
    // Typed the way a person might: lower case, spaces for hyphens.
    const redeemed = await redeem(invitation.code.toLowerCase().replaceAll('-', ' '), { device });
    expect(redeemed.status).toBe(200);
    expect(RedeemResponse.parse(redeemed.body).credential).toEqual({
      credentialId,
      status: 'ACTIVE',
      holderName: expect.stringMatching(/^Ada Tester\d{8}$/),
      employeeNumber: expect.stringMatching(/^\d{8}$/),
      credentialTypeName: 'Mobile PACS – Employee',
      organization: 'Example Agency',
    });
    const woke = PullResponse.parse((await waiting).body);
    expect(Date.now() - started).toBeLessThan(2_000);
    const active = woke.changes.flatMap((e) => (e.change.kind === 'mobile-credential.upserted' ? [e.change.credential] : []));
    expect(active).toEqual([
      expect.objectContaining({ credentialId, status: 'ACTIVE', phone: device, activatedAt: expect.any(String), invitation: expect.objectContaining({ id: invitation.invitationId, state: 'redeemed' }) }),
    ]);
  });

  it('refuses an invitation for a type that is not mobile-capable, a Pending credential, an unknown credential, and a caller without a station credential', async () => {
    const station = await newStation(fx.server);
    const card = await invite(station, await credentialOf(station, 'piv-card-employee'));
    expect(card.status).toBe(400);
    expect(errorOf(card)).toMatchObject({
      code: 'INVALID_CREDENTIAL_TYPE',
      message: 'The selected credential type is not configured for mobile credentials. Contact your system administrator.',
    });
    const pending = await invite(station, await credentialOf(station, 'mobile-pacs-contractor'));
    expect(pending.status).toBe(409);
    expect(errorOf(pending).code).toBe('CREDENTIAL_PENDING');
    const unknown = await invite(station, randomUUID());
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown)).toMatchObject({ code: 'CREDENTIAL_NOT_FOUND', message: expect.stringMatching(/not have reached the server yet.*Sync/) });
    const anonymous = await request(fx.server.url, 'POST', '/v1/invitations', { body: { credentialId: randomUUID(), requestedBy: 'x' } });
    expect(anonymous.status).toBe(401);
  });

  it('a new invitation replaces the open one: the old code answers INVITATION_REVOKED, the new one works', async () => {
    const station = await newStation(fx.server);
    const credentialId = await credentialOf(station);
    const first = InvitationResponse.parse((await invite(station, credentialId)).body);
    const second = InvitationResponse.parse((await invite(station, credentialId)).body);
    expect(second.code).not.toBe(first.code);
    const old = await redeem(first.code);
    expect(old.status).toBe(410);
    expect(errorOf(old).code).toBe('INVITATION_REVOKED');
    expect((await redeem(second.code)).status).toBe(200);
  });

  it('gives exactly one success to 100 concurrent redemptions of one code; the others are INVITATION_USED', async () => {
    const station = await newStation(fx.server);
    const credentialId = await credentialOf(station);
    const cursor = await feedEnd(station);
    const { code } = InvitationResponse.parse((await invite(station, credentialId)).body);
    const results = await Promise.all(Array.from({ length: 100 }, () => redeem(code)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const refused = results.filter((r) => r.status !== 200);
    expect(new Set(refused.map((r) => `${r.status} ${errorOf(r).code}`))).toEqual(new Set(['409 INVITATION_USED']));
    const winner = results.find((r) => r.status === 200)!;
    expect(winner.body.credential.credentialId).toBe(credentialId);
    expect((await published(station, cursor, credentialId)).filter((c) => c.status === 'ACTIVE')).toHaveLength(1);
  });

  it('throttles 1,000 guesses from one phone (exactly 10 get an answer, 0 succeed), while the real person on another phone still redeems', async () => {
    const station = await newStation(fx.server);
    const { code } = InvitationResponse.parse((await invite(station, await credentialOf(station))).body);
    const guesser = phone();
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 1_000; i += 50) {
      const batch = await Promise.all(Array.from({ length: 50 }, () => redeem(generateInvitationCode(), { device: guesser })));
      for (const r of batch) outcomes.set(r.status === 200 ? 'OK' : errorOf(r).code, (outcomes.get(r.status === 200 ? 'OK' : errorOf(r).code) ?? 0) + 1);
    }
    // Concurrent guesses from one phone take turns on its counter: the limit is exact.
    expect(Object.fromEntries(outcomes)).toEqual({ INVITATION_UNKNOWN: THROTTLE.perDevice, THROTTLED: 1_000 - THROTTLE.perDevice });

    // Even the right code: a throttled phone is refused before the code is looked at.
    const throttled = await redeem(code, { device: guesser });
    expect(throttled.status).toBe(429);
    const error = errorOf(throttled);
    expect(error).toMatchObject({ code: 'THROTTLED', message: expect.stringContaining('this phone') });
    const retryAfter = Number(throttled.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect(error.details).toEqual({ retryAfterSeconds: retryAfter });

    // The real person, same network, another phone.
    const real = await redeem(code);
    expect(real.status).toBe(200);

    // When the window has passed, the guesser's phone gets real answers again.
    await fx.setClockOffset(retryAfter * 1000);
    expect(errorOf(await redeem(code, { device: guesser })).code).toBe('INVITATION_USED');
  });

  it('throttles a source address at its limit whatever phone ids it claims, never a phone elsewhere; malformed codes and bad keys never count', async () => {
    const station = await newStation(fx.server);
    const { code } = InvitationResponse.parse((await invite(station, await credentialOf(station))).body);

    // Malformed codes (more than the phone limit): refused as BAD_REQUEST, not counted.
    const careful = phone();
    for (const typed of ['not a code', 'ADS0-H65H-YTJN-RXR6', 'ADS7-H65H-YTJN', ...Array.from({ length: 12 }, (_, i) => 'Q'.repeat(i))]) {
      const response = await redeem(typed, { device: careful });
      expect(response.status).toBe(400);
      expect(errorOf(response)).toMatchObject({ code: 'BAD_REQUEST', details: { issues: [expect.objectContaining({ path: 'code' })] } });
    }
    // Keys that are not P-256: refused, not counted.
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    for (const publicKey of [rsa, p384, Buffer.alloc(91, 7).toString('base64')]) {
      const response = await redeem(code, { device: careful, publicKey });
      expect(response.status).toBe(400);
      expect(errorOf(response).message).toContain('P-256');
    }

    // A guesser rotating phone ids (9 guesses each, under the phone limit) from one address.
    const guesserAddress = source;
    const guesses = await Promise.all(
      Array.from({ length: THROTTLE.perSource + 20 }, (_, i) => redeem(generateInvitationCode(), { device: phone(`guesser-${i % 14}`), from: guesserAddress })),
    );
    const codes = guesses.map((r) => errorOf(r).code);
    expect(codes.filter((c) => c === 'INVITATION_UNKNOWN')).toHaveLength(THROTTLE.perSource);
    expect(codes.filter((c) => c === 'THROTTLED')).toHaveLength(20);
    const blocked = await redeem(code, { from: guesserAddress });
    expect(blocked.status).toBe(429);
    expect(errorOf(blocked).message).toContain('network address');

    // The careful phone elsewhere (another address): its malformed attempts and bad keys cost it nothing.
    expect((await redeem(code, { device: careful, from: nextSource() })).status).toBe(200);
  });

  it('answers expired, used, revoked and unknown codes and a credential that is not issuable each with their own result; a new code after expiry works', async () => {
    const station = await newStation(fx.server);

    // Expired: the 1-minute type, and the server clock 61 s on.
    const visitor = await credentialOf(station, 'mobile-visitor');
    const expiring = InvitationResponse.parse((await invite(station, visitor)).body);
    await fx.setClockOffset(61_000);
    const expired = await redeem(expiring.code);
    expect([expired.status, errorOf(expired).code]).toEqual([410, 'INVITATION_EXPIRED']);
    const renewed = InvitationResponse.parse((await invite(station, visitor)).body);
    expect((await redeem(renewed.code)).status).toBe(200);
    // Used.
    const used = await redeem(renewed.code);
    expect([used.status, errorOf(used).code]).toEqual([409, 'INVITATION_USED']);
    await fx.setClockOffset(0);

    // Revoked: the credential was revoked while its code was open.
    const revokedCredential = await credentialOf(station);
    const revokedCode = InvitationResponse.parse((await invite(station, revokedCredential)).body).code;
    const revocation = CredentialResponse.parse((await setStatus(station, revokedCredential, 'revoke', 'Left the agency')).body);
    expect(revocation.credential.invitation?.state).toBe('revoked');
    const revoked = await redeem(revokedCode);
    expect([revoked.status, errorOf(revoked).code]).toEqual([410, 'INVITATION_REVOKED']);

    // Not issuable: suspended while its code was open (the code is right: not counted as a guess).
    const suspended = await credentialOf(station);
    const suspendedCode = InvitationResponse.parse((await invite(station, suspended)).body).code;
    expect((await setStatus(station, suspended, 'suspend')).status).toBe(200);
    const notIssuable = await redeem(suspendedCode);
    expect([notIssuable.status, errorOf(notIssuable).code]).toEqual([409, 'CREDENTIAL_NOT_ISSUABLE']);
    expect(errorOf(notIssuable).message).toContain('SUSPENDED');

    // Unknown.
    const unknown = await redeem(generateInvitationCode());
    expect([unknown.status, errorOf(unknown).code]).toEqual([404, 'INVITATION_UNKNOWN']);
  });

  it('lifecycle: every transition the table allows is made (with the reason, in the feed), every other one refused naming the status; REVOKED is final', async () => {
    const station = await newStation(fx.server);
    const keys = walletKeys();
    /** A fresh mobile credential in `status`. */
    async function inStatus(status: CredentialStatus): Promise<string> {
      if (status === 'ISSUED') {
        const id = await credentialOf(station);
        await invite(station, id);
        return id;
      }
      const id = await activeCredential(station, keys);
      if (status === 'SUSPENDED') await setStatus(station, id, 'suspend');
      if (status === 'REVOKED') await setStatus(station, id, 'revoke');
      return id;
    }
    for (const status of ['ISSUED', 'ACTIVE', 'SUSPENDED', 'REVOKED'] as const) {
      for (const action of ['suspend', 'resume', 'revoke'] as const) {
        const id = await inStatus(status);
        const cursor = await feedEnd(station);
        const response = await setStatus(station, id, action, `Reason for ${action}`);
        const expected = nextStatus(status, action);
        if (expected) {
          expect(response.status, `${status} ${action}`).toBe(200);
          const { credential } = CredentialResponse.parse(response.body);
          expect(credential).toMatchObject({ status: expected, statusReason: `Reason for ${action}`, statusChangedBy: 'Supervisor Sam' });
          expect(await published(station, cursor, id)).toEqual([credential]);
        } else {
          expect(response.status, `${status} ${action}`).toBe(409);
          expect(errorOf(response)).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED', message: expect.stringContaining(status), details: { status, action } });
          expect(await published(station, cursor, id)).toEqual([]);
        }
      }
    }
    // Revoked stays revoked: no new code either.
    const revoked = await inStatus('REVOKED');
    const again = await invite(station, revoked);
    expect([again.status, errorOf(again).code]).toEqual([409, 'CREDENTIAL_NOT_ISSUABLE']);
    // A reason is required; an unknown credential is 404.
    expect(errorOf(await setStatus(station, await inStatus('ACTIVE'), 'suspend', ' ')).code).toBe('BAD_REQUEST');
    expect(errorOf(await setStatus(station, randomUUID(), 'suspend')).code).toBe('CREDENTIAL_NOT_FOUND');
  });

  it('reissues to a new phone: ISSUED until the new phone redeems, then only the new phone’s key opens doors', async () => {
    const station = await newStation(fx.server);
    const oldKeys = walletKeys();
    const oldPhone = phone();
    const credentialId = await activeCredential(station, oldKeys, oldPhone);
    expect((await present(credentialId, oldKeys.privateKey)).decision).toBe('GRANTED');

    const reissue = InvitationResponse.parse((await invite(station, credentialId)).body);
    // The old phone's binding stays until the new redemption replaces it.
    expect(reissue.credential).toMatchObject({ status: 'ISSUED', phone: oldPhone, statusChangedBy: 'Clerk Ada' });
    expect(await present(credentialId, oldKeys.privateKey)).toMatchObject({ decision: 'DENIED', reason: 'not-active' });

    const newKeys = walletKeys();
    const newPhone = { ...phone(), manufacturer: 'Google', model: 'Pixel 8', osVersion: 'Android 15' };
    expect((await redeem(reissue.code, { device: newPhone, publicKey: newKeys.publicKey })).status).toBe(200);
    expect(await present(credentialId, oldKeys.privateKey)).toMatchObject({ decision: 'DENIED', reason: 'bad-signature' });
    expect(await present(credentialId, newKeys.privateKey)).toMatchObject({ decision: 'GRANTED' });

    // A SUSPENDED credential (lost phone) can be reissued the same way.
    expect((await setStatus(station, credentialId, 'suspend')).status).toBe(200);
    const afterLoss = InvitationResponse.parse((await invite(station, credentialId)).body);
    expect(afterLoss.credential.status).toBe('ISSUED');
    expect(afterLoss.credential.statusReason).toBeUndefined();
  });

  it('doors: GRANTED only for an ACTIVE credential with a good signature; DENIED for every other case; every decision logged', async () => {
    const station = await newStation(fx.server);
    const keys = walletKeys();
    const credentialId = await activeCredential(station, keys);
    const cursor = await feedEnd(station);

    const granted = await present(credentialId, keys.privateKey);
    expect(granted).toMatchObject({ decision: 'GRANTED', reason: 'granted' });
    // The station's checklist: "User can successfully present credential for access".
    expect((await published(station, cursor, credentialId)).at(-1)).toMatchObject({ status: 'ACTIVE', lastAccessGrantedAt: granted.at });

    const denied = async (reason: string, answer: Promise<{ decision: string; reason: string }>) => expect(await answer).toMatchObject({ decision: 'DENIED', reason });
    // Replays: the granted challenge again; a challenge is spent by its first use even when that was DENIED.
    await denied('replayed', present(credentialId, keys.privateKey, { use: granted.challenge }));
    const spent = await challenge();
    await denied('bad-signature', present(credentialId, walletKeys().privateKey, { use: spent }));
    await denied('replayed', present(credentialId, keys.privateKey, { use: spent }));
    // Concurrent uses of one challenge: exactly one is judged, the rest are replays.
    const raced = await challenge();
    const race = await Promise.all(Array.from({ length: 10 }, () => present(credentialId, keys.privateKey, { use: raced })));
    expect(race.map((r) => r.reason).sort()).toEqual(['granted', ...Array(9).fill('replayed')]);

    await denied('bad-signature', present(credentialId, keys.privateKey, { signFor: 'another-door' }));
    await denied('unknown-credential', present(randomUUID(), keys.privateKey));
    const neverRedeemed = await credentialOf(station);
    await invite(station, neverRedeemed);
    await denied('unknown-credential', present(neverRedeemed, keys.privateKey));
    await denied('unknown-challenge', present(credentialId, keys.privateKey, { use: { challengeId: randomUUID(), nonce: 'x'.repeat(43), expiresAt: new Date().toISOString() } }));
    const otherDoors = await challenge('loading-dock');
    await denied('unknown-challenge', present(credentialId, keys.privateKey, { use: otherDoors }));
    // Another door's challenge is not spent by being shown at the wrong door.
    expect((await present(credentialId, keys.privateKey, { door: 'loading-dock', use: otherDoors })).decision).toBe('GRANTED');
    const stale = await challenge();
    await fx.setClockOffset(61_000);
    await denied('expired-challenge', present(credentialId, keys.privateKey, { use: stale }));
    await fx.setClockOffset(0);

    expect((await setStatus(station, credentialId, 'suspend')).status).toBe(200);
    await denied('suspended', present(credentialId, keys.privateKey));
    expect((await setStatus(station, credentialId, 'resume')).status).toBe(200);
    expect((await present(credentialId, keys.privateKey)).decision).toBe('GRANTED');
    expect((await setStatus(station, credentialId, 'revoke')).status).toBe(200);
    await denied('revoked', present(credentialId, keys.privateKey));

    // A door id is 1–64 letters, digits, dots, hyphens or underscores.
    const badDoor = await request(fx.server.url, 'POST', `/v1/doors/${'d'.repeat(65)}/challenges`);
    expect([badDoor.status, errorOf(badDoor).code]).toEqual([400, 'BAD_REQUEST']);

    // Every decision: a row in access_decisions and a log line without the signature or nonce.
    let decisions: { decision: string; reason: string; door_id: string }[] = [];
    await withServerDatabase(fx, async (db) => {
      decisions = await db.query('SELECT decision, reason, door_id FROM access_decisions WHERE credential_id = $1 ORDER BY id', [credentialId]);
    });
    expect(decisions.length).toBeGreaterThanOrEqual(20);
    // The server is another process: its last lines may still be in the pipe.
    const loggedLines = (): string[] =>
      fx.server
        .logs()
        .split('\n')
        .filter((line) => line.includes('"access decision"') && line.includes(credentialId));
    const logged = await until(() => loggedLines().length >= decisions.length && loggedLines(), `${decisions.length} access decisions in the server's log`);
    expect(logged.length).toBe(decisions.length);
    expect(logged.every((line) => !line.includes(granted.challenge.nonce) && !line.includes('"signature"'))).toBe(true);
    expect(decisions[0]).toEqual({ decision: 'GRANTED', reason: 'granted', door_id: 'main-entrance' });
    expect(new Set(decisions.map((d) => d.reason))).toEqual(
      new Set(['granted', 'replayed', 'bad-signature', 'unknown-challenge', 'expired-challenge', 'suspended', 'revoked'] satisfies AccessResponse['reason'][]),
    );
  });
});
