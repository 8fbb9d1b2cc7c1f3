import { EventEmitter } from 'node:events';
import type { ReaderStatus } from '../../shared/contract/devices';
import { StationError } from '../../shared/contract/errors';
import { ApduLog, CardSession, DEFAULT_EXCHANGE_LIMITS, type ExchangeLimits } from './card-session';
import { DEFAULT_BUSY_RETRY_MS, DEFAULT_BUSY_WAIT_MS, inTransaction } from './card-transaction';
import type { PcscCard, PcscDevices, PcscEvent, PcscMonitor } from './pcsc-devices';

/**
 * The station's view of PC/SC (through the device layer it is given: pcsc-devices.ts): which readers
 * exist and which hold a card, as one status object with a `changed` event. Survives
 * pcscd being absent or restarted: it reports "PC/SC service not running", checks back
 * every few seconds (never spinning), and picks the readers up again when it returns.
 * Card work on a reader runs one operation at a time; an APDU the card does not answer in
 * time ends the operation (the native SCardTransmit cannot be cancelled) and that card is
 * kept aside, refused at once, until its late answer has come and gone and it is reset, or
 * until it is taken out. The next card in the reader reads normally.
 *
 * Each operation runs inside a PC/SC transaction (decision 0011), so another program on the
 * computer cannot slip its APDUs in between the station's. While another program holds the
 * card the station tries again for a few seconds, then says CARD_IN_USE ("The card is being
 * used by another program"); a card another program reset is reconnected, never re-inserted.
 */
const SERVICE_DOWN = /service not running|no service|service stopped|not available|cannot connect|no such file/i;
const RETRY_MS = 2_000;
const WATCH_MS = 3_000;

export interface PcscReadersOptions {
  log?: (message: string) => void;
  limits?: Partial<ExchangeLimits>;
  busy?: { waitMs?: number; retryMs?: number };
}

export interface PcscReadersEvents {
  changed: [ReaderStatus];
}

export class PcscReaders extends EventEmitter<PcscReadersEvents> {
  private monitor: PcscMonitor | undefined;
  private readers = new Map<string, { cardPresent: boolean }>();
  private pcsc: ReaderStatus['pcsc'] = 'starting';
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Cards with an unanswered APDU still under way in the binding. */
  private readonly unanswered = new WeakSet<PcscCard>();
  /** Cards whose transaction pcsc-lite is still waiting for after the station gave up (another program holds them). */
  private readonly waiting = new WeakSet<PcscCard>();
  /** The card of an operation → the monitor's card and a way to keep its transaction past the operation (an APDU under way). */
  private readonly operations = new WeakMap<PcscCard, { monitored: PcscCard; keep: () => () => void }>();
  readonly limits: ExchangeLimits;
  readonly busy: { waitMs: number; retryMs: number };

  private readonly log: (message: string) => void;

  constructor(
    private readonly devices: PcscDevices,
    { log = (m) => console.error(`[readers] ${m}`), limits = {}, busy = {} }: PcscReadersOptions = {},
  ) {
    super();
    this.log = log;
    this.limits = { ...DEFAULT_EXCHANGE_LIMITS, ...limits };
    this.busy = { waitMs: busy.waitMs ?? DEFAULT_BUSY_WAIT_MS, retryMs: busy.retryMs ?? DEFAULT_BUSY_RETRY_MS };
  }

  /** A CardSession on `card` with this station's limits; a command left unanswered puts the card aside. */
  session(readerName: string, card: PcscCard, apduLog: ApduLog = new ApduLog()): CardSession {
    return new CardSession(card, readerName, apduLog, {
      cardStillThere: () => this.cardStillThere(readerName),
      limits: this.limits,
      onUnanswered: (pending) => {
        const operation = this.operations.get(card);
        const monitored = operation?.monitored ?? card;
        // The connection (and its transaction) stays open until the late answer has come.
        const release = operation?.keep() ?? (() => undefined);
        this.unanswered.add(monitored);
        this.log(`${readerName}: the card gave no answer within ${this.limits.apduTimeoutMs} ms; it is set aside until it answers or is taken out`);
        void pending.then(async () => {
          // The late answer is dropped with its session. Reset the card so its next command
          // starts from a clean state; a card that is gone simply fails here.
          try {
            await card.reconnect(SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, SCARD_RESET_CARD);
          } catch {
            // Taken out meanwhile: the next card gets a new connection anyway.
          }
          this.unanswered.delete(monitored);
          release();
        });
      },
    });
  }

  status(): ReaderStatus {
    return {
      pcsc: this.pcsc,
      readers: [...this.readers].map(([name, r]) => ({ name, cardPresent: r.cardPresent })).sort((a, b) => a.name.localeCompare(b.name)),
    };
  }

