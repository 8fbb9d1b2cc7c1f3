import { count, ms, perSecond, seconds, table } from './format';

interface Latency { count: number; p50Ms: number; p95Ms: number; maxMs: number }
interface Scenario {
  stations: number;
  mutations: number;
  batchSize: number;
  pushPhaseMs: number;
  appliedPerSecond: number;
  allCaughtUpMs: number;
  push: Latency;
  pull: Latency;
  longPollWake: Latency;
  errors: number;
  firstError: string | null;
  serverRssMb: number[];
}
export interface ServerLoadResult { results: Record<string, Scenario> }

const SCENARIO_NAMES: Record<string, string> = {
  postgresql: 'one server, PostgreSQL',
  'postgresql-two-instances': 'two servers, one PostgreSQL',
  pglite: 'one server, PGlite',
};

const latency = (l: Latency): string => `${ms(l.p50Ms)} / ${ms(l.p95Ms)} / ${ms(l.maxMs)}`;

/** bench/results/server-load.json: one column per scenario. */
export function renderServerLoad(result: ServerLoadResult): string {
  const scenarios = Object.entries(result.results);
  const column = (cell: (s: Scenario) => string) => scenarios.map(([, s]) => cell(s));
  const rows = [
    ['stations × new applicants each', ...column((s) => `${s.stations} × ${count(s.mutations / s.stations)} (${s.batchSize} per push)`)],
    ['applied mutations/s (push phase)', ...column((s) => `**${perSecond(s.appliedPerSecond)}** (${count(s.mutations)} in ${seconds(s.pushPhaseMs)})`)],
    ['every station caught up with the feed', ...column((s) => seconds(s.allCaughtUpMs))],
    ['push of a batch, p50 / p95 / max', ...column((s) => latency(s.push))],
    ['feed page (no wait), p50 / p95 / max', ...column((s) => latency(s.pull))],
    ['long-poll wake-up, p50 / p95 / max', ...column((s) => `${latency(s.longPollWake)} (${count(s.longPollWake.count)})`)],
    ['errors', ...column((s) => (s.errors === 0 ? '0' : `**${count(s.errors)}**: ${s.firstError ?? ''}`.replace(/\|/g, '\\|')))],
    ['peak server RSS', ...column((s) => s.serverRssMb.map((mb) => `${count(mb)} MB`).join(' + '))],
  ];
  return table(['figure', ...scenarios.map(([key]) => SCENARIO_NAMES[key] ?? key)], rows, [false, ...scenarios.map(() => false)]);
}
