import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeCard, FakePcsc } from '../../../tests/support/pcsc/fake-pcsc';
import type { ReaderStatus } from '../../shared/contract/devices';
import { StationError } from '../../shared/contract/errors';
import { PcscReaders, type PcscReadersOptions } from './pcsc-readers';

// The readers' logic runs on the fake device layer: the native addon must not be loaded.
vi.mock('smartcard', () => {
  throw new Error('a unit test loaded the native smartcard addon');
});

const R1 = 'Virtual PCD 00 00';
const R2 = 'Virtual PCD 00 01';

let readers: PcscReaders | undefined;
afterEach(() => {
  readers?.stop();
  readers = undefined;
  vi.useRealTimers();
});

function setUp(pcsc: FakePcsc, options: PcscReadersOptions = {}) {
  const logged: string[] = [];
  const seen: ReaderStatus[] = [];
  readers = new PcscReaders(pcsc, { log: (m) => logged.push(m), ...options });
  readers.on('changed', (s) => seen.push(s));
  readers.start();
  return { readers, logged, seen };
}

const code = (p: Promise<unknown>): Promise<string> => p.then(() => 'ok', (e: unknown) => (e instanceof StationError ? e.code : String(e)));

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const apdu = Uint8Array.of(0x00, 0xa4, 0x04, 0x00, 0x00);

