import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { ruleFor } from './compare-rules';
import { table } from './report/format';
import type { BenchResult } from './registry';
import { DOC_PATH, generateDocs, readResults, RESULTS_DIR } from './report/generate';

/**
 * `npm run bench:compare -- <name …> [--threshold 25] [--write]`: reruns those benchmarks and compares
 * every figure with the committed bench/results/<name>.json, flagging any more than the threshold
 * worse (exit code 1). `--write` then saves the new results and regenerates docs/performance.md.
 * `--from <dir>` compares the results files in <dir> instead of rerunning anything.
 */

export interface Row { path: string; committed: number; now: number; changePercent: number; flagged: boolean }
export interface Comparison { rows: Row[]; uncompared: string[]; missing: string[] }

/** Every numeric leaf, by path: `results[1].encryptedStore.write.p95`. */
function figures(json: unknown, path = '', found = new Map<string, number>()): Map<string, number> {
  if (typeof json === 'number') found.set(path, json);
  else if (Array.isArray(json)) json.forEach((item, i) => figures(item, `${path}[${i}]`, found));
  else if (json && typeof json === 'object') {
    for (const [key, value] of Object.entries(json)) figures(value, path ? `${path}.${key}` : key, found);
  }
  return found;
}

/** Compares two results files figure by figure; `flagged` when a figure is more than `thresholdPercent` worse. */
export function compareResults(committed: unknown, now: unknown, thresholdPercent = 25): Comparison {
  const before = figures(committed);
  const after = figures(now);
  const comparison: Comparison = { rows: [], uncompared: [], missing: [] };
  for (const [path, was] of before) {
    const rule = ruleFor(path);
    if (rule?.direction === 'skip') continue;
    if (!rule) { comparison.uncompared.push(path); continue; }
    const is = after.get(path);
    if (is === undefined) { comparison.missing.push(path); continue; }
    // From 0 any rise is infinitely worse (a failure where there were none).
    const changePercent = was === 0 ? (is === 0 ? 0 : Math.sign(is) * Infinity) : ((is - was) / Math.abs(was)) * 100;
    const worsePercent = rule.direction === 'lower' ? changePercent : -changePercent;
    comparison.rows.push({ path, committed: was, now: is, changePercent, flagged: worsePercent > thresholdPercent });
  }
  return comparison;
}

const percent = (change: number) => (Number.isFinite(change) ? `${change > 0 ? '+' : ''}${change.toFixed(1)} %` : `${change > 0 ? '+' : '−'}∞`);

/** The comparison as a markdown table (it pastes into an issue), then what could not be compared. */
export function formatComparison(name: string, comparison: Comparison, thresholdPercent: number): string {
  const rows = comparison.rows.map((row) => [
    row.path, String(row.committed), String(row.now), percent(row.changePercent), row.flagged ? `**more than ${thresholdPercent} % worse**` : '',
  ]);
  const lines = [`### ${name}`, '', table(['figure', 'committed', 'now', 'change', ''], rows, [false, true, true, true, false])];
  if (comparison.missing.length > 0) lines.push('', `Not in the new results (has the JSON's shape changed?): ${comparison.missing.join(', ')}`);
  if (comparison.uncompared.length > 0) lines.push('', `Not compared, no rule in bench/compare-rules.ts: ${comparison.uncompared.join(', ')}`);
  return lines.join('\n');
}

interface Options { names: string[]; thresholdPercent: number; from?: string; write: boolean }

function parseArgs(args: string[]): Options {
  const options: Options = { names: [], thresholdPercent: 25, write: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--write') options.write = true;
    else if (arg === '--threshold' || arg === '--from') {
      const value = args[++i];
      if (value === undefined) throw new Error(`${arg} needs a value.`);
      if (arg === '--from') options.from = value;
      else if (!(Number(value) >= 0)) throw new Error(`--threshold takes a percentage, not ${value}.`);
      else options.thresholdPercent = Number(value);
    } else if (arg.startsWith('--')) throw new Error(`Unknown option ${arg}.`);
    else options.names.push(arg);
  }
  if (options.from && options.write) throw new Error('--from compares results already written; --write only goes with a rerun.');
  return options;
}

type Benchmarks = Record<string, () => Promise<BenchResult>>;

/** Where the command reads and writes, and what it runs; tests give their own. */
export interface Environment {
  resultsDir: string;
  docPath: string;
  log: (text: string) => void;
  /** Loaded only when needed: the benchmarks pull in the whole stack. */
  benchmarks: () => Promise<Benchmarks>;
}

const REAL: Environment = {
  resultsDir: RESULTS_DIR,
  docPath: DOC_PATH,
  log: console.log,
  benchmarks: async () => (await import('./registry')).BENCHMARKS,
};

/** Reruns benchmarks as `npm run bench` does (same machine record), without writing anything. */
async function rerun(names: string[], benchmarks: Benchmarks): Promise<Record<string, unknown>> {
  const unknown = names.filter((name) => !(name in benchmarks));
  const choose = `choose from ${Object.keys(benchmarks).join(', ')}`;
  if (names.length === 0) throw new Error(`Name the benchmarks to rerun (all of them take a long time): npm run bench:compare -- <name …>; ${choose}.`);
  if (unknown.length > 0) throw new Error(`Unknown benchmark ${unknown.join(', ')}; ${choose}.`);
  const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', at: new Date().toISOString() };
  const results: Record<string, unknown> = {};
  for (const name of names) results[name] = { machine, ...(await benchmarks[name]!()) };
  return results;
}

/** The whole command; returns the exit code (1 when a figure is flagged, 2 when the command cannot be done). */
export async function runCompare(args: string[], env: Environment = REAL): Promise<number> {
  const { log } = env;
  let options: Options;
  let fresh: Record<string, unknown>;
  try {
    options = parseArgs(args);
    fresh = options.from ? await readResults(options.from) : await rerun(options.names, await env.benchmarks());
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const names = options.names.length > 0 ? options.names : Object.keys(fresh);
  const absent = names.filter((name) => !(name in fresh));
  if (absent.length > 0) {
    log(`No ${absent.join(', ')} in ${options.from}; it holds ${Object.keys(fresh).join(', ') || 'no results'}.`);
    return 2;
  }
  let flagged = false;
  for (const name of names) {
    const committed: unknown = await readFile(join(env.resultsDir, `${name}.json`), 'utf8').then(JSON.parse, () => undefined);
    if (committed === undefined) { log(`### ${name}\n\nNo committed bench/results/${name}.json to compare with.\n`); continue; }
    const comparison = compareResults(committed, fresh[name], options.thresholdPercent);
    flagged ||= comparison.rows.some((row) => row.flagged);
    log(`${formatComparison(name, comparison, options.thresholdPercent)}\n`);
  }
  log(flagged ? `Some figures are more than ${options.thresholdPercent} % worse than the committed results.` : `No figure is more than ${options.thresholdPercent} % worse.`);
  if (options.write) {
    await mkdir(env.resultsDir, { recursive: true });
    for (const name of names) await writeFile(join(env.resultsDir, `${name}.json`), `${JSON.stringify(fresh[name], null, 2)}\n`);
    try {
      await generateDocs(env.resultsDir, env.docPath);
      log('Results written to bench/results; docs/performance.md regenerated: commit both.');
    } catch (error) {
      log(`Results written to bench/results, but docs/performance.md could not be regenerated: ${error instanceof Error ? error.message : String(error)}`);
      return 2;
    }
  }
  return flagged ? 1 : 0;
}

if (require.main === module) {
  runCompare(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
