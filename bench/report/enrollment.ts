import { count, ms, table } from './format';

interface Percentiles { p50: number; p95: number; max: number; samples: number }
interface EnrollmentTier {
  applicantsStored: number;
  encryptedStore: { write: Percentiles; search: Percentiles; openMs: number; stationReadyMs: number };
  plainLowdb: { write: Percentiles; openMs: number };
}
export interface EnrollmentResult { target?: string; results: EnrollmentTier[] }

/** bench/results/enrollment.json: one row per population. */
export function renderEnrollment(result: EnrollmentResult): string {
  const rows = result.results.map((tier) => {
    const store = tier.encryptedStore;
    return [
      count(tier.applicantsStored),
      ms(store.write.p50), ms(store.write.p95), ms(store.write.max),
      ms(store.openMs), ms(store.stationReadyMs), ms(store.search.p95),
      ms(tier.plainLowdb.write.p95), ms(tier.plainLowdb.openMs),
    ];
  });
  const headers = ['applicants', 'write p50', 'write p95', 'write max', 'open', 'station ready', 'search p95', 'plain lowdb write p95', 'plain lowdb open'];
  const target = result.target ? `\n\nTarget (from the JSON): ${result.target}.` : '';
  return table(headers, rows) + target;
}
