import { describe, expect, it } from 'vitest';
import { renderOperators } from './operators';

const chain = { entries: 100_000, sealOneEntryMs: { p50: 0.04, p95: 0.05 }, verifyWholeChainNodeSeconds: 12.4, verifyPerEntryNodeMs: 0.124, verifyPerEntryNobleMs: 1.5 };
const signIn = { samples: 20, signInMs: { p50: 9, p95: 73 } };

describe('operators renderer', () => {
  it('shows the audit worker’s pace when the results have it, and not otherwise', () => {
    const out = renderOperators({ results: { auditChain: { ...chain, workerCheckSecondsPer100k: 1.62, workerCheckCpuSecondsPer100k: 2.3, workerCheckMaxEventLoopDelayMs: 7.4, workerStartMs: 180 }, signIn } });
    expect(out).toContain('| 1.6 s (2.3 s) |');
    expect(out).toContain('| 7.4 ms; 180 ms |');
    expect(renderOperators({ results: { auditChain: chain, signIn } })).not.toContain('audit worker');
  });
});
