/**
 * The `smartcard` binding in a process of its own, driven over stdin/stdout (one JSON
 * object per line) by pcsc-client.ts.
 *
 * Why a separate process: libpcsclite reads PCSCLITE_CSOCK_NAME once, at the first
 * SCardEstablishContext of the process (not when the binding loads), and keeps that path
 * for the life of the process, even if the first attempt failed. A test runner worker may
 * already have used PC/SC, so the only dependable way to aim the binding at the private
 * pcscd is a fresh process started with the variable set.
 */
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { Context, Devices } from 'smartcard';

export type ChildRequest =
  | { id: number; op: 'list-readers' }
  | { id: number; op: 'start-monitor' }
  | { id: number; op: 'stop-monitor' }
  | { id: number; op: 'transmit'; reader: string; apdu: string; autoGetResponse?: boolean };

export type ChildEvent =
  | { type: 'reader-attached' | 'reader-detached'; reader: string }
  | { type: 'card-inserted'; reader: string; atr: string }
  | { type: 'card-removed'; reader: string }
  | { type: 'error'; message: string };

export type ChildMessage =
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: string }
  | { kind: 'event'; event: ChildEvent };

function send(message: ChildMessage): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

let devices: Devices | null = null;

function startMonitor(): void {
  if (devices) return;
  const d = new Devices();
  d.on('reader-attached', (reader) => send({ kind: 'event', event: { type: 'reader-attached', reader: reader.name } }));
  d.on('reader-detached', (reader) => send({ kind: 'event', event: { type: 'reader-detached', reader: reader.name } }));
  d.on('card-inserted', ({ reader, card }) => {
    const atr = card.atr ?? reader.atr ?? null;
    send({ kind: 'event', event: { type: 'card-inserted', reader: reader.name, atr: atr ? atr.toString('hex') : '' } });
  });
  d.on('card-removed', ({ reader }) => send({ kind: 'event', event: { type: 'card-removed', reader: reader.name } }));
  d.on('error', (error) => send({ kind: 'event', event: { type: 'error', message: error.message } }));
  devices = d;
  d.start();
}

async function handle(request: ChildRequest): Promise<unknown> {
  switch (request.op) {
    case 'list-readers': {
      // A new context each time: shows what a fresh client of the daemon sees right now.
      const context = new Context();
      try {
        return context.listReaders().map((r) => r.name);
      } finally {
        context.close();
      }
    }
    case 'start-monitor':
      startMonitor();
      return null;
    case 'stop-monitor':
      devices?.stop();
      devices = null;
      return null;
    case 'transmit': {
      const card = devices?.getCard(request.reader);
      if (!card) throw new Error(`no card connected in ${request.reader}`);
      const started = performance.now();
      const response = await card.transmit(Buffer.from(request.apdu, 'hex'), { autoGetResponse: request.autoGetResponse ?? false });
      return { response: response.toString('hex'), ms: performance.now() - started };
    }
  }
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const request = JSON.parse(line) as ChildRequest;
  handle(request).then(
    (value) => send({ kind: 'reply', id: request.id, ok: true, value }),
    (error: unknown) => send({ kind: 'reply', id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.stdin.on('end', () => {
  devices?.stop();
  process.exit(0);
});
