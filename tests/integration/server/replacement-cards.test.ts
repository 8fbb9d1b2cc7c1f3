import { expect, it } from 'vitest';
import { InvitationResponse } from '../../../src/shared/contract/mobile-protocol';
import { PushResponse, type Mutation } from '../../../src/shared/contract/server-protocol';
import type { Device } from '../../../src/shared/domain/device';
import { request } from '../../support/central-server';
import { createApplicant, describeEachBackend, enrollDevice, feedAfter, feedEnd, newStation, useCentralServer, type TestStation } from './fixture';

/**
 * Issue 14, item 4 on the server: the station's replacement rule (device.ts, replacementPlan)
 * applied to pushed devices, whichever station they come from.
 */
describeEachBackend('replacement cards', (backend) => {
  const fx = useCentralServer(backend);

  const deviceOf = (mutation: Mutation): Device => (mutation.kind === 'device.enroll' ? mutation.device : (undefined as never));
  const numberOf = (mutation: Mutation): string => (mutation.kind === 'applicant.create' ? mutation.applicant.employeeNumber : '');
  let credentialNumber = 100;
  /** A fresh FASC-N credential number per test, so tests never meet each other's cards. */
  const credential = (): string => `1234-5678-${String(process.pid % 1000).padStart(3, '0')}${String((credentialNumber += 1)).padStart(3, '0')}`;
  async function push(station: TestStation, ...mutations: Mutation[]) {
    const response = await station.api.push(mutations.map((m) => station.entry(m)));
    expect(response.status).toBe(200);
    return PushResponse.parse(response.body).results;
  }

  it('marks the person’s old card Replaced with its credentials REVOKED when another station pushes the replacement, revokes its open invitation, and publishes both', async () => {
    const first = await newStation(fx.server, 'Front Desk');
    const second = await newStation(fx.server, 'Remote Site');
    const person = createApplicant(first.stationId, { credentialTypeId: 'mobile-pacs-employee' });
    const number = credential();
    const lost = enrollDevice(first.stationId, numberOf(person), ['mobile-pacs-employee'], { serialNumber: `${number}-0-1` });
    expect((await push(first, person, lost)).map((r) => r.outcome)).toEqual(['applied', 'applied']);
    const oldCredential = deviceOf(lost).credentials[0]!.id;
    const invited = await request<InvitationResponse>(fx.server.url, 'POST', '/v1/invitations', { body: { credentialId: oldCredential, requestedBy: 'Clerk Ada' }, authorization: first.authorization });
    expect(invited.status).toBe(200);
    const cursor = await feedEnd(first);

    const replacement = enrollDevice(second.stationId, numberOf(person), ['mobile-pacs-employee'], { serialNumber: `${number}-1-0` });
    const [result] = await push(second, replacement);
    expect(result).toMatchObject({ outcome: 'applied', device: { id: deviceOf(replacement).id, status: 'Added', credentials: [{ status: 'ISSUED' }] } });

    const feed = (await feedAfter(first, cursor)).map((e) => e.change);
    const replaced = { status: 'Replaced', replacedBy: { deviceId: deviceOf(replacement).id, serialNumber: `${number}-1-0` }, credentials: [{ id: oldCredential, status: 'REVOKED', statusReason: `Replaced by card ${number}-1-0` }] };
    const devices = feed.flatMap((c) => (c.kind === 'device.upserted' ? [c.device] : []));
    expect(devices.find((d) => d.id === deviceOf(lost).id)).toMatchObject(replaced);
    expect(devices.find((d) => d.id === deviceOf(replacement).id)).toMatchObject({ status: 'Added' });
    const mobile = feed.flatMap((c) => (c.kind === 'mobile-credential.upserted' ? [c.credential] : []));
    expect(mobile).toMatchObject([{ credentialId: oldCredential, status: 'REVOKED', statusReason: `Replaced by card ${number}-1-0`, invitation: { state: 'revoked' } }]);

    // The old card's enrollment sent again (a restored station, a new mutation id) does not make it Added again.
    const [again] = await push(first, { kind: 'device.enroll', device: deviceOf(lost) });
    expect(again).toMatchObject({ outcome: 'applied', device: { id: deviceOf(lost).id, ...replaced } });
  });

  it('refuses, in words, a card of the same credential (or the same card) for another person, and a card older than the one the person has; nothing is recorded', async () => {
    const station = await newStation(fx.server);
    const owner = createApplicant(station.stationId, { credentialTypeId: 'mobile-pacs-employee' });
    const other = createApplicant(station.stationId, { credentialTypeId: 'mobile-pacs-employee' });
    const number = credential();
    const card = enrollDevice(station.stationId, numberOf(owner), ['mobile-pacs-employee'], { serialNumber: `${number}-0-2` });
    await push(station, owner, other, card);
    const cursor = await feedEnd(station);

    const results = await push(
      station,
      enrollDevice(station.stationId, numberOf(other), ['mobile-pacs-employee'], { serialNumber: `${number}-0-3` }),
      enrollDevice(station.stationId, numberOf(other), ['mobile-pacs-employee'], { serialNumber: `${number}-0-2` }),
      enrollDevice(station.stationId, numberOf(owner), ['mobile-pacs-employee'], { serialNumber: `${number}-0-1` }),
    );
    expect(results.map((r) => [r.outcome, r.refusal?.code])).toEqual([
      ['refused', 'CARD_ALREADY_ASSIGNED'],
      ['refused', 'CARD_ALREADY_ASSIGNED'],
      ['refused', 'CARD_REPLACED'],
    ]);
    expect(results[0]!.refusal!.message).toContain(`Card already assigned: card ${number}-0-3 is of the same credential as card ${number}-0-2, enrolled to Employee Number ${numberOf(owner)}`);
    expect(results[1]!.refusal!.message).toContain(`Card already assigned: the card with Serial Number ${number}-0-2 is enrolled to Employee Number ${numberOf(owner)}`);
    expect(results[2]!.refusal!.message).toContain(`was replaced by card ${number}-0-2`);
    expect(await feedAfter(station, cursor)).toEqual([]);
  });

  it('cards whose FASC-N is the placeholder (Serial Number = GUID) replace nothing: both stay Added', async () => {
    const station = await newStation(fx.server);
    const person = createApplicant(station.stationId, { credentialTypeId: 'mobile-pacs-employee' });
    const a = enrollDevice(station.stationId, numberOf(person), ['mobile-pacs-employee'], { serialNumber: crypto.randomUUID() });
    const b = enrollDevice(station.stationId, numberOf(person), ['mobile-pacs-employee'], { serialNumber: crypto.randomUUID() });
    const results = await push(station, person, a, b);
    expect(results.map((r) => [r.outcome, r.device?.status])).toEqual([
      ['applied', undefined],
      ['applied', 'Added'],
      ['applied', 'Added'],
    ]);
  });
});
