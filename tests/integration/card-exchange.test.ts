import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivatePcscd, type PrivatePcscd } from '../support/pcsc/private-pcscd';
import { REAL_WORLD_ATRS } from '../support/pcsc/real-world-atrs';
import { hex } from '../support/pcsc/bytes';
import { contactlessCard, misbehavingCard, pivCard, t0Transport, unknownCard } from '../support/pcsc/virtual-cards';
import { VpcdCard } from '../support/pcsc/vpcd-card';
import { StationClient } from '../support/station-client';
import { until } from '../support/until';
import { scratchDir, startWebHost, type RunningHost } from '../support/web-host';

/**
 * Issue 14, through the real stack (station process → smartcard binding → libpcsclite →
 * a private pcscd → vpcd → the virtual cards): an APDU layer that never hangs, and cards
 * recognised by their applications rather than their ATR.
 */
let pcscd: PrivatePcscd;
let dir: Awaited<ReturnType<typeof scratchDir>>;
let host: RunningHost;
let client: StationClient;
const READER = () => pcscd.readerNames[0]!;
const TIMEOUT_MS = 2_000;

type Reply = { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };
const call = (channel: string, input?: unknown) => client.call(channel, input) as Promise<Reply>;

const readerHasCard = async (present: boolean): Promise<boolean> => {
  const status = await call('readers:status');
  return status.ok && (status.value.readers as { name: string; cardPresent: boolean }[]).some((r) => r.name === READER() && r.cardPresent === present);
};

async function insert(behaviour: ConstructorParameters<typeof VpcdCard>[0], options: { vanishOnApdu?: number } = {}): Promise<VpcdCard> {
  const card = new VpcdCard(behaviour, { port: pcscd.vpcdPorts[0]!, ...options });
  await card.insert();
  await until(() => readerHasCard(true), 'the card to be seen in the reader');
  return card;
}

async function remove(card: VpcdCard): Promise<void> {
  await card.remove();
  await until(() => readerHasCard(false), 'the card to leave the reader');
}

let person = '';

beforeAll(async () => {
  pcscd = await startPrivatePcscd();
  dir = await scratchDir('card-exchange-');
  const dataDir = join(dir.path, 'data');
  await mkdir(dataDir, { recursive: true });
  await writeFile(join(dataDir, 'station.config.json'), JSON.stringify({ cards: { apduTimeoutMs: TIMEOUT_MS, maxResponseParts: 32 } }));
  host = await startWebHost({ dataDir, keyFile: join(dir.path, 'key'), env: { ...pcscd.env } });
  client = await StationClient.connect(host.origin);
  await client.hello(host.secret);
  await until(async () => {
    const s = await call('readers:status');
    return s.ok && (s.value.readers as unknown[]).length === 2;
  }, 'the readers');
  const created = await call('applicants:create', { firstName: 'Tess', lastName: 'Cardholder', credentialTypeId: 'mobile-pacs-employee', email: 'tess@example.org' });
  if (!created.ok) throw new Error(created.error.message);
  person = created.value.employeeNumber as string;
});
afterAll(async () => {
  client?.close();
  await host?.stop();
  await pcscd?.stop();
  await dir?.remove();
});

const readCard = () => call('devices:read-card', { readerName: READER(), employeeNumber: person });

async function expectNextCardReads(serial: string): Promise<void> {
  const next = await insert(pivCard({ serial }));
  expect(await readCard()).toMatchObject({ ok: true, value: { serialNumber: `9999-9999-${serial}-0-1`, cardType: 'piv' } });
  await remove(next);
}

