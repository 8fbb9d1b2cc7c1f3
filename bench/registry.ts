import { benchCardRead } from './card-read';
import { benchEnrollment } from './enrollment';
import { benchMobile } from './mobile';
import { benchOperators } from './operators';
import { benchServerLoad } from './server-load';
import { benchSync } from './sync';

/** What a benchmark returns; `npm run bench` adds the machine and writes it to bench/results/<name>.json. */
export interface BenchResult {
  results: unknown;
  [field: string]: unknown;
}

/** Every benchmark `npm run bench [-- name …]` knows, by the name of its results file. */
export const BENCHMARKS: Record<string, () => Promise<BenchResult>> = {
  enrollment: benchEnrollment,
  'card-read': benchCardRead,
  sync: benchSync,
  mobile: benchMobile,
  operators: benchOperators,
  'server-load': benchServerLoad,
};
