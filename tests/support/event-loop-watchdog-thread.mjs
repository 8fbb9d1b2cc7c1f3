// The watching thread of event-loop-watchdog.ts: it runs while the test worker's main thread is stuck.
import { readFileSync, writeSync } from 'node:fs';
import process from 'node:process';
import { setInterval } from 'node:timers';
import { workerData } from 'node:worker_threads';

const { heartbeat, limitMs, beatMs, file } = workerData;
let last = Atomics.load(heartbeat, 0);
let quietSince = Date.now();
setInterval(() => {
  const now = Atomics.load(heartbeat, 0);
  if (now !== last) {
    last = now;
    quietSince = Date.now();
    return;
  }
  if (Date.now() - quietSince < limitMs) return;
  // Where the main thread sits in the kernel (a futex, a socket read…), for whoever reads the log.
  let where = '';
  try {
    where = ` Its main thread waits in ${readFileSync(`/proc/self/task/${process.pid}/wchan`, 'utf8')}.`;
  } catch {
    // not Linux: the file name alone
  }
  writeSync(2, `\n[event-loop-watchdog] ${file}: the test worker's event loop has been blocked for ${Math.round(limitMs / 1000)} s (a synchronous call that never returned).${where} Ending the worker so the run can go on.\n`);
  process.kill(process.pid, 'SIGKILL');
}, beatMs);
