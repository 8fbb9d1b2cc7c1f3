import { renderCardRead } from './card-read';
import { renderCrashSoak } from './crash-soak';
import { renderEnrollment } from './enrollment';
import { renderMobile } from './mobile';
import { renderOperators } from './operators';
import { renderServerLoad } from './server-load';
import { renderSync } from './sync';

/**
 * One markdown renderer per results file, by its name (bench/results/<name>.json). Each knows its own
 * JSON's shape, hence `any` here; `npm run bench:docs` puts the output between the markers
 * `<!-- generated:<name> -->` and `<!-- /generated:<name> -->` in docs/performance.md.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const RENDERERS: Record<string, (result: any) => string> = {
  enrollment: renderEnrollment,
  'card-read': renderCardRead,
  sync: renderSync,
  mobile: renderMobile,
  operators: renderOperators,
  'crash-soak': renderCrashSoak,
  'server-load': renderServerLoad,
};
