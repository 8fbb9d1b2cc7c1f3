import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_CLIENT, startOrigoSim, type OrigoSim } from '../../../src/origo-sim/origo-sim';
import type { CredentialResponse, InvitationResponse } from '../../../src/shared/contract/mobile-protocol';
import type { ServerErrorBody } from '../../../src/shared/contract/server-protocol';
import type { MobileCredential } from '../../../src/shared/domain/mobile-credential';
import { request, startCentralServer, type CentralServer } from '../../support/central-server';
import { startPostgres, type PrivatePostgres } from '../../support/postgres';
import { freePort } from '../../support/free-port';
import { ORIGO_PART_NUMBER, origoMobileConfig } from '../../support/origo';
import { until } from '../../support/until';
import { createApplicant, describeEachBackend, enrollDevice, feedAfter, newStation, type TestStation } from '../server/fixture';

/**
 * The central server with `mobile.provider: "hid-origo"` against the Origo simulator, over
 * real HTTP on 127.0.0.1: the station's API is unchanged (invitation, status), HID Origo
 * does the work, and the redemption comes back by callback or, without one, by polling.
 */

const PART = ORIGO_PART_NUMBER;
const policy = { requiredFields: [], pinRequiredForDeviceEnrollment: true, acceptedCardTypes: ['piv' as const], supervisorApprovalRequired: false };
const TYPES = [
  { id: 'mobile-pacs-employee', name: 'Mobile PACS – Employee', policy: { ...policy, mobileCapable: true } },
  { id: 'mobile-unlicensed', name: 'Mobile – no part number', policy: { ...policy, mobileCapable: true } },
  { id: 'mobile-bad-part', name: 'Mobile – unknown part number', policy: { ...policy, mobileCapable: true } },
];

