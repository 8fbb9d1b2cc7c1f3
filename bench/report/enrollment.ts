import { count, ms, seconds, table } from './format';

interface Percentiles { p50: number; p95: number; max: number; samples: number }
interface EnrollmentTier {
  applicantsStored: number;
  auditEntries: number;
  encryptedStore: {
    stationReadyMs: number;
    openMs: number;
    writeAfterStart: Percentiles;
    writeSteady: Percentiles;
    search: Percentiles;
    audit: { entries: number; ok: boolean; checkedAfterStartMs: number; checkedAfterReadyMs: number };
    eventLoop: { maxMs: number; p99Ms: number };
    memory: { rssMb: number; heapUsedMb: number };
  };
  plainLowdb?: { write: Percentiles; openMs: number };
}
export interface EnrollmentResult { target?: string; results: EnrollmentTier[] }

/** The whole-trail check's pace: seconds per 100,000 entries, from the station being ready. */
const per100k = (tier: EnrollmentTier) => `${seconds((tier.encryptedStore.audit.checkedAfterReadyMs / Math.max(1, tier.encryptedStore.audit.entries)) * 100_000)}`;

/** bench/results/enrollment.json: the station per population, then the comparison with plain lowdb. */
export function renderEnrollment(result: EnrollmentResult): string {
  const station = table(
    ['applicants and audit entries', 'station ready', 'store open', 'write right after start p50 / p95 / max', 'write later p95', 'search p95', 'audit trail checked after ready (per 100,000)', 'event loop max', 'memory (RSS)'],
    result.results.map((tier) => {
      const s = tier.encryptedStore;
      return [
        count(tier.applicantsStored),
        ms(s.stationReadyMs),
        ms(s.openMs),
        `${ms(s.writeAfterStart.p50)} / ${ms(s.writeAfterStart.p95)} / ${ms(s.writeAfterStart.max)}`,
        ms(s.writeSteady.p95),
        ms(s.search.p95),
        // The pace per 100,000 means something only for a trail that long (below, the worker's start dominates).
        `${seconds(s.audit.checkedAfterReadyMs)}${s.audit.entries >= 100_000 ? ` (${per100k(tier)})` : ''}${s.audit.ok ? '' : ' — NOT intact'}`,
        ms(s.eventLoop.maxMs),
        `${count(s.memory.rssMb)} MB`,
      ];
    }),
  );
  const compared = result.results.filter((tier) => tier.plainLowdb);
  const lowdb = table(
    ['applicants', 'encrypted store write p95', 'plain lowdb write p95', 'plain lowdb open'],
    compared.map((tier) => [count(tier.applicantsStored), ms(tier.encryptedStore.writeSteady.p95), ms(tier.plainLowdb!.write.p95), ms(tier.plainLowdb!.openMs)]),
  );
  const target = result.target ? `\n\nTarget (from the JSON): ${result.target}.` : '';
  return `${station}\n\n${lowdb}${target}`;
}
