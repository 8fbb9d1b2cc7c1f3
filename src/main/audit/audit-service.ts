import { StationError } from '../../shared/contract/errors';
import type { AuditExport, AuditPage, ChainCheck } from '../../shared/contract/operators';
import type { AuditAction, AuditEntry } from '../../shared/domain/audit-chain';
import type { StationStore } from '../store/station-store';
import type { Actor } from './audit-trail';
import { AuditWorkerClient, auditWorkerScript, type WorkerScript } from './audit-worker-host';
import { AUDIT_BUNDLE_FORMAT } from './bundle';

export interface AuditServiceDeps {
  store: StationStore;
  station: { id: string; name: string };
  actor: () => Actor;
  now: () => Date;
  /** Tests: a shorter wait for the worker's answers, another worker script. */
  worker?: { timeoutMs?: number; script?: WorkerScript };
}

/** A signature is verified every this many entries, and at the head (chain-checker.ts). */
export const CHECKPOINT_EVERY = 1_000;
/** How long a whole check may take: generous, since every signature of a damaged range is verified (≈ 0.08 ms each). */
const checkTimeoutMs = (entries: number) => 60_000 + entries * 0.2;

/**
 * The supervisors' Audit view, the person's History, and exports. The whole History is
 * held, checked and searched by the audit worker (audit-worker.ts), from the station's
 * start; the main thread only forwards new entries and asks
 * (docs/decisions/0015-audit-check-off-the-main-thread.md).
 */
export function createAuditService(deps: AuditServiceDeps) {
  const worker = new AuditWorkerClient(
    { publicKey: deps.store.data.auditKey.publicKey, stationId: deps.station.id, checkpointEvery: CHECKPOINT_EVERY },
    deps.worker?.timeoutMs,
    deps.worker?.script ?? auditWorkerScript(),
  );
  const stopForwarding = deps.store.onCommitted((changes) => {
    const appended = changes.filter((c) => c.kind === 'audit.appended').length;
    if (appended === 0) return;
    // Read back from the History: an entry replayed from before the chain existed is linked and signed there.
    const { audit } = deps.store.data;
    worker.post({ type: 'append', entries: audit.slice(audit.length - appended) });
  });
  void worker.load(deps.store.data.audit.segmentsJson());

  const acknowledgedHead = () => deps.store.data.sync.auditAcked;
  const unreadable = (error: unknown) => `The audit trail could not be checked: ${error instanceof Error ? error.message : String(error)}. Restart the station to check it again.`;
  /** A worker that failed is a station fault the operator must see, never a silent pass. */
  const ask = <T>(answer: Promise<T>): Promise<T> => answer.catch((error: unknown) => Promise.reject(new StationError('INTERNAL', unreadable(error))));

  let running: Promise<ChainCheck> | undefined;
  const check = (): Promise<ChainCheck> => {
    running ??= worker
      .request({ kind: 'check', acknowledgedHead: acknowledgedHead() }, checkTimeoutMs(deps.store.data.audit.length))
      .catch((error: unknown): ChainCheck => ({ ok: false, head: null, acknowledgedHead: acknowledgedHead(), findings: [{ seq: null, problem: 'unchecked', message: unreadable(error) }] }))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  // Warm up at start: a large trail is checked before anyone opens the Audit view.
  void check();

  return {
    check,

    async list(query: { employeeNumber?: string | undefined; text: string; limit: number }): Promise<AuditPage> {
      const { employeeNumber, text, limit } = query;
      const page = await ask(worker.request({ kind: 'list', ...(employeeNumber ? { employeeNumber } : {}), text, limit, acknowledgedHead: acknowledgedHead() }));
      // A person's History does not wait for a whole-trail check still running from start: it gets what is known so far.
      const chain = employeeNumber && running ? page.soFar : await check();
      return { entries: page.entries, total: page.total, chain };
    },

    /** A person's entries, oldest first (their page). */
    history: (employeeNumber: string): Promise<AuditEntry[]> => ask(worker.request({ kind: 'history', employeeNumber })),

    /** Whether the trail holds an entry with this action about this record. */
    logged: (action: AuditAction, recordId: string): Promise<boolean> => ask(worker.request({ kind: 'logged', action, recordId })),

    async export({ format }: { format: 'csv' | 'bundle' }): Promise<AuditExport> {
      const stamp = deps.now().toISOString().replace(/[:.]/g, '-');
      const base = `audit-${deps.station.name.replace(/[^A-Za-z0-9_-]+/g, '-')}-${stamp}`;
      if (format === 'csv') return { fileName: `${base}.csv`, mediaType: 'text/csv', content: await ask(worker.request({ kind: 'csv' })) };
      const { auditKey } = deps.store.data;
      const header = {
        format: AUDIT_BUNDLE_FORMAT,
        stationId: deps.station.id,
        stationName: deps.station.name,
        publicKey: auditKey.publicKey,
        exportedAt: deps.now().toISOString(),
        exportedBy: deps.actor().name,
        acknowledgedHead: acknowledgedHead(),
      } as const;
      const content = await ask(worker.request({ kind: 'bundle', header, secretKey: auditKey.secretKey }));
      return { fileName: `${base}.json`, mediaType: 'application/json', content };
    },

    /** Ends the worker (the station is closing). */
    async close(): Promise<void> {
      stopForwarding();
      await worker.close();
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
