import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivatePcscd, type PrivatePcscd } from '../support/pcsc/private-pcscd';
import { contactlessCard, pivCard, unknownCard } from '../support/pcsc/virtual-cards';
import { VpcdCard } from '../support/pcsc/vpcd-card';
import { StationClient } from '../support/station-client';
import { until } from '../support/until';
import { scratchDir, startWebHost, type RunningHost } from '../support/web-host';

/**
 * + Device over the real stack: the station (web host process) → smartcard binding →
 * libpcsclite → a private pcscd → vpcd → the project's virtual cards. Nothing mocked.
 */
let pcscd: PrivatePcscd;
let dir: Awaited<ReturnType<typeof scratchDir>>;
let host: RunningHost;
let client: StationClient;
const READER = () => pcscd.readerNames[0];

type Reply = { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };
const call = (channel: string, input?: unknown) => client.call(channel, input) as Promise<Reply>;

async function applicant(firstName: string, credentialTypeId: string): Promise<string> {
  const reply = await call('applicants:create', { firstName, lastName: 'Cardholder', credentialTypeId, email: `${firstName.toLowerCase()}@example.org` });
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value.employeeNumber as string;
}

async function insert(behaviour: ConstructorParameters<typeof VpcdCard>[0], options: { vanishOnApdu?: number } = {}): Promise<VpcdCard> {
  const card = new VpcdCard(behaviour, { port: pcscd.vpcdPorts[0], ...options });
  await card.insert();
  await until(async () => {
    const status = await call('readers:status');
    return status.ok && (status.value.readers as { name: string; cardPresent: boolean }[]).some((r) => r.name === READER() && r.cardPresent);
  }, 'the card to be seen in the reader');
  return card;
}

async function remove(card: VpcdCard): Promise<void> {
  await card.remove();
  await until(async () => {
    const status = await call('readers:status');
    return status.ok && (status.value.readers as { name: string; cardPresent: boolean }[]).some((r) => r.name === READER() && !r.cardPresent);
  }, 'the card to leave the reader');
}

beforeAll(async () => {
  pcscd = await startPrivatePcscd();
  dir = await scratchDir('readers-');
  host = await startWebHost({ dataDir: join(dir.path, 'data'), keyFile: join(dir.path, 'key'), env: { ...pcscd.env } });
  client = await StationClient.connect(host.origin);
  await client.hello(host.secret);
});
afterAll(async () => {
  client?.close();
  await host?.stop();
  await pcscd?.stop();
  await dir?.remove();
});

