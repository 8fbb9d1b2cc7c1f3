import type { PcscCard, PcscDevices, PcscEvent, PcscMonitor } from '../../../src/main/reader/pcsc-devices';

/**
 * A stand-in for PC/SC (the device layer PcscReaders is given), driven by the test:
 * pcscd up or down, readers attached, cards in and out. Nothing native is loaded.
 */
export class FakePcsc implements PcscDevices {
  /** Whether pcscd answers. */
  running = true;
  /** Reader name → the card in it (null: empty). */
  readonly readers = new Map<string, FakeCard | null>();
  readonly monitors: FakeMonitor[] = [];

  constructor(readers: Record<string, FakeCard | null> = {}) {
    for (const [name, card] of Object.entries(readers)) this.readers.set(name, card);
  }

  serviceAvailable(): boolean {
    return this.running;
  }

  monitor(): PcscMonitor {
    const monitor = new FakeMonitor(this);
    this.monitors.push(monitor);
    return monitor;
  }

  /** Monitors started and not stopped. */
  live(): FakeMonitor[] {
    return this.monitors.filter((m) => m.started && !m.stopped);
  }

  attach(reader: string): void {
    this.readers.set(reader, null);
    this.emit({ type: 'reader-attached', reader });
  }

  detach(reader: string): void {
    this.readers.delete(reader);
    this.emit({ type: 'reader-detached', reader });
  }

  insert(reader: string, card = new FakeCard()): FakeCard {
    this.readers.set(reader, card);
    this.emit({ type: 'card-inserted', reader });
    return card;
  }

  remove(reader: string): void {
    this.readers.set(reader, null);
    this.emit({ type: 'card-removed', reader });
  }

  /** pcscd stops: its readers go with it; `say` is whether the monitor reports it (it may not). */
  stopService(say = true): void {
    this.running = false;
    this.readers.clear();
    if (say) this.emit({ type: 'error', error: new Error('PC/SC service not running') });
  }

  /** pcscd starts again with these readers. */
  startService(readers: Record<string, FakeCard | null> = {}): void {
    this.running = true;
    for (const [name, card] of Object.entries(readers)) this.readers.set(name, card);
  }

  emit(event: PcscEvent): void {
    for (const monitor of this.live()) monitor.onEvent?.(event);
  }
}

export class FakeMonitor implements PcscMonitor {
  started = false;
  stopped = false;
  onEvent: ((event: PcscEvent) => void) | undefined;

  constructor(private readonly pcsc: FakePcsc) {}

  start(onEvent: (event: PcscEvent) => void): void {
    this.started = true;
    this.onEvent = onEvent;
  }

  stop(): void {
    this.stopped = true;
    this.onEvent = undefined;
  }

  readerNames(): string[] {
    return [...this.pcsc.readers.keys()];
  }

  card(readerName: string): PcscCard | null {
    return this.pcsc.readers.get(readerName) ?? null;
  }
}

/** A card whose answers the test gives (9000 to everything unless told otherwise). */
export class FakeCard implements PcscCard {
  atr: Buffer | null = Buffer.from('3b8080010101', 'hex');
  readonly sent: Buffer[] = [];
  /** What happened, in order: begin, end, transmit, reconnect, control. */
  readonly calls: string[] = [];
  answer: (command: Buffer) => Buffer | Promise<Buffer> = () => Buffer.from([0x90, 0x00]);
  begin: () => void | Promise<void> = () => undefined;

  async transmit(command: Buffer | number[]): Promise<Buffer> {
    const apdu = Buffer.from(command);
    this.sent.push(apdu);
    this.calls.push('transmit');
    return this.answer(apdu);
  }

  async control(code: number): Promise<Buffer> {
    this.calls.push(`control ${code}`);
    throw new Error('Transaction failed');
  }

  async reconnect(_share?: number, _protocol?: number, initialization?: number): Promise<number> {
    this.calls.push(`reconnect ${initialization ?? ''}`.trim());
    return 2;
  }

  async beginTransaction(): Promise<void> {
    this.calls.push('begin');
    await this.begin();
  }

  async endTransaction(): Promise<void> {
    this.calls.push('end');
  }
}
