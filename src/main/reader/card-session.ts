import type { PcscCard } from './pcsc-devices';
import { StationError } from '../../shared/contract/errors';
import { maskApdu, hex, statusWord } from './apdu';

/** One APDU exchange, as the diagnostics view shows it (PIN bytes masked). */
export interface ApduLogEntry {
  at: string;
  /** Which card it went to: the n-th card the station talked to in this reader since it started, and its ATR. */
  card: { number: number; atr: string };
  command: string;
  response: string;
  status: string;
  ms: number;
}

const LOG_SIZE = 200;

/**
 * The last APDU exchanges per reader, for support calls. Never holds a PIN. Each entry
 * says which card it came from: the binding makes a new card object per insertion, so
 * cards are numbered per reader in the order the station first talked to them.
 */
export class ApduLog {
  private readonly entries = new Map<string, ApduLogEntry[]>();
  private readonly cardNumbers = new WeakMap<object, number>();
  private readonly cardsSeen = new Map<string, number>();

  /** `atr`: the card's ATR as read before the exchange (reading it during an exchange waits for the card's answer). */
  add(readerName: string, entry: Omit<ApduLogEntry, 'card'>, card: { atr?: Uint8Array | null }, atr?: Uint8Array): void {
    let number = this.cardNumbers.get(card);
    if (number === undefined) {
      number = (this.cardsSeen.get(readerName) ?? 0) + 1;
      this.cardsSeen.set(readerName, number);
      this.cardNumbers.set(card, number);
    }
    const list = this.entries.get(readerName) ?? [];
    list.push({ ...entry, card: { number, atr: hex(atr ?? new Uint8Array(card.atr ?? [])) } });
    if (list.length > LOG_SIZE) list.splice(0, list.length - LOG_SIZE);
    this.entries.set(readerName, list);
  }

  for(readerName: string): ApduLogEntry[] {
    return [...(this.entries.get(readerName) ?? [])];
  }
}

/** Limits of one exchange with a card (station.config.json `cards`). */
export interface ExchangeLimits {
  /** Milliseconds the station waits for the card's answer to one APDU. */
  apduTimeoutMs: number;
  /** GET RESPONSE (61xx) and Le re-sends (6Cxx) the station makes for one command at most. */
  maxResponseParts: number;
  /** Bytes one command's answer may add up to over its GET RESPONSEs. */
  maxResponseBytes: number;
}

export const DEFAULT_EXCHANGE_LIMITS: ExchangeLimits = { apduTimeoutMs: 5_000, maxResponseParts: 128, maxResponseBytes: 32_768 };

export interface CardSessionOptions {
  /** Whether the card is still in the reader once PC/SC has caught up (it reports removal ≈ 0.5 s late). */
  cardStillThere: () => Promise<boolean>;
  limits?: ExchangeLimits;
  /**
   * Called when the card did not answer in time, with the native exchange still under way
   * (SCardTransmit cannot be cancelled): the reader keeps the card aside until it settles.
   */
  onUnanswered?: (pending: Promise<unknown>) => void;
}

/**
 * Sends APDUs to one card: logs each exchange (masked), counts them, waits at most
 * `apduTimeoutMs` for each answer, does the GET RESPONSE (61xx) and Le re-send (6Cxx) of
 * ISO/IEC 7816-4 §5.3.4 itself within limits (never the binding's unbounded loop), and
 * turns a card pulled out mid-way into CARD_REMOVED rather than a low-level PC/SC message
 * or a status word made of a partial answer.
 *
 * After a command went unanswered the session is spent: every later command is refused at
 * once, so a late answer can never be taken for a later command's.
 */
export class CardSession {
  apdus = 0;
  private unanswered = false;
  private readonly limits: ExchangeLimits;
  private readonly cardStillThere: () => Promise<boolean>;
  private readonly onUnanswered: (pending: Promise<unknown>) => void;

  constructor(
    private readonly card: PcscCard,
    private readonly readerName: string,
    private readonly log: ApduLog,
    options: CardSessionOptions | (() => Promise<boolean>),
  ) {
    const o = typeof options === 'function' ? { cardStillThere: options } : options;
    this.cardStillThere = o.cardStillThere;
    this.limits = o.limits ?? DEFAULT_EXCHANGE_LIMITS;
    this.onUnanswered = o.onUnanswered ?? (() => undefined);
  }

  get atr(): Uint8Array {
    return new Uint8Array(this.card.atr ?? []);
  }

