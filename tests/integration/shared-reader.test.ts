import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOtherProgram, type OtherProgram } from '../support/pcsc/other-program';
import { startPrivatePcscd, type PrivatePcscd } from '../support/pcsc/private-pcscd';
import { pivCard } from '../support/pcsc/virtual-cards';
import { VpcdCard } from '../support/pcsc/vpcd-card';
import { StationClient } from '../support/station-client';
import { until } from '../support/until';
import { stationLogPath } from '../../src/main/station-log';
import { scratchDir, startWebHost, type RunningHost } from '../support/web-host';

/**
 * Issue 14, item 3 (a reader shared safely), through the real stack: the station process →
 * the patched smartcard binding → libpcsclite → a private pcscd → vpcd → a virtual PIV
 * card, with "another program" (tests/support/pcsc/card-hog.ts: the same binding in a
 * process of its own) using the same card at the same time.
 */
const SERIAL = '314159';

let pcscd: PrivatePcscd;
let dir: Awaited<ReturnType<typeof scratchDir>>;
let host: RunningHost;
let client: StationClient;
let card: VpcdCard;
const READER = () => pcscd.readerNames[0]!;

type Reply = { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };
const call = (channel: string, input?: unknown) => client.call(channel, input) as Promise<Reply>;
let person = '';

const stationLog = (): string => {
  const file = stationLogPath(host.dataDir);
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
};
const readCard = () => call('devices:read-card', { readerName: READER(), employeeNumber: person });

const others = new Set<OtherProgram>();
const startHog = async (mode: 'hammer' | 'hold'): Promise<OtherProgram> => {
  const p = await startOtherProgram(READER(), mode, pcscd.env);
  others.add(p);
  return p;
};

beforeAll(async () => {
  pcscd = await startPrivatePcscd();
  dir = await scratchDir('shared-reader-');
  const dataDir = join(dir.path, 'data');
  await mkdir(dataDir, { recursive: true });
  host = await startWebHost({ dataDir, keyFile: join(dir.path, 'key'), env: { ...pcscd.env } });
  client = await StationClient.connect(host.origin);
  await client.hello(host.secret);
  const created = await call('applicants:create', { firstName: 'Sha', lastName: 'Reader', credentialTypeId: 'mobile-pacs-employee', email: 'sha@example.org' });
  if (!created.ok) throw new Error(created.error.message);
  person = created.value.employeeNumber as string;
  card = new VpcdCard(pivCard({ serial: SERIAL }), { port: pcscd.vpcdPorts[0]! });
  await card.insert();
  await until(async () => {
    const s = await call('readers:status');
    return s.ok && (s.value.readers as { name: string; cardPresent: boolean }[]).some((r) => r.name === READER() && r.cardPresent);
  }, 'the card to be seen in the reader');
}, 60_000);

afterEach(() => {
  for (const p of others) p.kill();
  others.clear();
});

afterAll(async () => {
  await card?.remove().catch(() => undefined);
  client?.close();
  await host?.stop();
  await pcscd?.stop();
  await dir?.remove();
});

const WHOLE_READ = { ok: true, value: { serialNumber: `9999-9999-${SERIAL}-0-1`, cardType: 'piv' } };

describe('a reader shared with another program', () => {
  it('reads the card before anything else happens', async () => {
    expect(await readCard()).toMatchObject(WHOLE_READ);
  });

  it('another program hammering the card in transactions (resetting it after each): no station read sees its APDUs, and the station reads once it stops, without re-insertion', async () => {
    const hog = await startHog('hammer');
    const replies: Reply[] = [];
    for (let i = 0; i < 6; i += 1) replies.push(await readCard());
    // Each read is whole (the SELECT and GET DATA of one transaction) or says the card is busy;
    // an interleaved reset would have shown as a refused GET DATA or a wrong Serial Number.
    for (const reply of replies) {
      if (reply.ok) expect(reply).toMatchObject(WHOLE_READ);
      else expect(reply.error).toMatchObject({ code: 'CARD_IN_USE', message: expect.stringMatching(/^The card is being used by another program/) });
    }
    const stopped = await hog.stop();
    expect(stopped.rounds).toBeGreaterThan(0);
    expect(stopped.errors).toEqual([]);
    // The other program reset the card on its way out: the station reconnects by itself.
    expect(await readCard()).toMatchObject(WHOLE_READ);
    expect(await readCard()).toMatchObject(WHOLE_READ);
  });

  it('another program holding the card: "The card is being used by another program" (within the wait), and it reads again once the program lets go', async () => {
    const hog = await startHog('hold');
    const started = Date.now();
    const busy = await readCard();
    expect(busy).toMatchObject({ ok: false, error: { code: 'CARD_IN_USE', details: { readerName: READER() } } });
    expect(!busy.ok && busy.error.message).toMatch(/^The card is being used by another program/);
    expect(Date.now() - started).toBeLessThan(10_000);
    // Diagnostics say the same, in words, rather than an empty ATR.
    const diagnostics = await call('readers:diagnostics', { readerName: READER() });
    expect(diagnostics.ok && JSON.stringify(diagnostics.value)).toMatch(/being used by another program/);
    await hog.stop();
    expect(await readCard()).toMatchObject(WHOLE_READ);
    const after = await call('readers:diagnostics', { readerName: READER() });
    expect(after).toMatchObject({ ok: true, value: { cardPresent: true, atr: expect.stringMatching(/^3B/) } });
  });

  it('a read that starts while the other program holds the card goes through when it lets go within the wait', async () => {
    const hog = await startHog('hold');
    // The station says so in its log (written synchronously, so a line there is complete).
    const busyLines = () => stationLog().split('being used by another program; waiting up to').length;
    const before = busyLines();
    const pending = readCard();
    // The station has found the card busy and is trying again.
    await until(() => busyLines() > before, 'the station to find the card busy');
    const stopped = hog.stop();
    expect(await pending).toMatchObject(WHOLE_READ);
    await stopped;
  });
});
