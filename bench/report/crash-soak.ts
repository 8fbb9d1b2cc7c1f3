import { count, table } from './format';

export interface CrashSoakResult {
  rounds: number;
  acknowledged: number;
  applicantsAfter: number;
  savedWithoutAck: number;
  lost: number;
  duplicates: number;
  compactions: number;
  roundsKilledInsideCompaction: number;
  tempFilesLeftBehind: unknown[];
  problemCount: number;
  durationSeconds: number;
  settings: { roundsPerStore: number };
  source?: { commit: string };
  stores: unknown[];
}

/** bench/results/crash-soak.json (`npm run bench:soak`): one row for the whole soak. */
export function renderCrashSoak(result: CrashSoakResult): string {
  const headers = ['kill rounds', 'acknowledged enrollments', 'applicants after', 'saved, not yet acknowledged', 'lost', 'duplicated', 'compactions (killed inside one)', 'temp files left behind', 'problems', 'duration'];
  const row = [
    `${count(result.rounds)} (${result.stores.length} stores × ${count(result.settings.roundsPerStore)})`,
    count(result.acknowledged),
    count(result.applicantsAfter),
    count(result.savedWithoutAck),
    `**${count(result.lost)}**`,
    `**${count(result.duplicates)}**`,
    `${count(result.compactions)} (${count(result.roundsKilledInsideCompaction)})`,
    count(result.tempFilesLeftBehind.length),
    count(result.problemCount),
    `${count(Math.round(result.durationSeconds / 60))} min`,
  ];
  const commit = result.source ? `\n\nRun on commit \`${result.source.commit.slice(0, 7)}\`.` : '';
  return table(headers, [row]) + commit;
}
