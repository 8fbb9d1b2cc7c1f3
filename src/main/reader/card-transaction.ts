import { StationError } from '../../shared/contract/errors';
import { cardRemoved } from './card-session';

/**
 * PC/SC transactions (SCardBeginTransaction / SCardEndTransaction, patched into the
 * `smartcard` binding: decision 0011). A multi-APDU operation runs inside one, so no other
 * program's APDUs come in between the station's.
 *
 * pcsc-lite's SCardBeginTransaction (and SCardStatus, the ATR) wait, polling the daemon,
 * while another program holds the card, with no time limit: the station stops waiting
 * after `busyWaitMs` and says CARD_IN_USE. Another program that ends its transaction
 * resetting the card leaves the station's connection answering only "Card was reset"
 * (the empty ATR of issue 14) until it is reconnected: the station reconnects by itself.
 */
export interface TransactionCard {
  beginTransaction(): Promise<void>;
  endTransaction(disposition?: number): Promise<void>;
  reconnect(shareMode?: number, protocol?: number, initialization?: number): Promise<number>;
}

export interface PrivateConnection<C extends TransactionCard> {
  card: C;
  /** Disconnects (leaving the card as it is) and closes the connection's context. */
  close(): void;
}

export interface TransactionOptions<C extends TransactionCard> {
  /** A new connection to the card, in a context of its own. */
  connect: () => Promise<PrivateConnection<C>>;
  /** How long the station waits while another program holds the card, in ms. */
  busyWaitMs: number;
  /** Pause between two connection tries while another program holds the card exclusively, in ms. */
  retryMs: number;
  /** Whether the card is still in the reader once PC/SC has caught up. */
  cardStillThere: () => Promise<boolean>;
  /** Told when the card was found busy (for the log). */
  onBusy?: () => void;
  /** Told when the station gave up waiting for a transaction pcsc-lite is still waiting for; `settled` ends when it has been let go. */
  onLate?: (settled: Promise<void>) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export const DEFAULT_BUSY_WAIT_MS = 5_000;
export const DEFAULT_BUSY_RETRY_MS = 100;

// PC/SC constants (pcsclite.h).
const SCARD_SHARE_SHARED = 2;
const SCARD_PROTOCOL_T0 = 1;
const SCARD_PROTOCOL_T1 = 2;
const SCARD_LEAVE_CARD = 0;

const BUSY = /sharing violation/i;
const RESET = /card was reset/i;
const GONE = /removed|no smart card|unpowered|not connected|invalid handle/i;
const MAX_RESETS = 3;

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/**
 * Runs `work` on a connection of its own inside a PC/SC transaction. While another program
 * holds the card (its transaction, or an exclusive connection) the station waits up to
 * `busyWaitMs`, then says CARD_IN_USE; the next operation starts afresh, so the station
 * reads the card as soon as it is free, without re-insertion. `keep` lets `work` keep the
 * connection open past its end (an APDU still under way); it then calls the release given.
 */
export async function inTransaction<C extends TransactionCard, T>(
  readerName: string,
  work: (card: C, keep: () => () => void) => Promise<T>,
  options: TransactionOptions<C>,
): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const deadline = now() + options.busyWaitMs;
  let told = false;
  const busy = async (): Promise<void> => {
    if (!told) options.onBusy?.();
    told = true;
    if (now() + options.retryMs > deadline) throw cardInUse(readerName, options.busyWaitMs);
    await sleep(options.retryMs);
  };

  // An idle card is connected and held within milliseconds: a wait longer than a retry
  // pause means another program has it (said once, for the log).
  const slow = setTimeout(() => {
    if (!told) options.onBusy?.();
    told = true;
  }, options.retryMs);
  try {
    return await connectAndRun(readerName, work, options, deadline, busy, () => told, () => clearTimeout(slow));
  } finally {
    clearTimeout(slow);
  }
}

