import { describe, expect, it } from 'vitest';
import { memoryMb, percentiles, startEventLoopMonitor } from './measure';

/** Lets the loop run its overdue timers (the monitor's among them) before the test reads the figures. */
const nextTimersPhase = () => new Promise((resolve) => setTimeout(resolve, 0));

function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) { /* holding the event loop on purpose */ }
}

describe('percentiles', () => {
  it('takes the nearest rank and rounds to 0.01 ms', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i + 0.123_4);
    expect(percentiles(samples)).toEqual({ p50: 50.12, p95: 95.12, max: 100.12, samples: 100 });
  });

  it('leaves the caller’s array as it was', () => {
    const samples = [3, 1, 2];
    percentiles(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('refuses no samples rather than reporting NaN', () => {
    expect(() => percentiles([])).toThrow(/no samples/);
  });
});

describe('startEventLoopMonitor', () => {
  it('sees a loop held for 60 ms, and reports it in ms', async () => {
    const monitor = startEventLoopMonitor();
    await nextTimersPhase();
    busyWait(60);
    await nextTimersPhase();
    const delay = monitor.stop();
    expect(delay.maxMs).toBeGreaterThanOrEqual(50);
    // In ns it would be ≈ 60,000,000: a bound this loose only catches a missing conversion.
    expect(delay.maxMs).toBeLessThan(10_000);
    expect(delay.p50Ms).toBeLessThanOrEqual(delay.p99Ms);
    expect(delay.p99Ms).toBeLessThanOrEqual(delay.maxMs);
  });
});

describe('memoryMb', () => {
  it('reports this process in MiB', () => {
    const { rssMb, heapUsedMb } = memoryMb();
    const rssNow = process.memoryUsage().rss / 1024 / 1024;
    expect(heapUsedMb).toBeGreaterThan(1);
    expect(rssMb).toBeGreaterThan(heapUsedMb);
    expect(Math.abs(rssMb - rssNow)).toBeLessThan(rssNow * 0.5);
  });
});
