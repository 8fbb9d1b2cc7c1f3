import { describe, expect, it } from 'vitest';
import { renderEnrollment } from './enrollment';

const figures = (p95: number) => ({ p50: 0.7, p95, max: 12.3, samples: 200 });
const tier = (applicants: number, audit: { ok: boolean; checkedAfterStartMs: number }) => ({
  applicantsStored: applicants,
  auditEntries: applicants,
  encryptedStore: {
    stationReadyMs: 1234.5,
    openMs: 800,
    writeAfterStart: figures(1.9),
    writeSteady: figures(1.2),
    search: figures(17.4),
    audit: { entries: applicants + 200, checkedAfterReadyMs: audit.checkedAfterStartMs - 1234.5, ...audit },
    eventLoop: { maxMs: 18.6, p99Ms: 3 },
    memory: { rssMb: 2048.4, heapUsedMb: 900 },
  },
});

describe('enrollment renderer', () => {
  it('a row per population with its event loop, memory and audit pace; plain lowdb only where it was measured', () => {
    const small = { ...tier(1_000, { ok: true, checkedAfterStartMs: 300 }), plainLowdb: { write: figures(29), openMs: 24 } };
    const out = renderEnrollment({ target: 'write p95 ≤ 2 ms', results: [small, tier(1_000_000, { ok: true, checkedAfterStartMs: 15_030 })] });
    expect(out).toContain('| 1,000,000 | 1,235 ms | 800 ms | 0.7 ms / 1.9 ms / 12 ms | 1.2 ms | 17 ms | 13.8 s (1.4 s) | 19 ms | 2,048 MB |');
    expect(out).toContain('| 1,000 | 1.2 ms | 29 ms | 24 ms |');
    expect(out).toMatch(/\| 1,000 \| 1,235 ms \| 800 ms \| .* \| -?\d[\d.]* s \| 19 ms \|/);
    expect(out).not.toMatch(/\| 1,000,000 \| 1\.2 ms \|/);
    expect(out).toMatch(/Target \(from the JSON\): write p95 ≤ 2 ms\.$/);
  });

  it('says so when the audit trail was not intact', () => {
    expect(renderEnrollment({ results: [tier(10, { ok: false, checkedAfterStartMs: 10 })] })).toContain('NOT intact');
  });
});