describe('an APDU layer that never hangs', () => {
  it('a card that answers 61xx for ever: the station stops after its limit, says so, and the next card reads', async () => {
    const card = await insert(misbehavingCard(pivCard(), { kind: 'endless-more-data' }));
    const reply = await readCard();
    expect(reply).toMatchObject({ ok: false, error: { code: 'CARD_ERROR', details: { reason: 'response-chain' } } });
    expect(!reply.ok && reply.error.message).toMatch(/not answering properly: it asked for more than 32 GET RESPONSE/);
    expect(card.exchanges.length).toBeLessThanOrEqual(33);
    expect(card.exchanges.slice(1).every((e) => e.command.subarray(0, 4).equals(hex('00 C0 00 00')))).toBe(true);
    await remove(card);
    await expectNextCardReads('610001');
  });

  it('a card that answers 6Cxx for ever: the station re-sends with the Le asked for, within the limit', async () => {
    const card = await insert(misbehavingCard(pivCard(), { kind: 'endless-wrong-le' }));
    const reply = await readCard();
    expect(reply).toMatchObject({ ok: false, error: { code: 'CARD_ERROR', details: { reason: 'response-chain' } } });
    expect(card.exchanges.length).toBeLessThanOrEqual(33);
    expect(card.exchanges.slice(1).every((e) => e.command.at(-1) === 0x10)).toBe(true); // Le = 10 as the card asked
    await remove(card);
    await expectNextCardReads('600001');
  });

  it('a card that takes 12 s: the + Device read and Diagnostics say so within the timeout, and the next card reads', async () => {
    const card = await insert(misbehavingCard(pivCard(), { kind: 'slow', ms: 12_000 }));
    const started = Date.now();
    const reply = await readCard();
    const took = Date.now() - started;
    expect(reply).toMatchObject({ ok: false, error: { code: 'CARD_ERROR', details: { reason: 'timeout' } } });
    expect(!reply.ok && reply.error.message).toMatch(/is not responding: it gave no answer within 2 s/);
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
    expect(took).toBeLessThan(TIMEOUT_MS + 1_500);
    // The reader's queue has moved on: a second read is refused at once, in words.
    const again = Date.now();
    expect(await readCard()).toMatchObject({ ok: false, error: { code: 'CARD_ERROR', details: { reason: 'timeout' } } });
    expect(Date.now() - again).toBeLessThan(1_000);
    const diagnostics = await call('readers:diagnostics', { readerName: READER() });
    expect(diagnostics.ok && JSON.stringify(diagnostics.value)).toMatch(/not responding/);
    await remove(card);
    await expectNextCardReads('120001');
  });

  it('removal in the middle of a chained read (T=0 GET RESPONSE) is "Card removed", never a made-up status word', async () => {
    // SELECT → 61xx, GET RESPONSE, GET DATA CHUID → 61xx, GET RESPONSE: pulled out here.
    const card = await insert(t0Transport(pivCard({ serial: '998001' })), { vanishOnApdu: 4 });
    const reply = await readCard();
    expect(reply, JSON.stringify(reply)).toMatchObject({ ok: false, error: { code: 'CARD_REMOVED', message: expect.stringMatching(/^Card removed/) } });
    expect(card.exchanges.at(-1)?.command.subarray(0, 4).equals(hex('00 C0 00 00'))).toBe(true);
    await until(() => readerHasCard(false), 'the reader to be empty');
    await expectNextCardReads('998002');
  });

  it('a T=0 card reads: the station does the GET RESPONSEs itself', async () => {
    const card = await insert(t0Transport(pivCard({ serial: '700001' }), { atr: hex('3B 6B 00 00 80 65 B0 83 01 04 74 83 00 90 00') }));
    expect(await readCard()).toMatchObject({ ok: true, value: { serialNumber: '9999-9999-700001-0-1', cardType: 'piv', pinTriesLeft: 3 } });
    expect(card.commands().filter((c) => c[1] === 0xc0).length).toBe(2); // SELECT and GET DATA answered through 61xx
    await remove(card);
  });
});

describe('recognition by application: real-world ATRs', () => {
  it(`reads each of the ${REAL_WORLD_ATRS.length} ATRs as its application says`, { timeout: 180_000 }, async () => {
    expect(REAL_WORLD_ATRS.length).toBeGreaterThanOrEqual(30);
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const [i, entry] of REAL_WORLD_ATRS.entries()) {
      const atr = hex(entry.atr);
      const behaviour =
        entry.behind === 'piv'
          ? pivCard({ serial: String(800000 + i), atr })
          : entry.behind === 'contactless'
            ? contactlessCard({ uid: Buffer.from([0x04, 0xa0, 0x00, i]), atr })
            : unknownCard({ atr });
      const card = await insert(behaviour);
      const reply = await readCard();
      outcomes.push(`${entry.atr} (${entry.make}): ${reply.ok ? `${String(reply.value.cardType)} ${String(reply.value.serialNumber)}` : reply.error.code}`);
      const serial = entry.expect === 'piv' ? `piv 9999-9999-${800000 + i}-0-1` : entry.expect === 'contactless-uid' ? `contactless-uid 04A000${i.toString(16).toUpperCase().padStart(2, '0')}` : 'UNSUPPORTED_CARD';
      expected.push(`${entry.atr} (${entry.make}): ${serial}`);
      if (entry.expect !== 'unsupported' && reply.ok) expect(reply.value.atr).toBe(entry.atr);
      await remove(card);
    }
    expect(outcomes).toEqual(expected);
  });
});