  /** One command, with its GET RESPONSEs / Le re-sends: the whole answer, data + the final status word. */
  async transmit(command: Uint8Array): Promise<Uint8Array> {
    let response = await this.exchange(command);
    const parts: Uint8Array[] = [];
    let total = 0;
    let rounds = 0;
    for (;;) {
      const sw1 = response[response.length - 2]!;
      const sw2 = response[response.length - 1]!;
      if (sw1 !== 0x61 && sw1 !== 0x6c) break;
      rounds += 1;
      if (rounds > this.limits.maxResponseParts) {
        throw this.misbehaving(`it asked for more than ${this.limits.maxResponseParts} GET RESPONSE or Le re-sends for one command (last status word ${hex(response.subarray(response.length - 2))})`);
      }
      if (sw1 === 0x6c) {
        // 6Cxx: wrong Le, send the same command again with Le = xx.
        response = await this.exchange(withLe(command, sw2));
        continue;
      }
      const data = response.subarray(0, response.length - 2);
      total += data.length;
      if (total > this.limits.maxResponseBytes) throw this.misbehaving(`its answer to one command grew past ${this.limits.maxResponseBytes} bytes`);
      parts.push(data);
      response = await this.exchange(Uint8Array.of(0x00, 0xc0, 0x00, 0x00, sw2));
    }
    if (parts.length === 0) return response;
    total += response.length - 2;
    if (total > this.limits.maxResponseBytes) throw this.misbehaving(`its answer to one command grew past ${this.limits.maxResponseBytes} bytes`);
    const out = new Uint8Array(total + 2);
    let at = 0;
    for (const p of [...parts, response]) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  /** One APDU on the wire: at most `apduTimeoutMs`; an answer shorter than a status word is a failed read. */
  private async exchange(command: Uint8Array): Promise<Uint8Array> {
    if (this.unanswered) throw this.notResponding();
    // Read before the exchange: pcsc-lite's SCardStatus (the ATR) waits while an SCardTransmit is under way.
    const atr = this.atr;
    const started = performance.now();
    const entry = (response: string, status: string): void =>
      this.log.add(this.readerName, { at: new Date().toISOString(), command: maskApdu(command), response, status, ms: Math.round((performance.now() - started) * 10) / 10 }, this.card, atr);
    // Without autoGetResponse the binding's wrapper passes the command straight to SCardTransmit.
    const pending = this.card.transmit(Buffer.from(command));
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      pending.then(
        (r) => ({ ok: new Uint8Array(r) }),
        (error: unknown) => ({ error: error instanceof Error ? error : new Error(String(error)) }),
      ),
      new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), this.limits.apduTimeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    if (outcome === 'timeout') {
      this.unanswered = true;
      entry('', `No answer within ${this.limits.apduTimeoutMs} ms: the card is not responding`);
      this.onUnanswered(pending.catch(() => undefined));
      // Said at once, within the timeout: a card taken out would have failed the exchange instead.
      throw this.notResponding();
    }
    if ('error' in outcome) {
      const error = outcome.error;
      entry('', error.message);
      throw (await this.cardStillThere()) && !/removed|reset|no smart card/i.test(error.message)
        ? new StationError('CARD_ERROR', `The card in ${this.readerName} did not answer (${error.message}). Take it out, insert it again, and retry.`)
        : cardRemoved(this.readerName);
    }
    const response = outcome.ok;
    this.apdus += 1;
    // A card pulled out mid-exchange can come back as an empty "success" (vpcd does this).
    if (response.length < 2) {
      entry(hex(response), `No status word (${response.length} byte${response.length === 1 ? '' : 's'})`);
      throw (await this.cardStillThere()) ? new StationError('CARD_ERROR', `The card in ${this.readerName} gave no answer. Take it out, insert it again, and retry.`) : cardRemoved(this.readerName);
    }
    const sw = statusWord(response);
    entry(response.length > 2 ? hex(response.subarray(0, response.length - 2)) : '', `${sw.sw.toString(16).toUpperCase().padStart(4, '0')} ${sw.message}`);
    return response;
  }

  private notResponding(): StationError {
    const seconds = Math.round(this.limits.apduTimeoutMs / 100) / 10;
    return new StationError(
      'CARD_ERROR',
      `The card in ${this.readerName} is not responding: it gave no answer within ${seconds} s. Take it out and insert it again; if it happens again, the card is faulty: use another card.`,
      { readerName: this.readerName, reason: 'timeout' },
    );
  }

  private misbehaving(what: string): StationError {
    return new StationError(
      'CARD_ERROR',
      `The card in ${this.readerName} is not answering properly: ${what}. Take it out and insert it again; if it happens again, the card is faulty: use another card.`,
      { readerName: this.readerName, reason: 'response-chain' },
    );
  }
}

/** The command with its Le set to `le` (a short APDU, ISO/IEC 7816-4 §5.1): replaced where it has one, added where it has none. */
export function withLe(command: Uint8Array, le: number): Uint8Array {
  if (command.length === 4) return Uint8Array.of(...command, le);
  if (command.length === 5) return Uint8Array.of(...command.subarray(0, 4), le);
  const lc = command[4]!;
  if (lc !== 0 && command.length === 5 + lc) return Uint8Array.of(...command, le);
  if (lc !== 0 && command.length === 6 + lc) return Uint8Array.of(...command.subarray(0, 5 + lc), le);
  return command; // extended length or malformed: sent as it was
}

export function cardRemoved(readerName: string): StationError {
  return new StationError(
    'CARD_REMOVED',
    `Card removed: the card was taken out of ${readerName} before the station finished. Insert it again and leave it in the reader until the station says it is done.`,
    { readerName },
  );
}
