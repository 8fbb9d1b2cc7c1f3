import { count, ms, perSecond, seconds, table } from './format';

interface Backend {
  drain: { enrollments: number; offlineEnrollMs: number; drainMs: number; drainedPerSecond: number };
  throughput: { stations: number; batchSize: number; mutations: number; ms: number; appliedPerSecond: number };
}
export interface SyncResult { results: Record<string, Backend> }

const BACKEND_NAMES: Record<string, string> = { pglite: 'PGlite (embedded)', postgresql: 'PostgreSQL' };

/** bench/results/sync.json: one column per database backend. */
export function renderSync(result: SyncResult): string {
  const backends = Object.entries(result.results);
  const column = (cell: (backend: Backend) => string) => backends.map(([, backend]) => cell(backend));
  const rows = [
    ['enrollments saved offline (station only)', ...column(({ drain }) => `${count(drain.enrollments)} in ${seconds(drain.offlineEnrollMs)} (${ms(drain.offlineEnrollMs / drain.enrollments)} each)`)],
    ['drain them once the network returns (outbox empty)', ...column(({ drain }) => `**${seconds(drain.drainMs)}** (${perSecond(drain.drainedPerSecond)})`)],
    ['server throughput: stations pushing batches at once', ...column(({ throughput: t }) => `**${count(t.appliedPerSecond)} applied mutations/s** (${t.stations} stations × ${count(t.batchSize)}-mutation batches, ${count(t.mutations)} in ${seconds(t.ms)})`)],
  ];
  return table(['figure', ...backends.map(([key]) => BACKEND_NAMES[key] ?? key)], rows, [false, ...backends.map(() => false)]);
}
