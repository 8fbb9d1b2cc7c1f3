import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, expect } from 'vitest';

/**
 * A test worker whose event loop is blocked (a synchronous native call that never returns)
 * is beyond Vitest's own timeouts: they are timers on that same loop, so the run would wait
 * for ever. A thread of its own watches a heartbeat; after BLOCKED_LIMIT_MS without one it
 * says which file it was and ends the worker, so Vitest reports that file as failed and
 * the run goes on.
 */
const BLOCKED_LIMIT_MS = Number(process.env.EVENT_LOOP_WATCHDOG_MS ?? 180_000);
const BEAT_MS = 1_000;
// From the project root (Vitest's), not import.meta.url: under jsdom that is not a file: URL.
const THREAD = resolve('tests/support/event-loop-watchdog-thread.mjs');

const heartbeat = new Int32Array(new SharedArrayBuffer(8));
const started = Date.now();
const beat = (): void => void Atomics.store(heartbeat, 0, Math.floor((Date.now() - started) / BEAT_MS));

let watcher: Worker | undefined;
let timer: NodeJS.Timeout | undefined;

beforeAll(() => {
  const file = expect.getState().testPath ?? 'a test file';
  beat();
  timer = setInterval(beat, BEAT_MS);
  timer.unref();
  watcher = new Worker(THREAD, { workerData: { heartbeat, limitMs: BLOCKED_LIMIT_MS, beatMs: BEAT_MS, file } });
  watcher.unref();
});

afterAll(async () => {
  if (timer) clearInterval(timer);
  await watcher?.terminate();
});
