import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOC_PATH, fillDoc, provenance, readResults, renderBlock } from './generate';
import { count, ms, seconds, table } from './format';
import { renderCrashSoak } from './crash-soak';
import { renderMobile } from './mobile';
import { renderSync } from './sync';

const machine = { node: 'v20.20.2', cpus: 2, cpu: 'AMD EPYC', at: '2026-12-07T21:07:23.715Z' };
const echo = { demo: (result: { value: number }) => `| value |\n| ---: |\n| ${result.value} |` };

describe('docs/performance.md', () => {
  it('shows exactly what bench/results/*.json hold (run npm run bench:docs after writing results)', async () => {
    const doc = readFileSync(DOC_PATH, 'utf8');
    expect(fillDoc(doc, await readResults())).toBe(doc);
  });
});

describe('fillDoc', () => {
  const doc = 'Prose.\n\n<!-- generated:demo -->\nstale table\n<!-- /generated:demo -->\n\nMore prose.\n';

  it('rewrites only inside the markers, opening with where the figures come from', () => {
    const filled = fillDoc(doc, { demo: { machine, value: 7 } }, echo);
    expect(filled).toBe(
      'Prose.\n\n<!-- generated:demo -->\n'
      + '_From `bench/results/demo.json`, run 2026-12-07 21:07 UTC on 2 cores (AMD EPYC), Node v20.20.2._\n\n'
      + '| value |\n| ---: |\n| 7 |\n\n<!-- /generated:demo -->\n\nMore prose.\n',
    );
    expect(fillDoc(filled, { demo: { machine, value: 7 } }, echo)).toBe(filled);
  });

  it('refuses a results file the doc has no block for', () => {
    expect(() => fillDoc('No blocks.\n', { demo: { machine } }, echo)).toThrow('bench/results/demo.json has no block in docs/performance.md');
  });

  it('refuses a block with no results file', () => {
    expect(() => fillDoc(doc, {}, echo)).toThrow('generated:demo block but there is no bench/results/demo.json');
  });

  it('refuses a results file with no renderer', () => {
    expect(() => fillDoc(doc, { demo: { machine } }, {})).toThrow('add one to RENDERERS in bench/report/index.ts');
  });

  it('refuses markers that do not pair up', () => {
    const results = { demo: { machine } };
    expect(() => fillDoc('<!-- generated:demo -->\ntable\n', results, echo)).toThrow('has no matching <!-- /generated:demo -->');
    expect(() => fillDoc('<!-- generated:demo -->\n<!-- /generated:other -->\n', results, echo)).toThrow('has no matching');
    expect(() => fillDoc(`${doc}${doc}`, results, echo)).toThrow('two generated:demo blocks');
    expect(() => fillDoc(`${doc}<!-- /generated:demo -->\n`, results, echo)).toThrow('no opening marker');
  });
});

describe('provenance', () => {
  it('refuses a results file that does not say when and where it ran', () => {
    expect(() => provenance('demo', undefined)).toThrow('bench/results/demo.json has no machine.at');
    expect(() => renderBlock('demo', {}, echo)).toThrow('no machine.at');
  });
});

describe('format', () => {
  it('writes numbers as the doc always has', () => {
    expect(count(227_711)).toBe('227,711');
    expect([ms(0.056), ms(2.114), ms(347.27), ms(1917.71)]).toEqual(['0.06 ms', '2.1 ms', '347 ms', '1,918 ms']);
    expect(seconds(13_323)).toBe('13.3 s');
    expect(table(['a', 'b'], [['x', '1']])).toBe('| a | b |\n| --- | ---: |\n| x | 1 |');
  });
});

describe('renderers', () => {
  it('sync: a column per backend, named for the reader', () => {
    const backend = {
      drain: { enrollments: 10_000, offlineEnrollMs: 8169, drainMs: 13_323, drainedPerSecond: 751 },
      throughput: { stations: 4, batchSize: 200, mutations: 20_000, ms: 17_961, appliedPerSecond: 1114 },
    };
    const out = renderSync({ results: { pglite: backend, postgresql: { ...backend, drain: { ...backend.drain, drainMs: 8832 } } } });
    expect(out.split('\n')[0]).toBe('| figure | PGlite (embedded) | PostgreSQL |');
    expect(out).toContain('| drain them once the network returns (outbox empty) | **13.3 s** (751/s) | **8.8 s** (751/s) |');
    expect(out).toContain('**1,114 applied mutations/s** (4 stations × 200-mutation batches, 20,000 in 18 s)');
  });

  it('mobile: one row per Origo latency, named from its key', () => {
    const provider = { samples: 15, inviteMs: { p50: 668.2, p95: 717 }, redeemToActiveOnStationMs: { p50: 21.8, p95: 60.6 } };
    const out = renderMobile({ results: { reference: { ...provider, samples: 25 }, hidOrigo: { latency200ms: provider } } });
    expect(out).toContain('| reference provider | 25 | 668 ms / 717 ms | 22 ms / 61 ms |');
    expect(out).toContain('| HID Origo, 200 ms added per answer | 15 |');
  });

  it('crash soak: lost and duplicated stand out, and the commit it ran on is named', () => {
    const out = renderCrashSoak({
      rounds: 1000, acknowledged: 227_711, applicantsAfter: 228_664, savedWithoutAck: 953, lost: 0, duplicates: 0,
      compactions: 44, roundsKilledInsideCompaction: 2, tempFilesLeftBehind: [{}], problemCount: 0, durationSeconds: 1685,
      settings: { roundsPerStore: 250 }, stores: [{}, {}, {}, {}], source: { commit: '01714337f6c29d14c4158b438354025fd92f7c2d' },
    });
    expect(out).toContain('| 1,000 (4 stores × 250) | 227,711 | 228,664 | 953 | **0** | **0** | 44 (2) | 1 | 0 | 28 min |');
    expect(out).toMatch(/Run on commit `0171433`\.$/);
  });
});