describe('card readers', () => {
  it('lists the readers PC/SC offers', async () => {
    const status = await until(async () => {
      const reply = await call('readers:status');
      return reply.ok && (reply.value.readers as unknown[]).length === 2 ? reply.value : undefined;
    }, 'two readers');
    expect(status).toEqual({
      pcsc: 'running',
      readers: [
        { name: 'Virtual PCD 00 00', cardPresent: false },
        { name: 'Virtual PCD 00 01', cardPresent: false },
      ],
    });
  });

  it('reads a PIV card: serial number from the CHUID FASC-N, ATR, policy, PIN tries, and tells the screen it arrived', async () => {
    const person = await applicant('Ada', 'mobile-pacs-employee');
    const before = client.events.length;
    const card = await insert(pivCard({ serial: '104242' }));
    expect(client.events.slice(before).some((e) => e.event === 'readers:changed')).toBe(true);
    const details = await call('devices:read-card', { readerName: READER(), employeeNumber: person });
    expect(details).toMatchObject({
      ok: true,
      value: {
        serialNumber: '9999-9999-104242-0-1',
        atr: '3B DB 96 00 81 B1 FE 45 1F 83 80 F9 A0 00 00 03 08 00 00 10 00 98',
        cardType: 'piv',
        status: 'ready',
        policy: { credentialTypeName: 'Mobile PACS – Employee', accepted: true, pinRequired: true },
        pinTriesLeft: 3,
      },
    });
    await remove(card);
  });

  it('enrolls with the right PIN: Added, ISSUED; the same card again for the same person changes nothing', async () => {
    const person = await applicant('Bea', 'mobile-pacs-employee');
    const card = await insert(pivCard({ serial: '200001' }));
    expect(await call('devices:enroll', { employeeNumber: person, readerName: READER() })).toMatchObject({ ok: false, error: { code: 'PIN_REQUIRED' } });
    const enrolled = await call('devices:enroll', { employeeNumber: person, readerName: READER(), pin: '123456' });
    expect(enrolled).toMatchObject({ ok: true, value: { serialNumber: '9999-9999-200001-0-1', status: 'Added', credentials: [{ status: 'ISSUED', credentialTypeId: 'mobile-pacs-employee' }] } });
    const again = await call('devices:enroll', { employeeNumber: person, readerName: READER(), pin: '123456' });
    expect(again.ok && again.value.id).toBe(enrolled.ok && enrolled.value.id);
    const report = await call('devices:report', { employeeNumber: person });
    expect(report).toMatchObject({ ok: true, value: [{ serialNumber: '9999-9999-200001-0-1', status: 'Added' }] });
    expect(report.ok && (report.value as unknown as unknown[]).length).toBe(1);

    const other = await applicant('Cy', 'piv-card-employee');
    expect(await call('devices:enroll', { employeeNumber: other, readerName: READER(), pin: '123456' })).toMatchObject({
      ok: false,
      error: { code: 'CARD_ALREADY_ASSIGNED', details: { employeeNumber: person, name: 'Bea Cardholder' } },
    });
    await remove(card);
  });

  it('a wrong PIN says how many tries are left, and the third blocks the card', async () => {
    const person = await applicant('Dee', 'piv-card-employee');
    const card = await insert(pivCard({ serial: '300001' }));
    const tries: unknown[] = [];
    for (const pin of ['111111', '222222', '333333']) tries.push(await call('devices:enroll', { employeeNumber: person, readerName: READER(), pin }));
    expect(tries).toMatchObject([
      { ok: false, error: { code: 'PIN_INCORRECT', details: { triesLeft: 2 } } },
      { ok: false, error: { code: 'PIN_INCORRECT', details: { triesLeft: 1 } } },
      { ok: false, error: { code: 'PIN_BLOCKED' } },
    ]);
    expect(await call('devices:enroll', { employeeNumber: person, readerName: READER(), pin: '123456' })).toMatchObject({ ok: false, error: { code: 'PIN_BLOCKED' } });
    expect(await call('devices:report', { employeeNumber: person })).toEqual({ ok: true, value: [] });
    await remove(card);
  });

  it('refuses a card of the wrong family for the policy, and enrolls a contactless card for a visitor type without a PIN', async () => {
    const card = await insert(contactlessCard({ uid: '04A23B7A' }));
    const employee = await applicant('Eve', 'piv-card-employee');
    expect(await call('devices:enroll', { employeeNumber: employee, readerName: READER() })).toMatchObject({ ok: false, error: { code: 'WRONG_CARD_TYPE' } });
    const visitor = await applicant('Flo', 'prox-card-visitor');
    expect(await call('devices:enroll', { employeeNumber: visitor, readerName: READER() })).toMatchObject({ ok: true, value: { serialNumber: '04A23B7A', cardType: 'contactless-uid' } });
    await remove(card);
  });

  it('says an unknown card is not supported', async () => {
    const person = await applicant('Gus', 'piv-card-employee');
    const card = await insert(unknownCard());
    expect(await call('devices:read-card', { readerName: READER(), employeeNumber: person })).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_CARD' } });
    await remove(card);
  });

  it('a card pulled out mid-read is a clean "removed" error, and the next card reads fine', async () => {
    const person = await applicant('Hal', 'piv-card-employee');
    const card = await insert(pivCard({ serial: '400001' }), { vanishOnApdu: 2 });
    const pulled = await call('devices:read-card', { readerName: READER(), employeeNumber: person });
    expect(pulled, JSON.stringify(pulled)).toMatchObject({ ok: false, error: { code: 'CARD_REMOVED' } });
    await until(async () => {
      const s = await call('readers:status');
      return s.ok && (s.value.readers as { name: string; cardPresent: boolean }[]).every((r) => !r.cardPresent);
    }, 'the reader to be empty');
    expect(card.inserted).toBe(false); // the card itself hung up mid-read
    const next = await insert(pivCard({ serial: '400002' }));
    expect(await call('devices:read-card', { readerName: READER(), employeeNumber: person })).toMatchObject({ ok: true, value: { serialNumber: '9999-9999-400002-0-1' } });
    await remove(next);
  });

  it('shows the ATR breakdown and the APDU log with the PIN masked', async () => {
    const person = await applicant('Ivy', 'piv-card-employee');
    const card = await insert(pivCard({ serial: '500001' }));
    await call('devices:enroll', { employeeNumber: person, readerName: READER(), pin: '123456' });
    const diagnostics = await call('readers:diagnostics', { readerName: READER() });
    expect(diagnostics).toMatchObject({ ok: true, value: { cardPresent: true, atr: expect.stringMatching(/^3B DB/) } });
    const value = diagnostics.ok ? (diagnostics.value as { atrExplained: string[]; apduLog: { command: string }[] }) : { atrExplained: [], apduLog: [] };
    expect(value.atrExplained.length).toBeGreaterThan(3);
    const verify = value.apduLog.filter((e) => e.command.startsWith('00 20 00 80 08'));
    expect(verify.length).toBeGreaterThan(0);
    expect(JSON.stringify(value.apduLog)).not.toContain('31 32 33 34 35 36');
    await remove(card);
  });

  it('says which card each APDU log entry came from: two cards in a row, and the first one put back', async () => {
    const person = await applicant('Kit', 'piv-card-employee');
    const first = pivCard({ serial: '500101' });
    const read = async (): Promise<void> => {
      expect(await call('devices:read-card', { readerName: READER(), employeeNumber: person })).toMatchObject({ ok: true });
    };
    const log = async (): Promise<{ card: { number: number; atr: string }; command: string }[]> => {
      const diagnostics = await call('readers:diagnostics', { readerName: READER() });
      expect(diagnostics.ok).toBe(true);
      return diagnostics.ok ? (diagnostics.value as { apduLog: { card: { number: number; atr: string }; command: string }[] }).apduLog : [];
    };
    const before = (await log()).length;
    let card = await insert(first);
    await read();
    await remove(card);
    card = await insert(contactlessCard({ uid: '04A23B7A' }));
    await read();
    await remove(card);
    card = await insert(first); // the same card again: a new insertion, a new number
    await read();
    const entries = (await log()).slice(before);
    const numbers = [...new Set(entries.map((e) => e.card.number))];
    expect(numbers).toHaveLength(3);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    const byNumber = (n: number) => entries.filter((e) => e.card.number === n);
    expect(byNumber(numbers[0]!)[0]!.card.atr).toMatch(/^3B DB 96/);
    expect(byNumber(numbers[0]!).some((e) => e.command.startsWith('00 A4 04 00'))).toBe(true);
    expect(byNumber(numbers[1]!)[0]!.card.atr).toMatch(/^3B 8F 80 01/);
    expect(byNumber(numbers[1]!).some((e) => e.command === 'FF CA 00 00 00')).toBe(true);
    expect(byNumber(numbers[2]!)[0]!.card.atr).toMatch(/^3B DB 96/);
    await remove(card);
  });

  it('survives 100 insert/remove cycles without leaking file descriptors', async () => {
    const fds = () => readdirSync(`/proc/${host.pid}/fd`).length;
    await remove(await insert(contactlessCard({ uid: '04000001' })));
    const start = fds();
    for (let i = 0; i < 100; i++) {
      const c = await insert(contactlessCard({ uid: '04000001' }));
      await remove(c);
    }
    expect(fds() - start).toBeLessThan(5);
  }, 180_000);

  it('reports "PC/SC service not running" when pcscd stops, and recovers when it returns', async () => {
    await pcscd.stop();
    await until(async () => {
      const s = await call('readers:status');
      return s.ok && s.value.pcsc === 'service-not-running';
    }, 'the station to notice pcscd is gone');
    const person = await applicant('Jo', 'piv-card-employee');
    expect(await call('devices:read-card', { readerName: READER(), employeeNumber: person })).toMatchObject({ ok: false, error: { code: 'PCSC_NOT_RUNNING' } });
    await pcscd.restart();
    await until(async () => {
      const s = await call('readers:status');
      return s.ok && s.value.pcsc === 'running' && (s.value.readers as unknown[]).length === 2;
    }, 'the station to find pcscd again');
    const card = await insert(pivCard({ serial: '600001' }));
    expect(await call('devices:read-card', { readerName: READER(), employeeNumber: person })).toMatchObject({ ok: true });
    await remove(card);
  });
});