describe('the identity of a card', () => {
  it('a replacement card (same FASC-N credential number, new issue, new GUID) is enrolled as a new card and marks the lost one Replaced; refused for another person and the lost card is not enrolled again', async () => {
    const created = await call('applicants:create', { firstName: 'Rory', lastName: 'Replaced', credentialTypeId: 'mobile-pacs-employee', email: 'rory@example.org' });
    if (!created.ok) throw new Error(created.error.message);
    const rory = created.value.employeeNumber as string;
    const other = await call('applicants:create', { firstName: 'Olga', lastName: 'Other', credentialTypeId: 'mobile-pacs-employee', email: 'olga@example.org' });
    if (!other.ok) throw new Error(other.error.message);
    const olga = other.value.employeeNumber as string;
    const fascn = { agencyCode: '1234', systemCode: '5678' };
    const lostCard = () => pivCard({ serial: '000007', fascn: { ...fascn, individualCredentialIssue: '1' } });
    const lost = await insert(lostCard());
    const first = await call('devices:enroll', { employeeNumber: rory, readerName: READER(), pin: '123456' });
    expect(first).toMatchObject({ ok: true, value: { serialNumber: '1234-5678-000007-0-1', status: 'Added', credentials: [{ status: 'ISSUED' }] } });
    await remove(lost);

    // Two virtual PIV cards that differ only in the FASC-N's issue (and their GUIDs).
    const replacement = await insert(pivCard({ serial: '000007', fascn: { ...fascn, individualCredentialIssue: '2' }, guid: Buffer.alloc(16, 0x22) }));
    // For another person it is the card of a credential Rory holds: refused in words, nothing saved.
    expect(await call('devices:read-card', { readerName: READER(), employeeNumber: olga })).toMatchObject({ ok: true, value: { status: 'assigned-elsewhere', assignedTo: { employeeNumber: rory, name: 'Rory Replaced' } } });
    expect(await call('devices:enroll', { employeeNumber: olga, readerName: READER(), pin: '123456' })).toMatchObject({
      ok: false,
      error: { code: 'CARD_ALREADY_ASSIGNED', message: expect.stringContaining('already enrolled to Rory Replaced'), details: { employeeNumber: rory } },
    });
    expect(await call('devices:report', { employeeNumber: olga })).toMatchObject({ ok: true, value: [] });

    // vpcd answers the PC/SC part 10 feature request with an error: no PIN pad, so the PIN comes from the keyboard.
    expect(await call('devices:read-card', { readerName: READER(), employeeNumber: rory })).toMatchObject({ ok: true, value: { serialNumber: '1234-5678-000007-0-2', status: 'ready', replaces: ['1234-5678-000007-0-1'], pinPad: false } });
    expect(await call('devices:enroll', { employeeNumber: rory, readerName: READER() })).toMatchObject({ ok: false, error: { code: 'PIN_REQUIRED' } });
    const second = await call('devices:enroll', { employeeNumber: rory, readerName: READER(), pin: '123456' });
    expect(second).toMatchObject({ ok: true, value: { serialNumber: '1234-5678-000007-0-2', status: 'Added', credentials: [{ status: 'ISSUED' }] } });
    expect(second.ok && second.value.id).not.toBe(first.ok && first.value.id);
    // Refresh Report Data: the new card Added, the lost one Replaced with its credential REVOKED and why.
    const report = await call('devices:report', { employeeNumber: rory });
    const devices = (report.ok ? report.value : []) as unknown as { serialNumber: string; status: string; replacedBy?: { serialNumber: string }; credentials: { status: string; statusReason?: string }[] }[];
    expect(devices.find((d) => d.serialNumber === '1234-5678-000007-0-2')).toMatchObject({ status: 'Added', credentials: [{ status: 'ISSUED' }] });
    expect(devices.find((d) => d.serialNumber === '1234-5678-000007-0-1')).toMatchObject({
      status: 'Replaced',
      replacedBy: { serialNumber: '1234-5678-000007-0-2' },
      credentials: [{ status: 'REVOKED', statusReason: 'Replaced by card 1234-5678-000007-0-2' }],
    });
    // The audit trail and the person's History say so.
    const history = await call('audit:list', { employeeNumber: rory });
    const entries = (history.ok ? history.value.entries : []) as { action: string; summary: string }[];
    expect(entries.filter((e) => e.action === 'device.replaced').map((e) => e.summary)).toEqual([expect.stringContaining('1234-5678-000007-0-1 Replaced by card 1234-5678-000007-0-2')]);
    await remove(replacement);

    // The lost card turns up again: it is not enrolled a second time, nor made new again.
    const found = await insert(lostCard());
    expect(await call('devices:enroll', { employeeNumber: rory, readerName: READER(), pin: '123456' })).toMatchObject({ ok: true, value: { serialNumber: '1234-5678-000007-0-1', status: 'Replaced' } });
    await remove(found);
    // An older issue than the newest enrolled, never enrolled before: refused as replaced.
    const older = await insert(pivCard({ serial: '000007', fascn: { ...fascn, individualCredentialIssue: '0' }, guid: Buffer.alloc(16, 0x20) }));
    expect(await call('devices:enroll', { employeeNumber: rory, readerName: READER(), pin: '123456' })).toMatchObject({ ok: false, error: { code: 'CARD_REPLACED', details: { replacedBy: '1234-5678-000007-0-2' } } });
    await remove(older);
  }, 60_000);
});
