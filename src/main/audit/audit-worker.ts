import { parentPort, workerData } from 'node:worker_threads';
import { AuditEntries } from './audit-entries';
import { FromWorker, RESULTS, ToWorker, WorkerSetup, type WorkerRequest } from './audit-worker-protocol';
import { ChainChecker } from './chain-checker';

/**
 * The audit worker: holds the parsed History, checks its chain and answers the queries
 * that read all of it, so the station's main thread never does (audit-worker-host.ts
 * starts it; docs/decisions/0015-audit-check-off-the-main-thread.md).
 */
const port = parentPort!;
const setup = WorkerSetup.parse(workerData);
const entries = new AuditEntries();
const checker = new ChainChecker(entries.all, setup);
let checking: Promise<void> | undefined;

/** Checks a range per turn, so queries and new entries are answered in between. */
function checkAll(): Promise<void> {
  checking ??= (async () => {
    while (checker.step()) await new Promise((resolve) => setImmediate(resolve));
  })().finally(() => {
    checking = undefined;
  });
  return checking;
}

async function answer(request: WorkerRequest): Promise<unknown> {
  switch (request.kind) {
    case 'check':
      await checkAll();
      return checker.result(request.acknowledgedHead, true);
    case 'list':
      return { ...entries.list(request), soFar: checker.result(request.acknowledgedHead) };
    case 'history':
      return entries.history(request.employeeNumber);
    case 'logged':
      return entries.logged(request.action, request.recordId);
    case 'csv':
      return entries.csv();
    case 'bundle':
      return entries.bundle(request.header, request.secretKey);
  }
}

function parseSegment(json: Uint8Array, count: number): unknown[] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(json.buffer, json.byteOffset, json.byteLength).toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === count) return parsed;
  } catch {
    // reported below, as entries that are not valid
  }
  return Array.from({ length: count }, () => null);
}

const reply = (message: FromWorker) => port.postMessage(FromWorker.parse(message));

port.on('message', (raw: unknown) => {
  const message = ToWorker.parse(raw);
  if (message.type === 'segment') entries.add(parseSegment(message.json, message.count));
  else if (message.type === 'append') entries.add(message.entries);
  else {
    const { id, request } = message;
    void answer(request)
      .then((result): FromWorker => ({ type: 'reply', id, ok: true, result: RESULTS[request.kind].parse(result) }))
      .catch((error: unknown): FromWorker => ({ type: 'reply', id, ok: false, error: error instanceof Error ? error.message : String(error) }))
      .then(reply);
  }
});
