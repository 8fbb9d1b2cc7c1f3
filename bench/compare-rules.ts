/**
 * Which figures `npm run bench:compare` compares, and which way is better. A figure is a numeric
 * leaf of a results file, named by its path (`results[1].encryptedStore.write.p95`); the first rule
 * whose pattern matches the path decides. A figure no rule matches is not compared but listed, so a
 * new benchmark's figures get a rule here instead of being silently ignored.
 */

export type Direction = 'lower' | 'higher' | 'skip';

export interface Rule { pattern: RegExp; direction: Direction; why: string }

export const RULES: Rule[] = [
  { pattern: /^machine\./, direction: 'skip', why: 'where it ran, not what it measured' },
  { pattern: /(^|\.)(settings|source)\./, direction: 'skip', why: 'what the run was given' },
  {
    pattern: /(^|\.)(samples|entries|enrollments|applicantsStored|stations|batchSize|mutations|kills|rounds|roundsPerStore|store|seed|workersInChild|acknowledged|applicantsAfter|savedWithoutAck|compactions|roundsKilledInsideCompaction|bytes)$/,
    direction: 'skip',
    why: 'counts and inputs: the benchmark chose them, or they follow from how long it ran',
  },
  { pattern: /(^|\.)(lost|duplicates|problemCount|roundsWithTornTail)$/, direction: 'lower', why: 'failures: any rise from 0 is flagged' },
  { pattern: /([pP]erSecond|[tT]hroughput)$/, direction: 'higher', why: 'throughput' },
  { pattern: /(^|\.)(ms|p50|p95|p99|max|min|mean)$|Ms$|[sS]econds$/, direction: 'lower', why: 'time' },
  { pattern: /Mb$/, direction: 'lower', why: 'memory' },
  { pattern: /PerRead$/, direction: 'lower', why: 'work per operation (APDUs per card read)' },
];

/** The rule for a figure's path, or undefined when none matches. */
export function ruleFor(path: string): Rule | undefined {
  return RULES.find((rule) => rule.pattern.test(path));
}
