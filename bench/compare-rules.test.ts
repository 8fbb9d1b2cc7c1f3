import { describe, expect, it } from 'vitest';
import { ruleFor } from './compare-rules';

const direction = (path: string) => ruleFor(path)?.direction;

describe('compare rules', () => {
  it('higher is better for throughput', () => {
    expect(direction('results.pglite.drain.drainedPerSecond')).toBe('higher');
    expect(direction('results.postgresql.throughput.appliedPerSecond')).toBe('higher');
    expect(direction('results.server.throughput')).toBe('higher');
  });

  it('lower is better for times, memory and failures', () => {
    expect(direction('results[2].encryptedStore.write.p95')).toBe('lower');
    expect(direction('results[0].encryptedStore.openMs')).toBe('lower');
    expect(direction('results.pglite.throughput.ms')).toBe('lower');
    expect(direction('results.auditChain.verifyWholeChainNodeSeconds')).toBe('lower');
    expect(direction('results.eventLoop.p99Ms')).toBe('lower');
    expect(direction('results.memory.rssMb')).toBe('lower');
    expect(direction('lost')).toBe('lower');
    expect(direction('results.piv.apdusPerRead')).toBe('lower');
  });

  it('does not compare counts, inputs or the machine', () => {
    for (const path of ['results[0].applicantsStored', 'results.piv.insertToDetailsMs.samples', 'results.auditChain.entries',
      'results.pglite.throughput.stations', 'results.pglite.throughput.mutations', 'machine.cpus', 'settings.killDelayMs.max',
      'stores[0].seed', 'rounds']) {
      expect(direction(path), path).toBe('skip');
    }
  });

  it('has no rule for a name it does not know, so the comparer lists it', () => {
    expect(ruleFor('results.somethingNew')).toBeUndefined();
  });
});
