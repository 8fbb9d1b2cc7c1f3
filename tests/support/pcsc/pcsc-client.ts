import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { ChildEvent, ChildMessage, ChildRequest } from './pcsc-client-child';

/**
 * Test-side handle on the `smartcard` binding running in a child process
 * (pcsc-client-child.ts) whose PCSCLITE_CSOCK_NAME points at a private pcscd.
 */

export type PcscEvent = ChildEvent & {
  /** 1-based position in the event log, so a test can wait for events after a point. */
  seq: number;
};

export interface TransmitResult {
  response: Buffer;
  /** Round trip as the binding saw it (card.transmit), in ms. */
  ms: number;
}

/** Omit over a union: keep each member's own fields. */
type RequestBody<R> = R extends { id: number } ? Omit<R, 'id'> : never;

export interface PcscClient {
  /** Every event the binding's Devices monitor emitted, oldest first. */
  readonly events: readonly PcscEvent[];
  /** Readers a fresh PC/SC context sees; rejects with the binding's message (e.g. "PC/SC service not running"). */
  listReaders(): Promise<string[]>;
  /** Starts a `Devices` monitor (reader-attached, card-inserted, … become events). */
  startMonitor(): Promise<void>;
  stopMonitor(): Promise<void>;
  /** Sends an APDU to the card the monitor connected in `reader`. */
  transmit(reader: string, apdu: Buffer, options?: { autoGetResponse?: boolean }): Promise<TransmitResult>;
  /** The first event with seq > `after` (default: any) that matches. */
  waitForEvent(match: (event: PcscEvent) => boolean, options?: { after?: number; timeoutMs?: number }): Promise<PcscEvent>;
  /** Sequence number of the latest event (0 before any). */
  lastSeq(): number;
  close(): Promise<void>;
}

const CHILD = resolve(__dirname, 'pcsc-client-child.ts');

export async function startPcscClient(env: { PCSCLITE_CSOCK_NAME: string }): Promise<PcscClient> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: resolve(__dirname, '../../..'),
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const events: PcscEvent[] = [];
  const waiters = new Set<() => void>();
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let stderr = '';
  let exited = false;

  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line) as ChildMessage;
    if (message.kind === 'event') {
      events.push({ ...message.event, seq: events.length + 1 });
      for (const wake of [...waiters]) wake();
      return;
    }
    const call = pending.get(message.id);
    pending.delete(message.id);
    if (!call) return;
    if (message.ok) call.resolve(message.value);
    else call.reject(new Error(message.error));
  });
  const exitedPromise = new Promise<void>((resolveExit) => {
    child.once('exit', (code, signal) => {
      exited = true;
      for (const call of pending.values()) call.reject(new Error(`PC/SC client exited (code ${code}, signal ${signal}):\n${stderr}`));
      pending.clear();
      for (const wake of [...waiters]) wake();
      resolveExit();
    });
  });

  const request = <T>(body: RequestBody<ChildRequest>): Promise<T> => {
    if (exited) return Promise.reject(new Error(`PC/SC client has exited:\n${stderr}`));
    const id = nextId++;
    return new Promise<T>((resolveCall, reject) => {
      pending.set(id, { resolve: (value) => resolveCall(value as T), reject });
      child.stdin.write(`${JSON.stringify({ ...body, id })}\n`);
    });
  };

  return {
    events,
    listReaders: () => request<string[]>({ op: 'list-readers' }),
    startMonitor: () => request<null>({ op: 'start-monitor' }).then(() => undefined),
    stopMonitor: () => request<null>({ op: 'stop-monitor' }).then(() => undefined),
    async transmit(reader, apdu, options = {}) {
      const result = await request<{ response: string; ms: number }>({
        op: 'transmit',
        reader,
        apdu: apdu.toString('hex'),
        autoGetResponse: options.autoGetResponse ?? false,
      });
      return { response: Buffer.from(result.response, 'hex'), ms: result.ms };
    },
    waitForEvent(match, options = {}) {
      const after = options.after ?? 0;
      const timeoutMs = options.timeoutMs ?? 10_000;
      return new Promise<PcscEvent>((resolveEvent, reject) => {
        const check = (): boolean => {
          const found = events.find((e) => e.seq > after && match(e));
          if (found) {
            done();
            resolveEvent(found);
            return true;
          }
          if (exited) {
            done();
            reject(new Error(`PC/SC client exited while waiting for an event:\n${stderr}`));
            return true;
          }
          return false;
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no matching PC/SC event within ${timeoutMs} ms; events so far:\n${JSON.stringify(events, null, 1)}`));
        }, timeoutMs);
        const wake = (): void => {
          check();
        };
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(wake);
        };
        if (!check()) waiters.add(wake);
      });
    },
    lastSeq: () => events.length,
    async close() {
      if (!exited) {
        child.stdin.end(); // the child stops its monitor and exits
        const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exitedPromise;
        clearTimeout(killer);
      }
    },
  };
}
