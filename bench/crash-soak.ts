import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { arch, cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { bundleCrashChild, createKeyFile, runCrashRounds, type CrashRunSummary } from '../tests/support/crash-harness';

/**
 * `npm run bench:soak [-- --rounds N] [--rounds-per-store N] [--seed N] [--compact-every N]`
 *
 * The crash test's kill-and-reopen rounds (tests/support/crash-harness.ts), many more
 * of them: the real station is SIGKILLed 30–400 ms after its first acknowledged
 * enrollment of each round, then the store is reopened and checked against every
 * enrollment acknowledged so far. Every `--rounds-per-store` rounds a new data folder
 * is started, so stores stay within the station's design size (≈ 250 rounds ≈ 65,000
 * applicants) and the run finishes in minutes. Writes bench/results/crash-soak.json.
 */
function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at === -1) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a positive whole number`);
  return value;
}

/** Which source was soaked: the commit, and whether src/ had changes on top of it. */
function sourceVersion(): { commit: string; uncommittedChangesInSrc?: boolean } {
  try {
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: __dirname, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    return { commit: git('rev-parse', 'HEAD'), uncommittedChangesInSrc: git('status', '--porcelain', '--', '../src') !== '' };
  } catch {
    return { commit: process.env.SOAK_SOURCE_COMMIT ?? 'unknown (not a git checkout; set SOAK_SOURCE_COMMIT)' };
  }
}

async function main(): Promise<void> {
  const source = sourceVersion();
  const rounds = option('rounds', 1000);
  const roundsPerStore = option('rounds-per-store', 250);
  const seed = option('seed', 1 + Math.floor(Math.random() * 2 ** 30));
  // 0 = the station's default compaction; e.g. --compact-every 40 aims kills at compactions.
  const compactEvery = process.argv.includes('--compact-every') ? option('compact-every', 0) : 0;
  const killDelayMs = { min: 30, max: 400 };
  const started = Date.now();
  const work = await mkdtemp(join(tmpdir(), 'station-soak-'));
  const stores: (CrashRunSummary & { store: number; seconds: number })[] = [];
  let done = 0;
  try {
    const childFile = await bundleCrashChild(work);
    for (let store = 1; done < rounds; store++) {
      const dataDir = join(work, `store-${store}`, 'data');
      const keyFile = join(work, `store-${store}`, 'keys', 'station.key');
      await createKeyFile(keyFile);
      const storeStarted = Date.now();
      const planned = Math.min(roundsPerStore, rounds - done);
      const summary = await runCrashRounds({
        childFile,
        dataDir,
        keyFile,
        rounds: planned,
        seed: seed + store,
        killDelayMs,
        compactEvery,
        onRound: (r) => {
          if (r.round % 25 === 0) {
            console.log(`store ${store} round ${r.round}: ${r.applicants} applicants, ${((Date.now() - started) / 1000).toFixed(0)} s`);
          }
        },
      });
      stores.push({ store, seconds: Math.round((Date.now() - storeStarted) / 100) / 10, ...summary });
      done += summary.rounds;
      console.log(`store ${store}: ${JSON.stringify({ ...summary, problems: summary.problems.slice(0, 5) })}`);
      await rm(join(work, `store-${store}`), { recursive: true, force: true });
      if (summary.rounds < planned) break; // the station or its store could not go on: see problems
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }

  const sum = (pick: (s: CrashRunSummary) => number): number => stores.reduce((total, s) => total + pick(s), 0);
  const problems = stores.flatMap((s) => s.problems.map((p) => `store ${s.store}, ${p}`));
  const result = {
    name: 'crash soak: SIGKILL mid-enrollment, reopen, check every acknowledged enrollment',
    rounds: done,
    acknowledged: sum((s) => s.acknowledged),
    /** Applicants in the stores after their last round (summed over the stores). */
    applicantsAfter: sum((s) => s.applicantsAfter),
    lost: sum((s) => s.lost),
    duplicates: sum((s) => s.duplicates),
    savedWithoutAck: sum((s) => s.savedWithoutAck),
    compactions: sum((s) => s.compactions),
    roundsKilledInsideCompaction: sum((s) => s.roundsKilledInsideCompaction),
    roundsWithTornTail: sum((s) => s.roundsWithTornTail),
    /** Temp files a kill inside a compaction left in the data folder (the next open removes them). */
    tempFilesLeftBehind: stores.flatMap((s) => s.tempFilesAtEnd.map((t) => ({ store: s.store, ...t }))),
    problems: problems.slice(0, 50),
    problemCount: problems.length,
    durationSeconds: Math.round((Date.now() - started) / 1000),
    source,
    settings: { seed, roundsPerStore, killDelayMs, workersInChild: 2, compaction: compactEvery > 0 ? `every ${compactEvery} commits` : 'station default (every 5,000 commits or 8 MiB)' },
    stores: stores.map(({ problems: _problems, ...s }) => s),
    machine: {
      node: process.version,
      platform: `${platform()} ${release()} ${arch()}`,
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      tmpdir: tmpdir(),
      at: new Date().toISOString(),
    },
  };
  const dir = join(__dirname, 'results');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'crash-soak.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify({ ...result, stores: undefined }, null, 2));
  if (result.lost > 0 || result.duplicates > 0 || problems.length > 0) process.exitCode = 1;
}

void main();
