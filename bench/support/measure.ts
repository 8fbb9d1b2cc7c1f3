import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Shared measuring helpers for the benchmarks, so each reports the same figures the same way. */

export interface Percentiles { p50: number; p95: number; max: number; samples: number }

const roundTo = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

/** p50, p95 and max of timings in ms (nearest-rank), rounded to 0.01 ms. */
export function percentiles(samples: number[]): Percentiles {
  if (samples.length === 0) throw new Error('percentiles of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: roundTo(at(0.5), 2), p95: roundTo(at(0.95), 2), max: roundTo(sorted[sorted.length - 1]!, 2), samples: sorted.length };
}

export interface EventLoopDelay { maxMs: number; p99Ms: number; p50Ms: number }

/** Starts watching how late the event loop runs (1 ms resolution); `stop()` ends it and reports, in ms. */
export function startEventLoopMonitor(): { stop: () => EventLoopDelay } {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  return {
    stop() {
      histogram.disable();
      const ms = (ns: number) => roundTo(ns / 1e6, 1);
      return { maxMs: ms(histogram.max), p99Ms: ms(histogram.percentile(99)), p50Ms: ms(histogram.percentile(50)) };
    },
  };
}

/** This process's resident set and V8 heap in use, in MiB (one decimal). */
export function memoryMb(): { rssMb: number; heapUsedMb: number } {
  const { rss, heapUsed } = process.memoryUsage();
  const mb = (bytes: number) => roundTo(bytes / 1024 / 1024, 1);
  return { rssMb: mb(rss), heapUsedMb: mb(heapUsed) };
}
