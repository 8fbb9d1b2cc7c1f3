import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * A virtual card on the far end of vsmartcard's vpcd reader driver.
 *
 * vpcd (a pcscd driver) listens on one TCP port per reader; a card is "inserted" while a
 * TCP connection to that port is open and "removed" when it closes. Every message either
 * way is a 2-byte big-endian length and a payload. From vpcd, a 1-byte payload is a
 * control (0 power off, 1 power on, 2 reset, 4 "send your ATR"); anything longer is a
 * command APDU. The card answers ATR requests with its ATR and APDUs with data + SW1 SW2,
 * and says nothing to the other controls.
 *
 * pcscd polls presence by asking for the ATR every few hundred milliseconds, so ATR
 * requests are counted but not recorded one by one.
 */

/** What a card does with the bytes vpcd hands it. */
export interface CardBehaviour {
  /** Short name for logs ("PIV", "contactless", …). */
  readonly kind: string;
  readonly atr: Buffer;
  /** Power on, power off or reset: volatile state (selected application, PIN verified) is lost. */
  reset(): void;
  /** One command APDU in, one response APDU (data + SW1 SW2) out; a promise for a card that takes its time. */
  respond(command: Buffer): Buffer | Promise<Buffer>;
}

export interface ApduExchange {
  /** 1-based, in arrival order, over the card's whole life (all insertions). */
  index: number;
  command: Buffer;
  /** null when the card vanished instead of answering. */
  response: Buffer | null;
  /** performance.now() when the complete command had arrived. */
  at: number;
  /**
   * Milliseconds between the first byte of this message and its last. vpcd writes the
   * length and the payload separately, and with Nagle on its side and delayed ACK on ours
   * the payload can wait ≈ 40 ms; this makes that visible.
   */
  assemblyMs: number;
}

export interface ControlCounts {
  powerOff: number;
  powerOn: number;
  reset: number;
  atrRequests: number;
}

export type DisconnectReason = 'removed' | 'vanished' | 'reader-closed' | 'error';

export interface VpcdCardOptions {
  /** vpcd's port for the reader: 35963 is "Virtual PCD 00 00" on the system pcscd, 35964 is "00 01". */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Close the connection, without answering, when this APDU (1-based, counted from insert()) arrives. */
  vanishOnApdu?: number;
}

const CONTROL_POWER_OFF = 0;
const CONTROL_POWER_ON = 1;
const CONTROL_RESET = 2;
const CONTROL_ATR = 4;

export class VpcdCard {
  readonly behaviour: CardBehaviour;
  readonly port: number;
  readonly host: string;
  /** Every APDU this card has seen, oldest first. */
  readonly exchanges: ApduExchange[] = [];
  readonly controls: ControlCounts = { powerOff: 0, powerOn: 0, reset: 0, atrRequests: 0 };

  private socket: Socket | null = null;
  private pending: Buffer = Buffer.alloc(0);
  private messageStartedAt: number | null = null;
  private vanishAt: number | null;
  private apdusThisInsertion = 0;
  private readonly apduListeners = new Set<(exchange: ApduExchange) => void>();
  private readonly disconnectListeners = new Set<(reason: DisconnectReason) => void>();

  constructor(behaviour: CardBehaviour, options: VpcdCardOptions) {
    this.behaviour = behaviour;
    this.port = options.port;
    this.host = options.host ?? '127.0.0.1';
    this.vanishAt = options.vanishOnApdu ?? null;
  }

  get inserted(): boolean {
    return this.socket !== null;
  }