async function connectAndRun<C extends TransactionCard, T>(
  readerName: string,
  work: (card: C, keep: () => () => void) => Promise<T>,
  options: TransactionOptions<C>,
  deadline: number,
  busy: () => Promise<void>,
  told: () => boolean,
  held: () => void,
): Promise<T> {
  const now = options.now ?? Date.now;
  let connection: PrivateConnection<C> | undefined;
  while (!connection) {
    // pcscd answers SCardConnect only once another program's transaction is over.
    const connecting = options.connect();
    const outcome = await beforeDeadline(connecting.then((c) => ({ c }), asError), deadline - now());
    if (outcome === 'late') {
      if (!told()) options.onBusy?.();
      void connecting.then((c) => c.close(), () => undefined);
      throw cardInUse(readerName, options.busyWaitMs);
    }
    if ('c' in outcome) connection = outcome.c;
    else {
      const error = outcome;
      if (BUSY.test(error.message)) await busy();
      else if (GONE.test(error.message) || !(await options.cardStillThere())) throw cardRemoved(readerName);
      else throw new StationError('CARD_ERROR', `The station could not connect to the card in ${readerName} (${error.message}). Take it out, insert it again, and retry.`, { readerName });
    }
  }
  const opened = connection;
  const { card } = connection;

  let resets = 0;
  for (;;) {
    // The binding throws at once (not a rejection) on a card it has already disconnected.
    const pending = Promise.resolve().then(() => card.beginTransaction());
    const outcome = await beforeDeadline(pending.then(() => 'began' as const, asError), deadline - now());
    if (outcome === 'began') {
      held();
      break;
    }
    if (outcome === 'late') {
      if (!told()) options.onBusy?.();
      // pcsc-lite keeps waiting in its thread: once it has the card, let go of it and close.
      const settled = pending
        .then(
          () => endQuietly(card),
          () => undefined,
        )
        .finally(() => opened.close());
      options.onLate?.(settled);
      throw cardInUse(readerName, options.busyWaitMs);
    }
    if (RESET.test(outcome.message) && resets < MAX_RESETS) {
      // Reset by another program between our connect and our transaction: take it as it is now.
      resets += 1;
      const again = await Promise.resolve()
        .then(() => card.reconnect(SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, SCARD_LEAVE_CARD))
        .then(() => undefined, asError);
      if (!again) continue;
      opened.close();
      if (BUSY.test(again.message)) throw cardInUse(readerName, options.busyWaitMs);
      throw (GONE.test(again.message) || !(await options.cardStillThere())) ? cardRemoved(readerName) : cardError(readerName, again.message);
    }
    opened.close();
    if (RESET.test(outcome.message)) throw cardInUse(readerName, options.busyWaitMs);
    throw (GONE.test(outcome.message) || !(await options.cardStillThere())) ? cardRemoved(readerName) : cardError(readerName, outcome.message);
  }

  let kept = false;
  const release = (): void => {
    void endQuietly(card).finally(() => opened.close());
  };
  try {
    return await work(card, () => {
      kept = true;
      return release;
    });
  } finally {
    if (!kept) {
      // A card taken out ends its transaction with it.
      await endQuietly(card);
      opened.close();
    }
  }
}

/** Ends the transaction; a card taken out (the binding then throws at once) has ended it already. */
function endQuietly(card: TransactionCard): Promise<void> {
  return Promise.resolve()
    .then(() => card.endTransaction(SCARD_LEAVE_CARD))
    .catch(() => undefined);
}

/** `promise`'s value, or 'late' once `ms` have passed. */
async function beforeDeadline<T>(promise: Promise<T>, ms: number): Promise<T | 'late'> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), Math.max(ms, 0));
    }),
  ]).finally(() => clearTimeout(timer));
}

function cardError(readerName: string, message: string): StationError {
  return new StationError('CARD_ERROR', `The station could not get the card in ${readerName} for itself (${message}). Take it out, insert it again, and retry.`, { readerName });
}

export function cardInUse(readerName: string, waitedMs: number): StationError {
  return new StationError(
    'CARD_IN_USE',
    `The card is being used by another program: the card in ${readerName} stayed busy for ${Math.round(waitedMs / 100) / 10} s. Finish or close the other program, leave the card in the reader, and try again.`,
    { readerName },
  );
}
