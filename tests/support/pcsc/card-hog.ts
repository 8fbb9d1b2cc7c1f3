/**
 * "Another program" for the shared-reader tests (issue 14, item 3): a second PC/SC client
 * in a process of its own (libpcsclite reads PCSCLITE_CSOCK_NAME once per process), using
 * the same `smartcard` binding as the station, with PC/SC transactions.
 *
 *   node --import tsx card-hog.ts <reader> <mode>
 *
 * mode `hammer`: loops as fast as it can: begin a transaction, SELECT the PIV application,
 *   GET DATA (CHUID), end the transaction resetting the card (SCARD_RESET_CARD). A reset
 *   card forgets the selected application, so an APDU of this program coming between the
 *   station's SELECT and its GET DATA would show as a refused GET DATA (6985); and the
 *   station's own connection is left saying "Card was reset" after every round.
 * mode `hold`: begins one transaction and keeps it until told to stop.
 *
 * stdin: a line `stop` ends: the open transaction is ended with a reset of the card and the
 * connection is closed. stdout: one JSON line per event: {ready}, then {stopped, rounds, errors}.
 */
import { createInterface } from 'node:readline';
import { Context, type CardInterface } from 'smartcard';

type TxCard = CardInterface & { beginTransaction(): Promise<void>; endTransaction(disposition?: number): Promise<void> };

const [readerName, mode] = process.argv.slice(2);
const SELECT_PIV = Buffer.from('00A4040009A0000003080000100000', 'hex');
const GET_CHUID = Buffer.from('00CB3FFF055C035FC10200', 'hex');
const SCARD_SHARE_SHARED = 2;
const SCARD_PROTOCOLS = 3;
const SCARD_LEAVE_CARD = 0;
const SCARD_RESET_CARD = 1;

const say = (message: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(message)}\n`);
};

let stopping = false;
let rounds = 0;
const errors: string[] = [];

async function main(): Promise<void> {
  const context = new Context();
  const reader = context.listReaders().find((r) => r.name === readerName);
  if (!reader) throw new Error(`no reader ${readerName}`);
  const card = (await reader.connect(SCARD_SHARE_SHARED, SCARD_PROTOCOLS)) as TxCard;
  const stopped = new Promise<void>((resolve) => {
    createInterface({ input: process.stdin }).on('line', (line) => {
      if (line.trim() === 'stop') {
        stopping = true;
        resolve();
      }
    });
  });
  if (mode === 'hold') {
    await card.beginTransaction();
    await card.transmit(SELECT_PIV);
    say({ ready: true });
    await stopped;
    await card.endTransaction(SCARD_RESET_CARD);
  } else {
    let announced = false;
    while (!stopping) {
      try {
        await card.beginTransaction();
        try {
          await card.transmit(SELECT_PIV);
          await card.transmit(GET_CHUID);
          rounds += 1;
        } finally {
          await card.endTransaction(SCARD_RESET_CARD);
        }
      } catch (error) {
        const message = (error as Error).message;
        if (/reset/i.test(message)) await card.reconnect(SCARD_SHARE_SHARED, SCARD_PROTOCOLS, SCARD_LEAVE_CARD).catch(() => undefined);
        else if (errors.length < 20) errors.push(message);
      }
      if (!announced && rounds > 0) {
        announced = true;
        say({ ready: true });
      }
      // Let the event loop read stdin; the next round starts at once.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  card.disconnect(SCARD_LEAVE_CARD);
  context.close();
  say({ stopped: true, rounds, errors });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    say({ failed: (error as Error).message });
    process.exit(1);
  },
);
