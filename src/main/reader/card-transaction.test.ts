import { describe, expect, it } from 'vitest';
import { StationError } from '../../shared/contract/errors';
import { inTransaction, type TransactionCard, type TransactionOptions } from './card-transaction';

/** A card whose beginTransaction answers from a script, one entry per call (a string is a PC/SC error message). */
class ScriptedCard implements TransactionCard {
  calls: string[] = [];
  constructor(private readonly begins: (string | 'ok' | 'never')[]) {}
  beginTransaction(): Promise<void> {
    const next = this.begins.shift() ?? 'ok';
    this.calls.push('begin');
    if (next === 'ok') return Promise.resolve();
    if (next === 'never') return new Promise(() => undefined);
    return Promise.reject(new Error(next));
  }
  endTransaction(disposition?: number): Promise<void> {
    this.calls.push(`end ${disposition}`);
    return Promise.resolve();
  }
  reconnect(share?: number, protocol?: number, init?: number): Promise<number> {
    this.calls.push(`reconnect ${share} ${protocol} ${init}`);
    return Promise.resolve(2);
  }
}

function options(card: ScriptedCard, over: Partial<TransactionOptions<ScriptedCard>> = {}): TransactionOptions<ScriptedCard> & { connects: number; closes: number } {
  const o = {
    connects: 0,
    closes: 0,
    connect: async () => {
      o.connects += 1;
      return { card, close: () => void (o.closes += 1) };
    },
    busyWaitMs: 300,
    retryMs: 20,
    cardStillThere: async () => true,
    ...over,
  };
  return o;
}

const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'ok', (e: unknown) => (e instanceof StationError ? e.code : String(e)));

describe('inTransaction', () => {
  it('runs the work between begin and end, leaving the card as it is', async () => {
    const card = new ScriptedCard(['ok']);
    const o = options(card);
    expect(await inTransaction('R', async () => 'read', o)).toBe('read');
    expect(card.calls).toEqual(['begin', 'end 0']);
    expect(o.closes).toBe(1);
  });

  it('ends the transaction when the work fails', async () => {
    const card = new ScriptedCard(['ok']);
    await expect(inTransaction('R', async () => Promise.reject(new StationError('CARD_ERROR', 'x')), options(card))).rejects.toMatchObject({ code: 'CARD_ERROR' });
    expect(card.calls).toEqual(['begin', 'end 0']);
  });

  it('a card another program reset is reconnected without a reset of its own, then read', async () => {
    const card = new ScriptedCard(['Card was reset', 'ok']);
    expect(await inTransaction('R', async () => 'read', options(card))).toBe('read');
    expect(card.calls).toEqual(['begin', 'reconnect 2 3 0', 'begin', 'end 0']);
  });

  it('a card reset over and over within one operation is "in use", not a faulty card', async () => {
    const card = new ScriptedCard(['Card was reset', 'Card was reset', 'Card was reset', 'Card was reset', 'Card was reset']);
    expect(await code(inTransaction('R', async () => 'read', options(card)))).toBe('CARD_IN_USE');
    expect(card.calls.filter((c) => c === 'begin')).toHaveLength(4);
  });

  it('waits for an exclusive connection elsewhere to end (Sharing violation), then reads', async () => {
    const card = new ScriptedCard(['ok']);
    let refusals = 2;
    let busy = 0;
    const o = options(card, {
      onBusy: () => void (busy += 1),
      connect: async () => {
        if (refusals-- > 0) throw new Error('Sharing violation');
        return { card, close: () => undefined };
      },
    });
    expect(await inTransaction('R', async () => 'read', o)).toBe('read');
    expect(busy).toBe(1); // said once
  });

  it('a card held for longer than the wait is CARD_IN_USE, in words, within the wait; the late transaction is let go when it comes', async () => {
    let grant: () => void = () => undefined;
    const card = new ScriptedCard([]);
    card.beginTransaction = () => {
      card.calls.push('begin');
      return new Promise<void>((resolve) => {
        grant = resolve;
      });
    };
    let settled: Promise<void> | undefined;
    const o = options(card, { busyWaitMs: 150, onLate: (s) => void (settled = s) });
    const started = Date.now();
    const error = await inTransaction('Reader 1', async () => 'read', o).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error).toMatchObject({ code: 'CARD_IN_USE', details: { readerName: 'Reader 1' } });
    expect((error as Error).message).toMatch(/^The card is being used by another program: the card in Reader 1 stayed busy for 0\.2 s/);
    expect(card.calls).toEqual(['begin']);
    grant();
    await settled;
    expect(card.calls).toEqual(['begin', 'end 0']);
    expect(o.closes).toBe(1);
  });

  it('a connection that never comes is CARD_IN_USE within the wait (pcscd holds SCardConnect during another transaction)', async () => {
    const card = new ScriptedCard([]);
    const o = options(card, { busyWaitMs: 100, connect: () => new Promise(() => undefined) });
    expect(await code(inTransaction('R', async () => 'read', o))).toBe('CARD_IN_USE');
  });

  it('a card taken out is CARD_REMOVED; another failure is CARD_ERROR with the PC/SC words', async () => {
    expect(await code(inTransaction('R', async () => 'x', options(new ScriptedCard(['Card was removed']))))).toBe('CARD_REMOVED');
    expect(await code(inTransaction('R', async () => 'x', options(new ScriptedCard(['Transaction failed']), { cardStillThere: async () => false })))).toBe('CARD_REMOVED');
    await expect(inTransaction('R', async () => 'x', options(new ScriptedCard(['Transaction failed'])))).rejects.toMatchObject({
      code: 'CARD_ERROR',
      message: expect.stringMatching(/\(Transaction failed\)/),
    });
  });

  it('work that keeps the card (an APDU still under way) ends the transaction only when it lets go', async () => {
    const card = new ScriptedCard(['ok']);
    const o = options(card);
    let release: () => void = () => undefined;
    await inTransaction('R', async (_card, keep) => {
      release = keep();
      return 'x';
    }, o);
    expect(card.calls).toEqual(['begin']);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(card.calls).toEqual(['begin', 'end 0']);
    expect(o.closes).toBe(1);
  });
});