describe('PcscReaders: pcscd', () => {
  it('lists the readers pcscd has at start, sorted, and says when one is attached, gets a card, loses it, goes', () => {
    const pcsc = new FakePcsc({ [R2]: null, [R1]: new FakeCard() });
    const { readers, seen } = setUp(pcsc);
    expect(readers.status()).toEqual({ pcsc: 'running', readers: [{ name: R1, cardPresent: false }, { name: R2, cardPresent: false }] });
    pcsc.insert(R1);
    expect(readers.hasCard(R1)).toBe(true);
    pcsc.attach('Virtual PCD 00 02');
    pcsc.remove(R1);
    pcsc.detach(R2);
    expect(readers.status()).toEqual({ pcsc: 'running', readers: [{ name: R1, cardPresent: false }, { name: 'Virtual PCD 00 02', cardPresent: false }] });
    expect(seen).toHaveLength(5);
    expect(seen.at(-1)).toEqual(readers.status());
  });

  it('keeps a card that is in a reader the monitor reports attached again; a removal from an unknown reader adds nothing', () => {
    const pcsc = new FakePcsc({ [R1]: null });
    const { readers } = setUp(pcsc);
    pcsc.insert(R1);
    pcsc.emit({ type: 'reader-attached', reader: R1 });
    expect(readers.hasCard(R1)).toBe(true);
    pcsc.emit({ type: 'card-removed', reader: 'Gone' });
    expect(readers.status().readers.map((r) => r.name)).toEqual([R1]);
  });

  it('start is idempotent: one monitor', () => {
    const pcsc = new FakePcsc();
    const { readers } = setUp(pcsc);
    readers.start();
    expect(pcsc.monitors).toHaveLength(1);
  });

  it('pcscd not running at start: says so, checks back every 2 s, and picks the readers up once it runs', () => {
    vi.useFakeTimers();
    const pcsc = new FakePcsc();
    pcsc.running = false;
    const { readers } = setUp(pcsc);
    expect(readers.status()).toEqual({ pcsc: 'service-not-running', readers: [] });
    expect(pcsc.monitors).toHaveLength(0);
    vi.advanceTimersByTime(2_000);
    expect(pcsc.monitors).toHaveLength(0);
    pcsc.startService({ [R1]: new FakeCard() });
    vi.advanceTimersByTime(2_000);
    expect(readers.status()).toEqual({ pcsc: 'running', readers: [{ name: R1, cardPresent: false }] });
    expect(pcsc.live()).toHaveLength(1);
  });

  it('pcscd stops (the monitor says so): the readers go, the status says so, card work is refused; when it is back the readers return', async () => {
    vi.useFakeTimers();
    const pcsc = new FakePcsc({ [R1]: null });
    const { readers, seen } = setUp(pcsc);
    pcsc.insert(R1);
    pcsc.stopService();
    expect(readers.status()).toEqual({ pcsc: 'service-not-running', readers: [] });
    expect(seen.at(-1)).toEqual(readers.status());
    expect(pcsc.live()).toHaveLength(0);
    await expect(readers.withCard(R1, async () => 'read')).rejects.toMatchObject({ code: 'PCSC_NOT_RUNNING' });
    // Said once, however often it is found down.
    const events = seen.length;
    vi.advanceTimersByTime(10_000);
    expect(seen).toHaveLength(events);
    expect(pcsc.monitors).toHaveLength(1);

    pcsc.startService({ [R1]: new FakeCard() });
    vi.advanceTimersByTime(2_000);
    expect(pcsc.monitors).toHaveLength(2);
    expect(readers.status()).toEqual({ pcsc: 'running', readers: [{ name: R1, cardPresent: false }] });
    pcsc.emit({ type: 'card-inserted', reader: R1 });
    vi.useRealTimers();
    expect(await readers.withCard(R1, async () => 'read')).toBe('read');
  });

  it('pcscd gone without a word from the monitor: found within 3 s by the watch', () => {
    vi.useFakeTimers();
    const pcsc = new FakePcsc({ [R1]: null });
    const { readers } = setUp(pcsc);
    vi.advanceTimersByTime(3_000);
    expect(readers.status().pcsc).toBe('running');
    pcsc.stopService(false);
    expect(readers.status().pcsc).toBe('running');
    vi.advanceTimersByTime(3_000);
    expect(readers.status()).toEqual({ pcsc: 'service-not-running', readers: [] });
    expect(pcsc.live()).toHaveLength(0);
  });

  it('another PC/SC error is logged, and the readers stay', () => {
    const pcsc = new FakePcsc({ [R1]: null });
    const { readers, logged } = setUp(pcsc);
    pcsc.emit({ type: 'error', error: new Error('Unexpected reader state') });
    expect(logged).toEqual(['PC/SC: Unexpected reader state']);
    expect(readers.status().pcsc).toBe('running');
  });

  it('stop leaves no monitor and no timer: pcscd coming back later starts nothing', () => {
    vi.useFakeTimers();
    const pcsc = new FakePcsc();
    pcsc.running = false;
    const { readers } = setUp(pcsc);
    readers.stop();
    pcsc.running = true;
    vi.advanceTimersByTime(10_000);
    expect(pcsc.monitors).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);

    const up = new FakePcsc();
    const other = new PcscReaders(up, { log: () => undefined });
    other.start();
    other.stop();
    other.stop();
    expect(up.live()).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('PcscReaders: card work', () => {
  it('a reader that is not there and an empty reader are clear errors', async () => {
    const { readers } = setUp(new FakePcsc({ [R1]: null }));
    await expect(readers.withCard('Nowhere', async () => 'read')).rejects.toMatchObject({ code: 'DEVICE_NOT_FOUND', details: { readerName: 'Nowhere' } });
    await expect(readers.withCard(R1, async () => 'read')).rejects.toMatchObject({ code: 'NO_CARD', details: { readerName: R1 } });
  });

  it('runs the work inside a PC/SC transaction on the card in the reader', async () => {
    const pcsc = new FakePcsc({ [R1]: null });
    const { readers } = setUp(pcsc);
    const card = pcsc.insert(R1);
    const answer = await readers.withCard(R1, async (c) => {
      expect(c).toBe(card);
      return readers.session(R1, c).transmit(apdu);
    });
    expect([...answer]).toEqual([0x90, 0x00]);
    expect(card.calls).toEqual(['begin', 'transmit', 'end']);
  });

  it('two jobs on one reader run one after the other; a job on another reader does not wait for them', async () => {
    const pcsc = new FakePcsc({ [R1]: null, [R2]: null });
    const { readers } = setUp(pcsc);
    pcsc.insert(R1);
    pcsc.insert(R2);
    const order: string[] = [];
    const first = deferred();
    const a = readers.withCard(R1, async () => {
      order.push('a starts');
      await first.promise;
      order.push('a ends');
    });
    const b = readers.withCard(R1, async () => void order.push('b'));
    await readers.withCard(R2, async () => void order.push('other reader'));
    expect(order).toEqual(['a starts', 'other reader']);
    first.resolve();
    await Promise.all([a, b]);
    expect(order).toEqual(['a starts', 'other reader', 'a ends', 'b']);
  });

  it('a failed job does not stop the queue', async () => {
    const pcsc = new FakePcsc({ [R1]: null });
    const { readers } = setUp(pcsc);
    pcsc.insert(R1);
    const failed = readers.withCard(R1, async () => {
      throw new StationError('CARD_ERROR', 'broken');
    });
    const next = readers.withCard(R1, async () => 'read');
    expect(await code(failed)).toBe('CARD_ERROR');
    expect(await next).toBe('read');
  });

  it('a card taken out mid-job: that job fails with CARD_REMOVED, the next card in the reader reads', async () => {
    const pcsc = new FakePcsc({ [R1]: null });
    const { readers } = setUp(pcsc);
    const card = pcsc.insert(R1);
    const sent = deferred();
    card.answer = async () => {
      sent.resolve();
      // pcscd notices the removal while the command is under way.
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('Card was removed');
    };
    const job = readers.withCard(R1, (c) => readers.session(R1, c).transmit(apdu));
    const queued = readers.withCard(R1, async () => 'second');
    await sent.promise;
    pcsc.remove(R1);
    await expect(job).rejects.toMatchObject({ code: 'CARD_REMOVED', details: { readerName: R1 } });
    await expect(queued).rejects.toMatchObject({ code: 'NO_CARD' });
    expect(card.calls.at(-1)).toBe('end');

    const next = pcsc.insert(R1);
    expect([...(await readers.withCard(R1, (c) => readers.session(R1, c).transmit(apdu)))]).toEqual([0x90, 0x00]);
    expect(next.calls).toEqual(['begin', 'transmit', 'end']);
  });

  it('a card another program holds: CARD_IN_USE after the wait, and refused at once while pcsc-lite still waits for it', async () => {
    const pcsc = new FakePcsc({ [R1]: null });
    const { readers, logged } = setUp(pcsc, { busy: { waitMs: 100, retryMs: 20 } });
    const card = pcsc.insert(R1);
    const held = deferred();
    card.begin = () => held.promise;
    const started = Date.now();
    await expect(readers.withCard(R1, async () => 'read')).rejects.toMatchObject({ code: 'CARD_IN_USE', details: { readerName: R1 } });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(logged).toEqual([`${R1}: the card is being used by another program; waiting up to 100 ms`]);

    // Still held: the station does not queue a second transaction behind pcsc-lite's first.
    await expect(readers.withCard(R1, async () => 'read')).rejects.toMatchObject({ code: 'CARD_IN_USE' });
    expect(card.calls.filter((c) => c === 'begin')).toHaveLength(1);

    // The other program lets go: pcsc-lite's late transaction is ended, and the card reads again.
    card.begin = () => undefined;
    held.resolve();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(card.calls).toEqual(['begin', 'end']);
    expect(await readers.withCard(R1, async () => 'read')).toBe('read');
  });

  it('a card that does not answer in time: the job fails at once, the card is set aside until its late answer, then reset and read again', async () => {
    const pcsc = new FakePcsc({ [R1]: null });
    const { readers, logged } = setUp(pcsc, { limits: { apduTimeoutMs: 50 } });
    const card = pcsc.insert(R1);
    const late = deferred<Buffer>();
    card.answer = () => late.promise;
    await expect(readers.withCard(R1, (c) => readers.session(R1, c).transmit(apdu))).rejects.toMatchObject({ code: 'CARD_ERROR', details: { reason: 'timeout' } });
    expect(logged).toEqual([`${R1}: the card gave no answer within 50 ms; it is set aside until it answers or is taken out`]);
    // The transaction is kept while the command is still under way in the binding.
    expect(card.calls).toEqual(['begin', 'transmit']);

    const refused = readers.withCard(R1, async () => 'read');
    await expect(refused).rejects.toMatchObject({ code: 'CARD_ERROR', details: { reason: 'timeout' } });
    await expect(refused).rejects.toThrow(/still busy/);

    late.resolve(Buffer.from([0x90, 0x00]));
    await vi.waitFor(() => expect(card.calls).toEqual(['begin', 'transmit', 'reconnect 1', 'end']));
    card.answer = () => Buffer.from([0x90, 0x00]);
    expect([...(await readers.withCard(R1, (c) => readers.session(R1, c).transmit(apdu)))]).toEqual([0x90, 0x00]);
  });

  it('a card set aside does not hold up the next card put in the reader', async () => {
    const pcsc = new FakePcsc({ [R1]: null });
    const { readers } = setUp(pcsc, { limits: { apduTimeoutMs: 50 } });
    const mute = pcsc.insert(R1);
    mute.answer = () => new Promise(() => undefined);
    await expect(readers.withCard(R1, (c) => readers.session(R1, c).transmit(apdu))).rejects.toMatchObject({ code: 'CARD_ERROR' });
    pcsc.remove(R1);
    pcsc.insert(R1);
    expect([...(await readers.withCard(R1, (c) => readers.session(R1, c).transmit(apdu)))]).toEqual([0x90, 0x00]);
  });

  it('cardStillThere waits for PC/SC to catch up with a removal', async () => {
    const pcsc = new FakePcsc({ [R1]: null });
    const { readers } = setUp(pcsc);
    pcsc.insert(R1);
    setTimeout(() => pcsc.remove(R1), 100);
    expect(await readers.cardStillThere(R1, 1_000)).toBe(false);
    pcsc.insert(R1);
    expect(await readers.cardStillThere(R1, 100)).toBe(true);
  });
});
