/**
 * The narrow view of PC/SC that PcscReaders works through: whether pcscd answers, and a
 * monitor of readers and cards. The production layer (smartcard-devices.ts) wraps the
 * native `smartcard` binding and is the only module that loads it; tests give a fake.
 */

/** What the station does with a card connection (the patched binding's Card). */
export interface PcscCard {
  readonly atr: Buffer | null;
  transmit(command: Buffer | number[]): Promise<Buffer>;
  control(code: number, data?: Buffer | number[]): Promise<Buffer>;
  reconnect(shareMode?: number, protocol?: number, initialization?: number): Promise<number>;
  beginTransaction(): Promise<void>;
  endTransaction(disposition?: number): Promise<void>;
}

export type PcscEvent =
  | { type: 'reader-attached' | 'reader-detached' | 'card-inserted' | 'card-removed'; reader: string }
  | { type: 'error'; error: Error };

/** One watch over the readers, from `start` until `stop`. */
export interface PcscMonitor {
  start(onEvent: (event: PcscEvent) => void): void;
  /** No event after it; never throws (pcscd may be gone already). */
  stop(): void;
  /** The readers attached now. */
  readerNames(): string[];
  /** The connection to the card in the reader (the same object while the card stays in), or null. */
  card(readerName: string): PcscCard | null;
}

export interface PcscDevices {
  /** Whether pcscd answers now (a PC/SC context can be made). */
  serviceAvailable(): boolean;
  monitor(): PcscMonitor;
}
