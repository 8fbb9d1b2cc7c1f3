import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareResults, runCompare, type Environment } from './compare';

/** A results file shaped like sync.json, with the figures the test varies. */
const sync = (drainMs: number, appliedPerSecond: number) => ({
  machine: { node: 'v20.20.2', cpus: 2, cpu: 'AMD EPYC', at: '2026-12-07T21:07:23.715Z' },
  results: { pglite: { drain: { enrollments: 10_000, drainMs }, throughput: { stations: 4, appliedPerSecond } } },
});

describe('compareResults', () => {
  it('flags a time 30 % worse, not one 20 % worse', () => {
    expect(compareResults(sync(10_000, 1000), sync(13_000, 1000)).rows).toEqual([
      { path: 'results.pglite.drain.drainMs', committed: 10_000, now: 13_000, changePercent: 30, flagged: true },
      { path: 'results.pglite.throughput.appliedPerSecond', committed: 1000, now: 1000, changePercent: 0, flagged: false },
    ]);
    expect(compareResults(sync(10_000, 1000), sync(12_000, 1000)).rows[0]!.flagged).toBe(false);
  });

  it('flags throughput 30 % lower, and never an improvement', () => {
    expect(compareResults(sync(10_000, 1000), sync(10_000, 700)).rows[1]!.flagged).toBe(true);
    expect(compareResults(sync(10_000, 1000), sync(10_000, 800)).rows[1]!.flagged).toBe(false);
    expect(compareResults(sync(10_000, 1000), sync(1000, 9000)).rows.some((row) => row.flagged)).toBe(false);
  });

  it('takes the threshold it is given', () => {
    expect(compareResults(sync(10_000, 1000), sync(13_000, 1000), 40).rows[0]!.flagged).toBe(false);
    expect(compareResults(sync(10_000, 1000), sync(11_000, 1000), 5).rows[0]!.flagged).toBe(true);
  });

  it('compares figures inside arrays by position and flags a failure where there were none', () => {
    const soak = (lost: number) => ({ lost, stores: [{ seconds: 400, lost }] });
    const { rows } = compareResults(soak(0), soak(1));
    expect(rows.map((row) => [row.path, row.flagged])).toEqual([['lost', true], ['stores[0].seconds', false], ['stores[0].lost', true]]);
  });

  it('leaves counts and the machine out, and lists what it has no rule for or cannot find', () => {
    const committed = { ...sync(10_000, 1000), results: { ...sync(10_000, 1000).results, brandNew: 3 } };
    const now = { machine: sync(1, 1).machine, results: { pglite: { drain: { drainMs: 9000 } } } };
    const comparison = compareResults(committed, now);
    expect(comparison.rows.map((row) => row.path)).toEqual(['results.pglite.drain.drainMs']);
    expect(comparison.missing).toEqual(['results.pglite.throughput.appliedPerSecond']);
    expect(comparison.uncompared).toEqual(['results.brandNew']);
  });
});

describe('runCompare', () => {
  let dir: string;
  let output: string[];
  let env: Environment;
  const write = (path: string, json: unknown) => writeFile(join(dir, path), JSON.stringify(json));

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-compare-'));
    output = [];
    env = {
      resultsDir: join(dir, 'committed'),
      docPath: join(dir, 'performance.md'),
      log: (text) => output.push(text),
      benchmarks: async () => ({ sync: async () => sync(13_000, 1000), enrollment: async () => ({ results: [] }) }),
    };
    await Promise.all([mkdir(env.resultsDir), mkdir(join(dir, 'new'))]);
    await write('committed/sync.json', sync(10_000, 1000));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('--from: prints the table and exits 1 on a regression beyond the threshold, 0 within it', async () => {
    await write('new/sync.json', sync(13_000, 1000));
    expect(await runCompare(['--from', join(dir, 'new')], env)).toBe(1);
    expect(output.join('\n')).toContain('| results.pglite.drain.drainMs | 10000 | 13000 | +30.0 % | **more than 25 % worse** |');
    expect(await runCompare(['sync', '--from', join(dir, 'new'), '--threshold', '35'], env)).toBe(0);
  });

  it('reruns the named benchmarks without writing, unless --write', async () => {
    expect(await runCompare(['sync'], env)).toBe(1);
    expect(JSON.parse(await readFile(join(env.resultsDir, 'sync.json'), 'utf8'))).toEqual(sync(10_000, 1000));

    await writeFile(env.docPath, '<!-- generated:sync -->\n<!-- /generated:sync -->\n');
    expect(await runCompare(['sync', '--write'], env)).toBe(1);
    const written = JSON.parse(await readFile(join(env.resultsDir, 'sync.json'), 'utf8'));
    expect(written.results.pglite.drain.drainMs).toBe(13_000);
    expect(written.machine.node).toBe(process.version);
    expect(await readFile(env.docPath, 'utf8')).toContain('**13 s**');
  });

  it('refuses to rerun everything, naming the benchmarks there are', async () => {
    expect(await runCompare([], env)).toBe(2);
    expect(output).toEqual(['Name the benchmarks to rerun (all of them take a long time): npm run bench:compare -- <name …>; choose from sync, enrollment.']);
    expect(await runCompare(['nope'], env)).toBe(2);
    expect(output[1]).toBe('Unknown benchmark nope; choose from sync, enrollment.');
  });

  it('refuses a wrong command line', async () => {
    expect(await runCompare(['sync', '--threshold', 'lots'], env)).toBe(2);
    expect(await runCompare(['sync', '--from', dir, '--write'], env)).toBe(2);
    expect(await runCompare(['sync', '--from', join(dir, 'new')], env)).toBe(2);
    expect(output).toEqual([
      '--threshold takes a percentage, not lots.',
      '--from compares results already written; --write only goes with a rerun.',
      `No sync in ${join(dir, 'new')}; it holds no results.`,
    ]);
  });
});