  /** Idempotent. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  /** Idempotent; no timer or native monitor is left running. */
  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.teardown();
  }

  /**
   * Runs `work` with the card in `readerName`, after any earlier work on that reader, inside
   * a PC/SC transaction (no other program's APDUs in between). A reader that is not there,
   * an empty reader, pcscd down, or a card another program keeps busy is a clear error.
   */
  withCard<T>(readerName: string, work: (card: PcscCard) => Promise<T>): Promise<T> {
    const previous = this.queues.get(readerName) ?? Promise.resolve();
    const run = previous.then(() => {
      if (this.pcsc !== 'running') throw notRunning();
      if (!this.readers.has(readerName)) throw deviceNotFound(readerName);
      const card = this.monitor?.card(readerName);
      if (!card) {
        throw new StationError('NO_CARD', `There is no card in ${readerName}. Insert the card, then try again.`, { readerName });
      }
      if (this.unanswered.has(card)) throw notResponding(readerName, this.limits.apduTimeoutMs);
      return inTransaction<PcscCard, T>(
        readerName,
        (own, keep) => {
          this.operations.set(own, { monitored: card, keep });
          return work(own);
        },
        {
          // The monitor's own connection: the APDU log numbers cards by it, and pcsc-lite
          // waits for another program's transaction in SCardBeginTransaction (decision 0011).
          connect: async () => {
            if (this.waiting.has(card)) throw new Error('Sharing violation');
            return { card, close: () => undefined };
          },
          onLate: (settled) => {
            this.waiting.add(card);
            void settled.finally(() => this.waiting.delete(card));
          },
          busyWaitMs: this.busy.waitMs,
          retryMs: this.busy.retryMs,
          cardStillThere: () => this.cardStillThere(readerName),
          onBusy: () => this.log(`${readerName}: the card is being used by another program; waiting up to ${this.busy.waitMs} ms`),
        },
      );
    });
    const settled = run.catch(() => undefined);
    this.queues.set(readerName, settled);
    void settled.then(() => {
      if (this.queues.get(readerName) === settled) this.queues.delete(readerName);
    });
    return run;
  }

  /**
   * After a failed exchange: whether the card is still there once PC/SC has had time to
   * notice a removal (it polls the reader, so "card removed" arrives up to ≈ 0.5 s late).
   */
  async cardStillThere(readerName: string, settleMs = 1_000): Promise<boolean> {
    const deadline = Date.now() + settleMs;
    while (Date.now() < deadline) {
      if (!this.hasCard(readerName)) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.hasCard(readerName);
  }

  /** Whether a card is in the reader now. */
  hasCard(readerName: string): boolean {
    return this.readers.get(readerName)?.cardPresent === true;
  }

  private connect(): void {
    if (!this.running) return;
    if (!this.devices.serviceAvailable()) {
      this.setDown();
      return;
    }
    const monitor = this.devices.monitor();
    this.monitor = monitor;
    monitor.start((event) => this.onEvent(event));
    this.pcsc = 'running';
    for (const name of monitor.readerNames()) {
      if (!this.readers.has(name)) this.readers.set(name, { cardPresent: false });
    }
    this.changed();
    this.schedule(WATCH_MS, () => this.watch());
  }

  private onEvent(event: PcscEvent): void {
    switch (event.type) {
      case 'reader-attached':
        this.readers.set(event.reader, { cardPresent: this.readers.get(event.reader)?.cardPresent ?? false });
        break;
      case 'reader-detached':
        this.readers.delete(event.reader);
        break;
      case 'card-inserted':
        this.readers.set(event.reader, { cardPresent: true });
        break;
      case 'card-removed':
        if (this.readers.has(event.reader)) this.readers.set(event.reader, { cardPresent: false });
        break;
      case 'error':
        if (SERVICE_DOWN.test(event.error.message)) this.setDown();
        else this.log(`PC/SC: ${event.error.message}`);
        return;
    }
    this.changed();
  }

  /** pcscd can disappear without the monitor saying so: check it is still there. */
  private watch(): void {
    if (!this.running) return;
    if (!this.devices.serviceAvailable()) this.setDown();
    else this.schedule(WATCH_MS, () => this.watch());
  }

  private setDown(): void {
    if (this.pcsc !== 'service-not-running') {
      this.teardown();
      this.pcsc = 'service-not-running';
      this.readers.clear();
      this.changed();
    }
    this.schedule(RETRY_MS, () => this.connect());
  }

  private teardown(): void {
    const monitor = this.monitor;
    this.monitor = undefined;
    monitor?.stop();
  }

  private schedule(ms: number, task: () => void): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(task, ms);
    this.timer.unref();
  }

  private changed(): void {
    this.emit('changed', this.status());
  }
}

// PC/SC constants (pcsclite.h), for SCardReconnect.
const SCARD_SHARE_SHARED = 2;
const SCARD_PROTOCOL_T0 = 1;
const SCARD_PROTOCOL_T1 = 2;
const SCARD_RESET_CARD = 1;

export function notResponding(readerName: string, timeoutMs: number): StationError {
  return new StationError(
    'CARD_ERROR',
    `The card in ${readerName} is not responding: it gave no answer within ${Math.round(timeoutMs / 100) / 10} s and is still busy. Take it out and insert it again; if it happens again, the card is faulty: use another card.`,
    { readerName, reason: 'timeout' },
  );
}

export function notRunning(): StationError {
  return new StationError('PCSC_NOT_RUNNING', 'PC/SC service not running: the station cannot reach any card reader. Start the smart card service (pcscd), then try again.');
}

export function deviceNotFound(readerName: string): StationError {
  return new StationError(
    'DEVICE_NOT_FOUND',
    `Device not found: the card reader "${readerName}" is not properly connected or recognized. Verify the USB connection and check the reader's driver.`,
    { readerName },
  );
}