  /** Connects to vpcd: the reader sees a card once pcscd next polls it (≈ 0.1–0.5 s). */
  insert(): Promise<void> {
    if (this.socket) return Promise.reject(new Error(`${this.behaviour.kind} card is already inserted on port ${this.port}`));
    this.pending = Buffer.alloc(0);
    this.messageStartedAt = null;
    this.apdusThisInsertion = 0;
    this.behaviour.reset();
    return new Promise<void>((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port });
      // Our replies go out at once; vpcd's own socket keeps Nagle, which we cannot change from here.
      socket.setNoDelay(true);
      const onConnectError = (error: Error): void => {
        reject(new Error(`cannot reach vpcd at ${this.host}:${this.port} (is pcscd running with the vpcd driver?): ${error.message}`));
      };
      socket.once('error', onConnectError);
      socket.once('connect', () => {
        socket.off('error', onConnectError);
        this.socket = socket;
        socket.on('data', (chunk: Buffer) => this.onData(socket, chunk));
        socket.on('error', () => this.dropped(socket, 'error'));
        socket.on('close', () => this.dropped(socket, 'reader-closed'));
        resolve();
      });
    });
  }

  /** Closes the connection: the reader reports the card removed. Resolves once the socket is closed. */
  remove(): Promise<void> {
    const socket = this.socket;
    if (!socket) return Promise.resolve();
    this.dropped(socket, 'removed');
    return new Promise<void>((resolve) => {
      if (socket.closed) return resolve();
      socket.once('close', () => resolve());
      // FIN once our last reply is flushed; vpcd reads EOF and ejects on its next poll.
      socket.destroySoon();
    });
  }

  /** Arms the "pulled out mid-read" behaviour: the n-th APDU from now is never answered. */
  vanishOnApdu(n: number): void {
    if (!Number.isInteger(n) || n < 1) throw new Error('vanishOnApdu needs a positive integer');
    this.vanishAt = this.apdusThisInsertion + n;
  }

  onApdu(listener: (exchange: ApduExchange) => void): () => void {
    this.apduListeners.add(listener);
    return () => this.apduListeners.delete(listener);
  }

  onDisconnect(listener: (reason: DisconnectReason) => void): () => void {
    this.disconnectListeners.add(listener);
    return () => this.disconnectListeners.delete(listener);
  }

  /** The command APDUs seen so far, oldest first. */
  commands(): Buffer[] {
    return this.exchanges.map((e) => e.command);
  }

  private onData(socket: Socket, chunk: Buffer): void {
    if (this.messageStartedAt === null) this.messageStartedAt = performance.now();
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    // Length and payload may arrive in separate chunks, or several messages in one.
    while (this.pending.length >= 2 && this.socket === socket) {
      const length = this.pending.readUInt16BE(0);
      if (this.pending.length < 2 + length) break;
      const payload = this.pending.subarray(2, 2 + length);
      this.pending = this.pending.subarray(2 + length);
      const startedAt = this.messageStartedAt ?? performance.now();
      this.messageStartedAt = this.pending.length > 0 ? performance.now() : null;
      this.onMessage(socket, Buffer.from(payload), startedAt);
    }
  }

  private onMessage(socket: Socket, payload: Buffer, startedAt: number): void {
    if (payload.length === 0) return;
    if (payload.length === 1) {
      switch (payload[0]) {
        case CONTROL_ATR:
          this.controls.atrRequests += 1;
          this.send(socket, this.behaviour.atr);
          return;
        case CONTROL_POWER_OFF:
          this.controls.powerOff += 1;
          this.behaviour.reset();
          return;
        case CONTROL_POWER_ON:
          this.controls.powerOn += 1;
          this.behaviour.reset();
          return;
        case CONTROL_RESET:
          this.controls.reset += 1;
          this.behaviour.reset();
          return;
        default:
          return; // unknown control: vpcd expects no answer to controls
      }
    }
    const now = performance.now();
    this.apdusThisInsertion += 1;
    const exchange: ApduExchange = {
      index: this.exchanges.length + 1,
      command: payload,
      response: null,
      at: now,
      assemblyMs: now - startedAt,
    };
    this.exchanges.push(exchange);
    if (this.vanishAt !== null && this.apdusThisInsertion >= this.vanishAt) {
      this.vanishAt = null;
      this.dropped(socket, 'vanished');
      socket.destroy();
    } else {
      const answer = this.behaviour.respond(payload);
      if (answer instanceof Promise) {
        // A slow card: answers later, and only if it is still in the reader by then.
        void answer.then((response) => {
          exchange.response = response;
          if (this.socket === socket) this.send(socket, response);
          for (const listener of this.apduListeners) listener(exchange);
        });
        return;
      }
      exchange.response = answer;
      this.send(socket, exchange.response);
    }
    for (const listener of this.apduListeners) listener(exchange);
  }

  private send(socket: Socket, payload: Buffer): void {
    const header = Buffer.alloc(2);
    header.writeUInt16BE(payload.length);
    // One write, so vpcd's MSG_WAITALL read of the length never waits on a second segment.
    socket.write(Buffer.concat([header, payload]));
  }

  /** First notice of a lost connection wins; later ones (close after error, …) are ignored. */
  private dropped(socket: Socket, reason: DisconnectReason): void {
    if (this.socket !== socket) return;
    this.socket = null;
    this.pending = Buffer.alloc(0);
    this.messageStartedAt = null;
    for (const listener of this.disconnectListeners) listener(reason);
  }
}
