import type { CardInterface } from 'smartcard';
import { StationError } from '../../shared/contract/errors';
import { maskApdu, hex, statusWord } from './apdu';

/** One APDU exchange, as the diagnostics view shows it (PIN bytes masked). */
export interface ApduLogEntry {
  at: string;
  command: string;
  response: string;
  status: string;
  ms: number;
}

const LOG_SIZE = 200;

/** The last APDU exchanges per reader, for support calls. Never holds a PIN. */
export class ApduLog {
  private readonly entries = new Map<string, ApduLogEntry[]>();

  add(readerName: string, entry: ApduLogEntry): void {
    const list = this.entries.get(readerName) ?? [];
    list.push(entry);
    if (list.length > LOG_SIZE) list.splice(0, list.length - LOG_SIZE);
    this.entries.set(readerName, list);
  }

  for(readerName: string): ApduLogEntry[] {
    return [...(this.entries.get(readerName) ?? [])];
  }
}

/**
 * Sends APDUs to one card: logs each exchange (masked), counts them, and turns a card
 * pulled out mid-way into CARD_REMOVED rather than a low-level PC/SC message.
 */
export class CardSession {
  apdus = 0;

  constructor(
    private readonly card: CardInterface,
    private readonly readerName: string,
    private readonly log: ApduLog,
    /** Whether the card is still in the reader once PC/SC has caught up (it reports removal ≈ 0.5 s late). */
    private readonly cardStillThere: () => Promise<boolean>,
  ) {}

  get atr(): Uint8Array {
    return new Uint8Array(this.card.atr ?? []);
  }

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    const started = performance.now();
    let response: Uint8Array;
    try {
      response = new Uint8Array(await this.card.transmit(Buffer.from(command), { autoGetResponse: true }));
    } catch (error) {
      this.log.add(this.readerName, { at: new Date().toISOString(), command: maskApdu(command), response: '', status: (error as Error).message, ms: performance.now() - started });
      throw (await this.cardStillThere()) && !/removed|reset|no smart card/i.test((error as Error).message)
        ? new StationError('CARD_ERROR', `The card in ${this.readerName} did not answer (${(error as Error).message}). Take it out, insert it again, and retry.`)
        : cardRemoved(this.readerName);
    }
    this.apdus += 1;
    // A card pulled out mid-exchange can come back as an empty "success" (vpcd does this).
    if (response.length < 2) throw (await this.cardStillThere()) ? new StationError('CARD_ERROR', `The card in ${this.readerName} gave no answer. Take it out, insert it again, and retry.`) : cardRemoved(this.readerName);
    const sw = statusWord(response);
    const body = response.length > 2 ? hex(response.subarray(0, response.length - 2)) : '';
    this.log.add(this.readerName, { at: new Date().toISOString(), command: maskApdu(command), response: body, status: `${sw.sw.toString(16).toUpperCase().padStart(4, '0')} ${sw.message}`, ms: performance.now() - started });
    return response;
  }
}

export function cardRemoved(readerName: string): StationError {
  return new StationError(
    'CARD_REMOVED',
    `The card was removed from ${readerName} before the station finished. Insert it again and leave it in the reader until the station says it is done.`,
    { readerName },
  );
}
