import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOrigoSim, type OrigoSim } from '../../../src/origo-sim/origo-sim';
import { createOrigoClient, type OrigoClient } from '../../../src/server/mobile/origo/origo-client';
import { OrigoError, type OrigoConfig } from '../../../src/server/mobile/origo/origo-http';
import { mapOrigoCredentialStatus, phoneFromContainer } from '../../../src/server/mobile/origo/origo-status';

/**
 * The connector against the Origo simulator over real HTTP on 127.0.0.1: the whole pickup,
 * and each fault the transport must ride out (expired token, 429, 5xx, lost answers), so the
 * contract in docs/hid-origo-wire.md is checked from both ends.
 */

const PART = 'MID-SUB-CRD_FTPN_6445';
const INVITATION = 'urn:hid:scim:api:ma:2.2:UserInvitation';

function configFor(sim: OrigoSim, overrides: Partial<OrigoConfig> = {}): OrigoConfig {
  return {
    authUrl: sim.url,
    apiUrl: sim.url,
    eventsUrl: sim.url,
    organizationId: '1234',
    clientId: '1234-enrollment',
    clientSecret: 'sim-secret-do-not-use',
    applicationId: 'ENROLLMENT-STATION',
    applicationVersion: '0.1.0',
    // Small budgets: a test that fails, fails in seconds.
    requestTimeoutMs: 2_000,
    maxAttempts: 4,
    maxWaitMs: 5_000,
    ...overrides,
  };
}

let sim: OrigoSim;
let client: OrigoClient;
let people = 0;
const retries: object[] = [];
const logger = { info: (obj: object) => void retries.push(obj), warn: () => undefined };

/** A new Employee Number per test, so tests do not see each other's users. */
const person = () => {
  people += 1;
  return { externalId: String(people).padStart(8, '0'), givenName: 'Ada', familyName: `Lovelace ${people}`, email: `ada${people}@example.org` };
};

const usersWith = (externalId: string) => sim.state().users.filter((u) => u.externalId === externalId);
const invitationsOf = (userId: number) => (sim.state().users.find((u) => u.id === userId)?.[INVITATION] ?? []) as Array<{ id: number; invitationCode: string; status: string }>;

beforeAll(async () => {
  sim = await startOrigoSim();
  client = createOrigoClient(configFor(sim), logger);
});
afterAll(async () => {
  await sim?.close();
});
afterEach(() => {
  retries.length = 0;
});

describe('the whole pickup', () => {
  it('ensureUser → invite → redeem → ACTIVE with the phone → suspend → resume → revoke', async () => {
    const ada = person();
    const { userId, created } = await client.ensureUser(ada);
    expect(created).toBe(true);
    expect(await client.ensureUser(ada)).toEqual({ userId, created: false });
    expect(usersWith(ada.externalId)).toHaveLength(1);

    const invitation = await client.invite(userId, PART);
    expect(invitation.invitationCode).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
    expect(invitation.credentialStatus).toBe('ISSUE_INITIATED');
    expect(mapOrigoCredentialStatus(invitation.credentialStatus)).toBe('ISSUED');
    expect(Date.parse(invitation.expiresAt)).toBeGreaterThan(Date.parse(invitation.createdAt));
    const credentialId = invitation.credentialId!;
    expect(credentialId).toEqual(expect.any(Number));

    const before = await client.getUser(userId);
    expect(before.invitations).toMatchObject([{ id: invitation.invitationId, status: 'PENDING' }]);
    expect(before.containers).toEqual([]);

    await sim.redeem(invitation.invitationCode, 'pixel-8');
    const after = await client.getUser(userId);
    expect(after).toMatchObject({ id: userId, externalId: ada.externalId, givenName: 'Ada', familyName: ada.familyName });
    expect(after.invitations).toMatchObject([{ id: invitation.invitationId, status: 'ACKNOWLEDGED' }]);
    const [container] = after.containers;
    expect(container!.credentials).toMatchObject([{ id: credentialId, status: 'ACTIVE', partNumber: PART }]);
    expect(phoneFromContainer(container!)).toEqual({
      deviceId: String(container!.id),
      osVersion: 'Android 15',
      secureElementType: 'HCE',
      manufacturer: 'Google',
      model: 'Pixel 8',
      applicationVersion: '4.9.1',
    });

    expect(await client.suspendCredential(credentialId)).toMatchObject({ id: credentialId, status: 'SUSPENDED' });
    expect(await client.resumeCredential(credentialId)).toMatchObject({ id: credentialId, status: 'ACTIVE' });
    await client.revokeCredential(credentialId);
    const revoked = (await client.getUser(userId)).containers[0]!.credentials[0]!;
    expect(mapOrigoCredentialStatus(revoked.status)).toBe('REVOKED');

    // Reconciliation reads what happened in between.
    const events = await client.listEvents(new Date(Date.now() - 60_000), new Date(Date.now() + 1_000));
    expect(events.filter((e) => e.userId === userId).map((e) => e.type)).toEqual([
      'INVITATION_ACKNOWLEDGED',
      'CREDENTIAL_ACTIVATED',
      'CREDENTIAL_SUSPENDED',
      'CREDENTIAL_RESUMED',
      'CREDENTIAL_REVOKED',
    ]);
  });

  it('an open invitation can be cancelled', async () => {
    const { userId } = await client.ensureUser(person());
    const invitation = await client.invite(userId, PART);
    await client.cancelInvitation(invitation.invitationId);
    expect(invitationsOf(userId)).toMatchObject([{ id: invitation.invitationId, status: 'CANCELLED' }]);
  });

  it('part numbers, to check the configuration at start', async () => {
    expect(await client.partNumbers()).toEqual([
      expect.objectContaining({ partNumber: 'MID-SUB-CRD_FTPN_6445', friendlyName: 'MOB0022' }),
      expect.objectContaining({ partNumber: 'MID-SUB-CRD_FTPN_7001', friendlyName: 'MOB0101' }),
    ]);
  });
});

