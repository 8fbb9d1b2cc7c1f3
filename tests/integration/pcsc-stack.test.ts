import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAtr } from '../support/pcsc/atr';
import { hex, toHex } from '../support/pcsc/bytes';
import { decodeFascn, encodeFascn } from '../support/pcsc/fasc-n';
import { startPcscClient, type PcscClient, type PcscEvent } from '../support/pcsc/pcsc-client';
import { startPrivatePcscd, type PrivatePcscd } from '../support/pcsc/private-pcscd';
import { APDU, ATRS, contactlessCard, pivCard, unknownCard } from '../support/pcsc/virtual-cards';
import { VpcdCard } from '../support/pcsc/vpcd-card';

/**
 * The real PC/SC stack without hardware: Debian's pcscd (private instance) with the vpcd
 * reader driver, virtual cards speaking vpcd's protocol, and the `smartcard` N-API binding
 * (in a child process aimed at the private pcscd through PCSCLITE_CSOCK_NAME). Nothing here
 * is mocked; every APDU crosses libpcsclite → pcscd → vpcd → TCP → the virtual card.
 */

const systemPcscdFiles = (): string => ['/run/pcscd/pcscd.comm', '/run/pcscd/pcscd.pid'].map((f) => `${f}:${existsSync(f) ? readFileSync(f).toString('hex') : '-'}`).join(' ');

const hexOf = (b: Buffer): string => b.toString('hex');
const sw = (response: Buffer): string => toHex(response.subarray(-2));

describe('virtual card data', () => {
  it('uses well-formed ATRs (structure and TCK checked)', () => {
    expect(parseAtr(ATRS.piv).tck).toBe(0x98);
    expect(parseAtr(ATRS.contactless).tck).toBe(0x6a);
    expect(parseAtr(ATRS.unknown).tck).toBe(0x10);
    // The often-quoted "3B 8C 80 01 80 31 80 65 …" announces 12 historical bytes and has 15.
    expect(() => parseAtr(hex('3B 8C 80 01 80 31 80 65 B0 85 03 00 EF 12 0F FF 82 90 00'))).toThrow(/17 bytes/);
  });

  it('encodes the FASC-N per TIG SCEPACS (5-bit BCD, odd parity, LRC)', () => {
    // The FASC-N every PIV-I card carries (agency 9999, system 9999, credential 999999).
    const pivI = hex('D4E739DA739CED39CE739D836858210842108421C84210C3EB');
    const fields = decodeFascn(pivI);
    expect(fields).toMatchObject({ agencyCode: '9999', systemCode: '9999', credentialNumber: '999999', organizationalCategory: '3' });
    expect(encodeFascn(fields)).toEqual(pivI);
  });

  it('PIV card: PIN retry counter, block, GET RESPONSE chaining', () => {
    const card = pivCard({ objects: { '5FC105': Buffer.alloc(600, 0xab) } });
    expect(sw(card.respond(APDU.getChuid))).toBe('69 85'); // nothing before SELECT
    expect(sw(card.respond(APDU.selectPiv))).toBe('90 00');
    expect(sw(card.respond(APDU.pinStatus))).toBe('63 C3');
    expect(sw(card.respond(APDU.verifyPin('111111')))).toBe('63 C2');
    expect(sw(card.respond(APDU.verifyPin('123456')))).toBe('90 00');
    expect(sw(card.respond(APDU.pinStatus))).toBe('90 00');
    for (const left of ['63 C2', '63 C1', '63 C0']) expect(sw(card.respond(APDU.verifyPin('000000')))).toBe(left);
    expect(sw(card.respond(APDU.verifyPin('123456')))).toBe('69 83');
    expect(sw(card.respond(APDU.pinStatus))).toBe('69 83');

    const first = card.respond(APDU.getData('5FC105'));
    expect(first.length).toBe(258);
    expect(sw(first)).toBe('61 00'); // 604 bytes in all: 348 left, "256 or more"
    const second = card.respond(APDU.getResponse(0));
    expect(sw(second)).toBe('61 5C');
    const third = card.respond(APDU.getResponse(0x5c));
    expect(sw(third)).toBe('90 00');
    const object = Buffer.concat([first.subarray(0, -2), second.subarray(0, -2), third.subarray(0, -2)]);
    expect(toHex(object.subarray(0, 4))).toBe('53 82 02 58');
    expect(object.length).toBe(604);
  });
});

