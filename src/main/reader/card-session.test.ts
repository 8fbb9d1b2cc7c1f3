import type { PcscCard } from './pcsc-devices';
import { describe, expect, it } from 'vitest';
import { StationError } from '../../shared/contract/errors';
import { ApduLog, CardSession, withLe } from './card-session';

/**
 * The exchange rules on their own, with a scripted card (the real binding and pcscd are in
 * tests/integration/card-exchange.test.ts).
 */
function scripted(answer: (command: Buffer, n: number) => Buffer | Promise<Buffer>): { card: PcscCard; sent: Buffer[] } {
  const sent: Buffer[] = [];
  const card = {
    atr: Buffer.from('3B8F8001804F0CA000000306030001000000006A', 'hex'),
    transmit: async (command: Buffer, options?: { autoGetResponse?: boolean }) => {
      if (options?.autoGetResponse) throw new Error('the station must not hand GET RESPONSE to the binding');
      sent.push(Buffer.from(command));
      return answer(Buffer.from(command), sent.length);
    },
  } as unknown as PcscCard;
  return { card, sent };
}

const session = (card: PcscCard, limits = { apduTimeoutMs: 200, maxResponseParts: 4, maxResponseBytes: 64 }, stillThere = true) =>
  new CardSession(card, 'Reader 0', new ApduLog(), { cardStillThere: async () => stillThere, limits });

const h = (s: string) => Buffer.from(s.replace(/ /g, ''), 'hex');

describe('CardSession', () => {
  it('logs which card each exchange went to: cards numbered per reader in the order met, with their ATR', async () => {
    const log = new ApduLog();
    const first = scripted(() => h('9000')).card;
    const second = scripted(() => h('9000')).card;
    (second as unknown as { atr: Buffer }).atr = h('3BDB960081B1FE451F8380F9A00000030800001000 98');
    const on = (card: PcscCard, reader: string) => new CardSession(card, reader, log, { cardStillThere: async () => true });
    await on(first, 'Reader 0').transmit(h('FFCA000000'));
    await on(second, 'Reader 0').transmit(h('00A4040000'));
    await on(first, 'Reader 0').transmit(h('FFCA000000')); // a new session on the same card: still card 1
    await on(scripted(() => h('9000')).card, 'Reader 1').transmit(h('00A4040000')); // numbered per reader
    expect(log.for('Reader 0').map((e) => [e.card.number, e.command])).toEqual([
      [1, 'FF CA 00 00 00'],
      [2, '00 A4 04 00 00'],
      [1, 'FF CA 00 00 00'],
    ]);
    expect(log.for('Reader 0')[0]!.card.atr).toBe('3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A');
    expect(log.for('Reader 0')[1]!.card.atr).toBe('3B DB 96 00 81 B1 FE 45 1F 83 80 F9 A0 00 00 03 08 00 00 10 00 98');
    expect(log.for('Reader 1').map((e) => e.card.number)).toEqual([1]);
  });

  it('collects 61xx answers with GET RESPONSE of the length the card names', async () => {
    const { card, sent } = scripted((_c, n) => [h('6102'), h('0102 6102'), h('0304 9000')][n - 1]!);
    expect(Buffer.from(await session(card).transmit(h('00CB3FFF 02 5C01 00')))).toEqual(h('01020304 9000'));
    expect(sent.map((c) => c.toString('hex'))).toEqual(['00cb3fff025c0100', '00c0000002', '00c0000002']);
  });

  it('re-sends a command with the Le a 6Cxx answer asks for', async () => {
    const { card, sent } = scripted((c) => (c[4] === 4 ? h('0A0B0C0D 9000') : h('6C04')));
    expect(Buffer.from(await session(card).transmit(h('FFCA000000')))).toEqual(h('0A0B0C0D 9000'));
    expect(sent[1]).toEqual(h('FFCA000004'));
  });

  it('stops a card that asks for GET RESPONSE for ever after maxResponseParts', async () => {
    const { card, sent } = scripted(() => h('00 6101'));
    await expect(session(card).transmit(h('00A40400 01 A0 00'))).rejects.toMatchObject({ code: 'CARD_ERROR', details: { reason: 'response-chain' } });
    expect(sent).toHaveLength(5); // the command and 4 GET RESPONSEs
  });

  it('stops an answer that grows past maxResponseBytes', async () => {
    const { card } = scripted(() => Buffer.concat([Buffer.alloc(40), h('6128')]));
    await expect(session(card).transmit(h('00CB3FFF00'))).rejects.toThrow(/grew past 64 bytes/);
  });

  it('a card that does not answer in time: refused within the timeout, and every later command at once', async () => {
    const { card, sent } = scripted(() => new Promise(() => undefined));
    const s = session(card);
    const started = performance.now();
    const error = await s.transmit(h('00A4040000')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StationError);
    expect((error as StationError).message).toMatch(/not responding: it gave no answer within 0.2 s/);
    expect(performance.now() - started).toBeLessThan(1_000);
    await expect(s.transmit(h('00A4040000'))).rejects.toMatchObject({ details: { reason: 'timeout' } });
    expect(sent).toHaveLength(1); // nothing else went to the busy card
  });

  it('an empty answer mid-chain from a card that is gone is "Card removed", not a status word made of data', async () => {
    const { card } = scripted((c) => (c[1] === 0xc0 ? Buffer.alloc(0) : h('99 8D 61 10')));
    await expect(session(card, undefined, false).transmit(h('00CB3FFF00'))).rejects.toMatchObject({ code: 'CARD_REMOVED', message: expect.stringMatching(/^Card removed/) });
  });

  it('withLe replaces or adds Le on short APDUs of every case', () => {
    expect(withLe(h('00C00000'), 0x10)).toEqual(Uint8Array.from(h('00C0000010')));
    expect(withLe(h('FFCA000000'), 0x07)).toEqual(Uint8Array.from(h('FFCA000007')));
    expect(withLe(h('00A40400 02 A000'), 0x20)).toEqual(Uint8Array.from(h('00A40400 02 A000 20')));
    expect(withLe(h('00A40400 02 A000 00'), 0x20)).toEqual(Uint8Array.from(h('00A40400 02 A000 20')));
  });
});