describe('faults', () => {
  it('a token that expires in the middle: the next call still succeeds, with exactly one more token', async () => {
    const { userId } = await client.ensureUser(person());
    const issued = sim.tokensIssued();
    sim.faults.expireTokens();
    const user = await client.getUser(userId);
    expect(user.id).toBe(userId);
    expect(sim.tokensIssued()).toBe(issued + 1);
  });

  it('concurrent calls after an expiry still share one new token', async () => {
    const { userId } = await client.ensureUser(person());
    const issued = sim.tokensIssued();
    sim.faults.expireTokens();
    await Promise.all(Array.from({ length: 5 }, () => client.getUser(userId)));
    expect(sim.tokensIssued()).toBe(issued + 1);
  });

  it('a burst of 429s with Retry-After 1: waits, then succeeds within the budget', async () => {
    const { userId } = await client.ensureUser(person());
    sim.faults.failNext({ method: 'GET', path: `/credential-management/customer/1234/users/${userId}` }, { status: 429, retryAfterSeconds: 1, detail: 'Too many requests.' }, 2);
    const started = performance.now();
    expect((await client.getUser(userId)).id).toBe(userId);
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(1_900);
    expect(took).toBeLessThan(5_000);
    expect(retries).toHaveLength(2);
    expect(retries[0]).toMatchObject({ origo: { method: 'GET', path: `/users/${userId}`, status: 429, attempt: 1 } });
    expect(JSON.stringify(retries)).not.toMatch(/Bearer|sim-secret/);
  });

  it('503 twice: retried, then succeeds', async () => {
    const { userId } = await client.ensureUser(person());
    sim.faults.failNext({ method: 'POST', path: /\/invitation$/ }, { status: 503 }, 2);
    const invitation = await client.invite(userId, PART);
    expect(invitationsOf(userId)).toMatchObject([{ id: invitation.invitationId, invitationCode: invitation.invitationCode }]);
  });

  it('Origo down (failRate 1): OrigoError unavailable within the budget, in a clerk’s words', async () => {
    const down = await startOrigoSim({ failRate: 1 });
    try {
      const downClient = createOrigoClient(configFor(down, { maxWaitMs: 2_000 }));
      const started = performance.now();
      const error = (await downClient.ensureUser(person()).catch((e: unknown) => e)) as OrigoError;
      expect(performance.now() - started).toBeLessThan(3_000);
      expect(error).toBeInstanceOf(OrigoError);
      expect(error.kind).toBe('unavailable');
      expect(error.message).toMatch(/^Failed to provision credential: HID Origo did not answer \(status 503; 4 tries\)\. Try again in a minute; if it keeps failing, tell your administrator\.$/);
    } finally {
      await down.close();
    }
  });

  it('the answer lost after Origo created the user: one user, and it is found', async () => {
    const ada = person();
    sim.faults.dropAnswerNext({ method: 'POST', path: '/credential-management/customer/1234/users' });
    const mark = sim.requests().length;
    const first = await client.ensureUser(ada);
    expect(usersWith(ada.externalId)).toHaveLength(1);
    // Found by searching again, not by a second POST.
    expect(sim.requests().slice(mark).filter((r) => r.method === 'POST' && r.path === '/credential-management/customer/1234/users')).toHaveLength(1);
    expect(first.userId).toBe(usersWith(ada.externalId)[0]!.id);
    expect(await client.ensureUser(ada)).toEqual({ userId: first.userId, created: false });
    expect(usersWith(ada.externalId)).toHaveLength(1);
  });

  it('a user created by someone else in between (409 uniqueness): that one is used', async () => {
    const ada = person();
    const other = createOrigoClient(configFor(sim));
    // Both search (none yet), both create: one of them is told 409 and searches again.
    const mark = sim.requests().length;
    const [a, b] = await Promise.all([client.ensureUser(ada), other.ensureUser(ada)]);
    expect(a.userId).toBe(b.userId);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(sim.requests().slice(mark).filter((r) => r.status === 409)).toHaveLength(1);
    expect(usersWith(ada.externalId)).toHaveLength(1);
  });

  it('the answer lost after Origo created the invitation: one invitation, and its code is the one returned', async () => {
    const { userId } = await client.ensureUser(person());
    sim.faults.dropAnswerNext({ method: 'POST', path: `/credential-management/customer/1234/users/${userId}/invitation` });
    const invitation = await client.invite(userId, PART);
    const made = invitationsOf(userId);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ id: invitation.invitationId, invitationCode: invitation.invitationCode, status: 'PENDING' });
    const posts = sim.requests().filter((r) => r.method === 'POST' && r.path.endsWith(`/users/${userId}/invitation`));
    expect(posts).toHaveLength(1);
  });

  it('suspend, resume and revoke whose answers are lost: done once, and success', async () => {
    const { userId } = await client.ensureUser(person());
    const { invitationCode, credentialId } = await client.invite(userId, PART);
    await sim.redeem(invitationCode, 'iphone-x');
    const credential = `/credential-management/customer/1234/credential/${credentialId!}`;
    sim.faults.dropAnswerNext({ method: 'POST', path: `${credential}/suspend` });
    expect(await client.suspendCredential(credentialId!)).toMatchObject({ status: 'SUSPENDED' });
    sim.faults.dropAnswerNext({ method: 'POST', path: `${credential}/resume` });
    expect(await client.resumeCredential(credentialId!)).toMatchObject({ status: 'ACTIVE' });
    sim.faults.dropAnswerNext({ method: 'DELETE', path: credential });
    await client.revokeCredential(credentialId!);
    expect((await client.getCredential(credentialId!)).status).toBe('REVOKED');
    // A real refusal still stands: a revoked credential cannot be resumed.
    await expect(client.resumeCredential(credentialId!)).rejects.toMatchObject({ kind: 'refused', status: 409, scimType: 'mutability' });
  });

  it('a refused invitation (unknown part number): OrigoError refused with Origo’s words', async () => {
    const { userId } = await client.ensureUser(person());
    const error = (await client.invite(userId, 'MID-SUB-CRD_NOPE').catch((e: unknown) => e)) as OrigoError;
    expect(error).toBeInstanceOf(OrigoError);
    expect(error).toMatchObject({ kind: 'refused', status: 400, scimType: 'invalidValue' });
    expect(error.detail).toContain('MID-SUB-CRD_NOPE');
    expect(error.message).toBe(`Failed to provision credential: HID Origo refused: ${error.detail}`);
    expect(invitationsOf(userId)).toHaveLength(0);
  });

  it('a wrong client secret: unauthorized, and the secret is in no message', async () => {
    const wrong = createOrigoClient(configFor(sim, { clientSecret: 'not-the-secret-123' }));
    const error = (await wrong.getUser(1).catch((e: unknown) => e)) as OrigoError;
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(`${error.message} ${error.detail}`).not.toContain('not-the-secret-123');
  });
});

describe('callbacks', () => {
  it('registerCallback twice → one callback', async () => {
    const callback = { url: 'https://enroll.example.org/v1/origo/callback', httpHeader: 'Authorization', secret: 'cb-secret-0123456789', eventTypes: ['CREDENTIAL_ACTIVATED', 'CREDENTIAL_REVOKED'] };
    const first = await client.registerCallback(callback);
    const second = await client.registerCallback(callback);
    const callbacks = sim.state().callbacks.filter((c) => c.url === callback.url);
    expect(callbacks).toHaveLength(1);
    expect(callbacks[0]).toMatchObject({ id: second.callbackId, httpHeader: 'Authorization', filterSet: ['CREDENTIAL_ACTIVATED', 'CREDENTIAL_REVOKED'] });
    expect(first.callbackId).toEqual(expect.any(String));
    expect(JSON.stringify(sim.state().callbacks)).not.toContain(callback.secret);
  });
});