describe('real PC/SC stack: private pcscd + vpcd + smartcard binding', () => {
  let pcscd: PrivatePcscd;
  let client: PcscClient;
  const systemBefore = systemPcscdFiles();
  const cards: VpcdCard[] = [];
  const transmitMs: number[] = [];

  const inserted = (reader: string) => (e: PcscEvent) => e.type === 'card-inserted' && e.reader === reader;
  const removed = (reader: string) => (e: PcscEvent) => e.type === 'card-removed' && e.reader === reader;
  const send = async (reader: string, apdu: Buffer, options?: { autoGetResponse?: boolean }): Promise<Buffer> => {
    const result = await client.transmit(reader, apdu, options);
    transmitMs.push(result.ms);
    return result.response;
  };
  const card = (c: VpcdCard): VpcdCard => {
    cards.push(c);
    return c;
  };

  beforeAll(async () => {
    pcscd = await startPrivatePcscd();
    client = await startPcscClient(pcscd.env);
  });

  afterAll(async () => {
    for (const c of cards) await c.remove();
    await client?.close();
    await pcscd?.stop();
    const sorted = [...transmitMs].sort((a, b) => a - b);
    console.log(
      `[pcsc-stack] ${transmitMs.length} APDUs through the binding, median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(2)} ms, ` +
        `max ${sorted.at(-1)?.toFixed(2)} ms (latency shim: ${pcscd?.latencyShim})`,
    );
  });

  it('serves its own socket and leaves the system pcscd files alone', async () => {
    expect(pcscd.socketPath.startsWith('/run/')).toBe(false);
    expect(pcscd.env.PCSCLITE_CSOCK_NAME).toBe(pcscd.socketPath);
    expect(pcscd.readerNames).toEqual(['Virtual PCD 00 00', 'Virtual PCD 00 01']);
    expect(systemPcscdFiles()).toBe(systemBefore);
  });

  it('lists the two vpcd readers and reports them to the monitor', async () => {
    expect(await client.listReaders()).toEqual([...pcscd.readerNames]);
    await client.startMonitor();
    for (const name of pcscd.readerNames) await client.waitForEvent((e) => e.type === 'reader-attached' && e.reader === name);
  });

  it('PIV card: inserted with its ATR, SELECT + GET DATA CHUID return the CHUID, PIN retry counter, removed', async () => {
    const [reader] = pcscd.readerNames;
    const piv = pivCard({ serial: '4242', objects: { '5FC105': Buffer.alloc(600, 0x5a) } });
    const virtual = card(new VpcdCard(piv, { port: pcscd.vpcdPorts[0] }));
    const mark = client.lastSeq();
    await virtual.insert();
    const event = await client.waitForEvent(inserted(reader), { after: mark });
    expect(event.type === 'card-inserted' && event.atr).toBe(hexOf(ATRS.piv));

    const select = await send(reader, APDU.selectPiv);
    expect(sw(select)).toBe('90 00');
    expect(select[0]).toBe(0x61); // application property template
    const chuid = await send(reader, APDU.getChuid);
    expect(hexOf(chuid)).toBe(hexOf(Buffer.concat([piv.chuid, hex('90 00')])));
    expect(decodeFascn(chuid.subarray(4, 29)).credentialNumber).toBe('004242'); // 53 3B 30 19 <FASC-N>
    // Exactly what was sent, nothing more: connecting and presence polling send no APDUs.
    expect(virtual.commands().map(hexOf)).toEqual([hexOf(APDU.selectPiv), hexOf(APDU.getChuid)]);

    expect(sw(await send(reader, APDU.verifyPin('654321')))).toBe('63 C2');
    expect(sw(await send(reader, APDU.pinStatus))).toBe('63 C2');
    expect(sw(await send(reader, APDU.verifyPin('123456')))).toBe('90 00');
    expect(piv.pinTriesLeft).toBe(3);

    // 600-byte object: 61xx + GET RESPONSE, reassembled by the binding's autoGetResponse.
    const big = await send(reader, APDU.getData('5FC105'), { autoGetResponse: true });
    expect(big.length).toBe(606);
    expect(sw(big)).toBe('90 00');
    expect(virtual.commands().filter((c) => c[1] === 0xc0).length).toBe(2);

    // Issue 14: the verified PIN survives a re-SELECT, as on real applets …
    expect(sw(await send(reader, APDU.selectPiv))).toBe('90 00');
    expect(sw(await send(reader, APDU.pinStatus))).toBe('90 00');
    // … and an extended-length APDU (case 4E, Le 01 00) crosses pcscd + vpcd and is answered.
    // (The binding's receive buffer is short-APDU sized, so the answer must stay ≤ 256 bytes.)
    const extended = hex('00 CB 3F FF 00 00 05 5C 03 5F C1 02 01 00');
    expect(hexOf(await send(reader, extended))).toBe(hexOf(Buffer.concat([piv.chuid, hex('90 00')])));
    expect(hexOf(virtual.commands().at(-1)!)).toBe(hexOf(extended));

    const beforeRemove = client.lastSeq();
    await virtual.remove();
    await client.waitForEvent(removed(reader), { after: beforeRemove });
  });

  it('contactless card on the second reader: UID; vanishing mid-exchange fails the transmit and reads as removed', async () => {
    const reader = pcscd.readerNames[1];
    const virtual = card(new VpcdCard(contactlessCard({ uid: '04A23B7A' }), { port: pcscd.vpcdPorts[1] }));
    const mark = client.lastSeq();
    await virtual.insert();
    const event = await client.waitForEvent(inserted(reader), { after: mark });
    expect(event.type === 'card-inserted' && event.atr).toBe(hexOf(ATRS.contactless));
    expect(toHex(await send(reader, APDU.getUid))).toBe('04 A2 3B 7A 90 00');
    expect(sw(await send(reader, APDU.selectPiv))).toBe('6D 00');

    virtual.vanishOnApdu(1);
    const beforeVanish = client.lastSeq();
    // vpcd quirk: the APDU in flight "succeeds" with 0 bytes (no status word); a real reader
    // fails it (SCARD_W_REMOVED_CARD / SCARD_E_NOT_TRANSACTED). The next one fails here too.
    expect((await client.transmit(reader, APDU.getUid)).response.length).toBe(0);
    await expect(client.transmit(reader, APDU.getUid)).rejects.toThrow(/Transaction failed|no card connected/);
    await client.waitForEvent(removed(reader), { after: beforeVanish });
    expect(virtual.inserted).toBe(false);
    expect(virtual.exchanges.at(-1)?.response).toBeNull();
  });

  it('unknown card: its ATR, and 6D00 to everything', async () => {
    const [reader] = pcscd.readerNames;
    const virtual = card(new VpcdCard(unknownCard(), { port: pcscd.vpcdPorts[0] }));
    const mark = client.lastSeq();
    await virtual.insert();
    const event = await client.waitForEvent(inserted(reader), { after: mark });
    expect(event.type === 'card-inserted' && event.atr).toBe(hexOf(ATRS.unknown));
    expect(toHex(await send(reader, APDU.selectPiv))).toBe('6D 00');
    const beforeRemove = client.lastSeq();
    await virtual.remove();
    await client.waitForEvent(removed(reader), { after: beforeRemove });
  });

  it('pcscd stopped: the binding reports the service gone; restarted: readers come back', async () => {
    const [reader] = pcscd.readerNames;
    const piv = pivCard();
    const virtual = card(new VpcdCard(piv, { port: pcscd.vpcdPorts[0] }));
    await virtual.insert();
    await client.waitForEvent(inserted(reader), { after: client.lastSeq() });
    const disconnected = new Promise<string>((resolveReason) => virtual.onDisconnect(resolveReason));

    const beforeStop = client.lastSeq();
    await pcscd.stop();
    expect(['reader-closed', 'error']).toContain(await disconnected); // pcscd closed vpcd's side
    // The monitor's wait fails first with "Communication error" (SCARD_F_COMM_ERROR), then
    // once a second with "PC/SC service not running" (SCARD_E_NO_SERVICE).
    const isError = (message: RegExp) => (e: PcscEvent) => e.type === 'error' && message.test(e.message);
    await client.waitForEvent(isError(/Communication error|PC\/SC service not running/), { after: beforeStop });
    await client.waitForEvent(isError(/PC\/SC service not running/), { after: beforeStop });
    await expect(client.listReaders()).rejects.toThrow(/PC\/SC service not running/);

    await pcscd.restart();
    expect(await client.listReaders()).toEqual([...pcscd.readerNames]);
    // The binding's monitor never recovers (it keeps its dead context and reports the service
    // gone once a second): whoever uses Devices must stop() and start() it again.
    await client.waitForEvent(isError(/PC\/SC service not running/), { after: client.lastSeq() });
    await client.stopMonitor();
    const beforeRestart = client.lastSeq();
    await client.startMonitor();
    for (const name of pcscd.readerNames) await client.waitForEvent((e) => e.type === 'reader-attached' && e.reader === name, { after: beforeRestart });

    await virtual.insert();
    await client.waitForEvent(inserted(reader), { after: beforeRestart });
    expect(sw(await send(reader, APDU.selectPiv))).toBe('90 00');
    expect(systemPcscdFiles()).toBe(systemBefore);
  });
});