describeEachBackend('HID Origo provider', (backend) => {
  let sim: OrigoSim;
  let server: CentralServer;
  let postgres: PrivatePostgres | undefined;
  let dir: string;
  let station: TestStation;
  let callbackSecret: string;

  beforeAll(async () => {
    sim = await startOrigoSim({ callbackRetryDelaysMs: [200] });
    dir = await mkdtemp(join(tmpdir(), `origo-provider-${backend}-`));
    const dataDir = join(dir, 'server');
    await mkdir(dataDir, { recursive: true });
    const port = await freePort();
    const mobile = origoMobileConfig({
      simUrl: sim.url,
      clientSecretFile: 'origo-client.secret',
      callbackPort: port,
      partNumbers: { 'mobile-pacs-employee': PART, 'mobile-bad-part': 'MID-NO-SUCH-PART' },
      pollSeconds: 1,
    });
    await writeFile(join(dataDir, 'origo-client.secret'), `${DEMO_CLIENT.clientSecret}\n`, { mode: 0o600 });
    await writeFile(join(dataDir, 'server.config.json'), JSON.stringify({ credentialTypes: TYPES, mobile }));
    let databaseUrl: string | undefined;
    if (backend === 'postgresql') {
      postgres = await startPostgres();
      databaseUrl = await postgres.createDatabase();
    }
    server = await startCentralServer({ backend, dataDir, databaseUrl, port });
    callbackSecret = (await readFile(join(dataDir, 'origo-callback.secret'), 'utf8')).trim();
    station = await newStation(server);
    // The server registers its callback with Origo in the background once it listens.
    await until(() => sim.state().callbacks.length === 1, 'the server to register its callback at HID Origo', 20_000);
  });
  afterAll(async () => {
    await server?.stop();
    await postgres?.stop();
    await sim?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function credentialOf(type = 'mobile-pacs-employee', fields = {}): Promise<{ credentialId: string; employeeNumber: string }> {
    const person = createApplicant(station.stationId, { credentialTypeId: type, firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.org', ...fields });
    const employeeNumber = person.kind === 'applicant.create' ? person.applicant.employeeNumber : '';
    const device = enrollDevice(station.stationId, employeeNumber, [type]);
    expect((await station.api.push([station.entry(person), station.entry(device)])).status).toBe(200);
    return { credentialId: device.kind === 'device.enroll' ? device.device.credentials[0]!.id : '', employeeNumber };
  }
  const invite = (credentialId: string) =>
    request<InvitationResponse & ServerErrorBody>(server.url, 'POST', '/v1/invitations', { body: { credentialId, requestedBy: 'Clerk Ada' }, authorization: station.authorization });
  const setStatus = (credentialId: string, action: string) =>
    request<CredentialResponse & ServerErrorBody>(server.url, 'POST', `/v1/credentials/${credentialId}/status`, {
      body: { action, reason: 'Phone reported lost', changedBy: 'Supervisor Sam' },
      authorization: station.authorization,
    });
  /** The credential as the stations see it: the last copy in the feed. */
  async function published(credentialId: string): Promise<MobileCredential | undefined> {
    return (await feedAfter(station, 0)).flatMap((c) => (c.change.kind === 'mobile-credential.upserted' && c.change.credential.credentialId === credentialId ? [c.change.credential] : [])).at(-1);
  }
  const callback = (body: unknown, authorization = `Bearer ${callbackSecret}`) =>
    request<{ received?: number; duplicates?: number; error?: { message: string } }>(server.url, 'POST', '/v1/providers/hid-origo/callback', {
      rawBody: JSON.stringify(body),
      headers: { 'content-type': 'application/cloudevents-batch+json', authorization },
    });

  it('issues the invitation at HID Origo (user by Employee Number, the part number) and names Origo on the pickup screen', async () => {
    const { credentialId, employeeNumber } = await credentialOf();
    const answer = await invite(credentialId);
    expect(answer.status).toBe(200);
    expect(answer.body.provider).toEqual({
      id: 'hid-origo',
      appName: 'HID Mobile Access',
      deviceType: 'HID Origo Mobile Identity',
      deviceManagementSystem: 'HID Origo Management Portal',
      certificateAuthority: 'HID Origo Mobile Identity CA',
    });
    // HID Mobile Access scans the code itself.
    expect(answer.body.pickupUri).toBe(answer.body.code);
    const user = sim.state().users.find((u) => u.externalId === employeeNumber)!;
    expect(user).toMatchObject({ externalId: employeeNumber, name: { givenName: 'Grace', familyName: 'Hopper' } });
    expect(sim.state().credentials.filter((c) => c.userId === user.id)).toEqual([expect.objectContaining({ partNumber: PART, status: 'ISSUE_INITIATED' })]);
    // A second invitation reuses the Origo user.
    expect((await invite(credentialId)).status).toBe(200);
    expect(sim.state().users.filter((u) => u.externalId === employeeNumber)).toHaveLength(1);
  });

  it('the phone redeems at HID Origo → the callback makes it ACTIVE with the phone’s details; Suspend and Resume go through Origo', async () => {
    const { credentialId } = await credentialOf();
    const answer = await invite(credentialId);
    await sim.redeem(answer.body.code, 'pixel-8');
    const active = await until(async () => ((await published(credentialId))?.status === 'ACTIVE' ? published(credentialId) : undefined), 'ACTIVE in the feed', 20_000);
    expect(active!.phone).toMatchObject({ manufacturer: 'Google', model: 'Pixel 8' });
    expect(active!.invitation?.state).toBe('redeemed');
    expect(sim.deliveries().some((d) => d.status === 200)).toBe(true);

    const suspended = await setStatus(credentialId, 'suspend');
    expect(suspended.body.credential?.status, JSON.stringify(suspended.body)).toBe('SUSPENDED');
    expect(sim.state().credentials.filter((c) => c.status === 'SUSPENDED')).toHaveLength(1);
    const resumed = await setStatus(credentialId, 'resume');
    expect(resumed.body.credential?.status, JSON.stringify(resumed.body)).toBe('ACTIVE');
    expect(resumed.body.credential.statusChangedBy).toBe('Supervisor Sam');
    expect((await setStatus(credentialId, 'revoke')).body.credential?.status).toBe('REVOKED');
    await until(() => sim.state().credentials.some((c) => c.status === 'REVOKED'), 'HID Origo to show the credential revoked');
    expect(sim.state().credentials.filter((c) => c.status === 'SUSPENDED')).toHaveLength(0);
  });

  it('two invitations asked at once: the earlier is withdrawn at Origo, and the one left open picks up', async () => {
    const { credentialId, employeeNumber } = await credentialOf();
    const [a, b] = await Promise.all([invite(credentialId), invite(credentialId)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const pending = () =>
      ((sim.state().users.find((u) => u.externalId === employeeNumber)?.['urn:hid:scim:api:ma:2.2:UserInvitation'] ?? []) as { invitationCode: string; status: string }[]).filter(
        (i) => i.status === 'PENDING',
      );
    const [open] = await until(() => (pending().length === 1 ? pending() : undefined), 'one invitation left open at HID Origo');
    expect([a.body.code, b.body.code]).toContain(open!.invitationCode);
    await sim.redeem(open!.invitationCode, 'iphone-x');
    await until(async () => (await published(credentialId))?.status === 'ACTIVE', 'ACTIVE in the feed', 20_000);
  });

  it('without callbacks, polling finds the redemption', async () => {
    sim.faults.setCallbacksEnabled(false);
    try {
      const { credentialId } = await credentialOf();
      const answer = await invite(credentialId);
      const deliveriesBefore = sim.deliveries().length;
      await sim.redeem(answer.body.code, 'iphone-x');
      const active = await until(async () => ((await published(credentialId))?.status === 'ACTIVE' ? published(credentialId) : undefined), 'polling to find the redemption', 30_000);
      expect(active!.phone).toMatchObject({ manufacturer: 'Apple', model: 'iPhone X' });
      expect(sim.deliveries().length).toBe(deliveriesBefore);
    } finally {
      sim.faults.setCallbacksEnabled(true);
    }
  });

  it('refuses a forged callback, takes a replayed event once, and refuses a stale one; a forged body never sets a status', async () => {
    const { credentialId } = await credentialOf();
    const answer = await invite(credentialId);
    const userId = sim.state().credentials.at(-1)!.userId;
    const event = (id: string, time = new Date().toISOString()) => ({
      specversion: '1.0',
      id,
      source: `/organization/${DEMO_CLIENT.organizationId}`,
      type: 'CREDENTIAL_ACTIVATED',
      subject: `users/${userId}`,
      time,
      data: { organizationId: DEMO_CLIENT.organizationId, userId, status: 'ACTIVE' },
    });
    const forged = await callback([event(randomUUID())], 'Bearer not-the-secret');
    expect(forged.status).toBe(401);
    const id = randomUUID();
    // Right secret, but Origo says the invitation is still open: nothing changes.
    expect((await callback([event(id)])).body).toMatchObject({ received: 1, duplicates: 0 });
    expect((await published(credentialId))?.status).toBe('ISSUED');
    expect((await callback([event(id)])).body).toMatchObject({ received: 1, duplicates: 1 });
    expect((await callback([event(randomUUID(), new Date(Date.now() - 60 * 60_000).toISOString())])).status).toBe(400);
    expect((await callback('not a batch')).status).toBe(400);
    expect(answer.status).toBe(200);
  });

  it('Origo’s refusal reaches the clerk in words; a type without a part number is the procedure’s message', async () => {
    const bad = await invite((await credentialOf('mobile-bad-part')).credentialId);
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ code: 'PROVIDER_REFUSED', message: expect.stringMatching(/^Failed to provision credential: .*MID-NO-SUCH-PART/) });
    const unlicensed = await invite((await credentialOf('mobile-unlicensed')).credentialId);
    expect(unlicensed.status).toBe(400);
    expect(unlicensed.body.error).toMatchObject({ code: 'INVALID_CREDENTIAL_TYPE', message: 'The selected credential type is not configured for mobile credentials. Contact your system administrator.' });
  });

  it('Origo down: PROVIDER_UNAVAILABLE in words, within the budget, and nothing recorded', async () => {
    const { credentialId } = await credentialOf();
    // Every try of the user search (the connector makes 4) answers 503.
    sim.faults.failNext({ method: 'POST', path: /\/users\/\.search$/ }, { status: 503 }, 4);
    const started = Date.now();
    const down = await invite(credentialId);
    expect(down.status).toBe(503);
    expect(down.body.error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', message: expect.stringContaining('Failed to provision credential') });
    expect(Date.now() - started).toBeLessThan(40_000);
    expect(await published(credentialId)).toBeUndefined();
  });

  it('Origo slow (1.5 s per answer): the invitation still arrives, well within what the station waits (45 s)', async () => {
    const { credentialId } = await credentialOf();
    sim.faults.setLatency(1500);
    try {
      const started = Date.now();
      const slow = await invite(credentialId);
      expect(slow.status, JSON.stringify(slow.body)).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
      expect(Date.now() - started).toBeLessThan(45_000);
    } finally {
      sim.faults.setLatency(0);
    }
  });

  it('the reference wallet cannot redeem here: the answer names HID Mobile Access', async () => {
    const refused = await request<ServerErrorBody>(server.url, 'POST', '/v1/wallet/redeem', {
      body: { code: 'ADS7-H65H-YTJN-RXR6', phone: { deviceId: '1', osVersion: 'x', secureElementType: 'x', manufacturer: 'x', model: 'x', applicationVersion: 'x' }, publicKey: 'A'.repeat(120) },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'REDEEM_ELSEWHERE', message: expect.stringContaining('HID Mobile Access') });
  });

  it('a credential type with its own part number (Station › Administration) is issued with it, before the configuration', async () => {
    const set = await request(server.url, 'PATCH', '/v1/admin/credential-types/mobile-unlicensed', {
      authorization: `Bearer admin.${server.adminKey}`,
      body: { policy: { ...TYPES[1]!.policy, mobilePartNumber: PART } },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const { credentialId, employeeNumber } = await credentialOf('mobile-unlicensed');
    expect((await invite(credentialId)).status).toBe(200);
    const user = sim.state().users.find((u) => u.externalId === employeeNumber)!;
    expect(sim.state().credentials.filter((c) => c.userId === user.id)).toEqual([expect.objectContaining({ partNumber: PART })]);
  });
});
