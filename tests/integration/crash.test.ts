import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCrashChild, createKeyFile, runCrashRounds } from '../support/crash-harness';
import { scratchDir } from '../support/web-host';

/**
 * The station is killed (SIGKILL: no shutdown, no flush, no lock release) at random
 * moments while a clerk keeps enrolling people, 50 times on the same data folder.
 * After every kill the store must open as the next start would open it, and hold
 * every enrollment the station acknowledged, exactly once, under the Employee Number
 * the clerk was shown. Kill timing is random (seed printed); pass/fail is not.
 */
const ROUNDS = 50;
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

let dir: { path: string; remove(): Promise<void> };
let childFile: string;

beforeAll(async () => {
  dir = await scratchDir('station-crash-');
  childFile = await bundleCrashChild(dir.path);
});
afterAll(() => dir.remove());

describe('a station killed in the middle of enrolling', () => {
  it(`keeps every acknowledged enrollment, exactly once, across ${ROUNDS} kills`, async () => {
    const dataDir = join(dir.path, 'data');
    const keyFile = join(dir.path, 'keys', 'station.key');
    await createKeyFile(keyFile);

    // A compaction every 40 commits, so kills also land during compactions' renames.
    const summary = await runCrashRounds({ childFile, dataDir, keyFile, rounds: ROUNDS, seed: SEED, compactEvery: 40 });

    console.log(
      `crash test (CRASH_SEED=${SEED}): ${summary.rounds} rounds, ${summary.acknowledged} acknowledged, ${summary.applicantsAfter} applicants ` +
        `(${summary.savedWithoutAck} saved without ACK), ${summary.compactions} compactions, ${summary.roundsKilledInsideCompaction} kills inside a compaction`,
    );
    expect(summary.problems).toEqual([]);
    expect(summary.rounds).toBe(ROUNDS);
    expect(summary.lost).toBe(0);
    expect(summary.duplicates).toBe(0);
    // Every round was killed only after the station acknowledged at least one enrollment.
    expect(summary.acknowledged).toBeGreaterThanOrEqual(ROUNDS);
    expect(summary.applicantsAfter).toBeGreaterThanOrEqual(summary.acknowledged);
    expect(summary.compactions).toBeGreaterThan(ROUNDS);
  }, 180_000);
});
