import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AuditSegmentJson } from '../store/audit-log';
import { FromWorker, RESULTS, ToWorker, WorkerSetup, type WorkerRequest, type WorkerResult } from './audit-worker-protocol';

/** The worker's code: a file, or (`eval`) a few lines that load it. */
export interface WorkerScript {
  source: string;
  eval: boolean;
}

/**
 * Where the audit worker's code is. From sources (tsx, Vitest) it is audit-worker.ts beside
 * this file, loaded through tsx's require hook (Node 20 does not apply `--import` loaders to a
 * worker's first file); in the packaged app this file is bundled into .vite/build/main.js and
 * the worker is its own entry beside it (vite.main.config.ts).
 */
export function auditWorkerScript(self: string = __filename): WorkerScript {
  const dir = join(self, '..');
  if (!self.endsWith('.ts')) return { source: join(dir, 'audit-worker.js'), eval: false };
  const tsx = createRequire(self).resolve('tsx/cjs/api');
  const file = join(dir, 'audit-worker.ts');
  return { source: `require(${JSON.stringify(tsx)}).register();\nrequire(${JSON.stringify(file)});`, eval: true };
}

/** The worker stopped, failed, or did not answer in time. */
export class AuditWorkerError extends Error {}

interface Pending {
  kind: WorkerRequest['kind'];
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * The main thread's side of the audit worker: messages go in order, the History's segments
 * one per event-loop turn (a 1,000,000-entry trail is 1,000 turns of well under a
 * millisecond each); every request has a timeout and fails at once if the worker is gone.
 */
export class AuditWorkerClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Messages held back while segments are still being posted, so everything arrives in order. */
  private held: ToWorker[] | undefined;
  private stopped: AuditWorkerError | undefined;

  constructor(
    setup: WorkerSetup,
    private readonly timeoutMs = 60_000,
    script = auditWorkerScript(),
  ) {
    // A larger young generation: parsing makes many short-lived objects (GC 357 → 243 ms for 50,000 entries, measured here).
    const resourceLimits = { maxYoungGenerationSizeMb: 64 };
    // No inherited flags (tsx's loaders under the web host): the eval script loads tsx itself when it must.
    this.worker = new Worker(script.source, { eval: script.eval, workerData: WorkerSetup.parse(setup), resourceLimits, execArgv: [] });
    // The station's close() ends it; a forgotten one must not keep the process alive.
    this.worker.unref();
    this.worker.on('message', (raw: unknown) => this.receive(raw));
    this.worker.on('error', (error) => this.fail(`the audit check failed: ${error.message}`));
    this.worker.on('messageerror', () => this.fail('the audit check sent a message that could not be read'));
    this.worker.on('exit', (code) => this.fail(`the audit check stopped (exit code ${code})`));
  }

  /** Posts the History's segments, one per turn; what is posted meanwhile follows them. */
  async load(segments: readonly AuditSegmentJson[]): Promise<void> {
    this.held = [];
    for (const segment of segments) {
      if (this.stopped) break;
      // Often a view into a larger buffer (the decrypted snapshot), which posting would copy whole:
      // copy just its bytes, and hand those over without a second copy.
      const json = new Uint8Array(segment.json.byteLength);
      json.set(segment.json);
      this.send({ type: 'segment', json, count: segment.count }, [json.buffer]);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const held = this.held ?? [];
    this.held = undefined;
    for (const message of held) this.post(message);
  }

  post(message: ToWorker): void {
    if (this.held) this.held.push(message);
    else this.send(message);
  }

  request<K extends WorkerRequest['kind']>(request: Extract<WorkerRequest, { kind: K }>, timeoutMs = this.timeoutMs): Promise<WorkerResult<K>> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise<WorkerResult<K>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new AuditWorkerError(`the audit check did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { kind: request.kind, resolve: resolve as (result: unknown) => void, reject, timer });
      this.post({ type: 'request', id, request });
    });
  }

  async close(): Promise<void> {
    this.fail('the station closed');
    await this.worker.terminate();
  }

  private send(message: ToWorker, transfer: ArrayBuffer[] = []): void {
    if (!this.stopped) this.worker.postMessage(ToWorker.parse(message), transfer);
  }

  private receive(raw: unknown): void {
    const message = FromWorker.safeParse(raw);
    if (!message.success) return this.fail('the audit check sent a message outside its protocol');
    const pending = this.pending.get(message.data.id);
    if (!pending) return; // timed out already
    this.pending.delete(message.data.id);
    clearTimeout(pending.timer);
    if (!message.data.ok) return pending.reject(new AuditWorkerError(message.data.error));
    const result = RESULTS[pending.kind].safeParse(message.data.result);
    if (result.success) pending.resolve(result.data);
    else pending.reject(new AuditWorkerError(`the audit check answered a ${pending.kind} request outside its protocol`));
  }

  /** Every waiting request fails now, and every later one at once. */
  private fail(reason: string): void {
    if (this.stopped) return;
    this.stopped = new AuditWorkerError(reason);
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(this.stopped);
    }
    this.pending.clear();
    this.held = undefined;
    void this.worker.terminate();
  }
}
