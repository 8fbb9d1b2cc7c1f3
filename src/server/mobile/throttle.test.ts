import { describe, expect, it } from 'vitest';
import { retryAfterSeconds, throttleSubjects } from './throttle';

describe('redemption throttle maths', () => {
  const now = new Date('2026-11-28T09:15:00.000Z');
  const windowMs = 15 * 60_000;
  /** Failures `secondsAgo` before now, newest first (as the query returns them). */
  const failures = (...secondsAgo: number[]) => secondsAgo.sort((a, b) => a - b).map((s) => new Date(now.getTime() - s * 1000));

  it('allows a guess while fewer failures than the limit are in the window', () => {
    expect(retryAfterSeconds([], 10, windowMs, now)).toBe(0);
    expect(retryAfterSeconds(failures(1, 2, 3), 4, windowMs, now)).toBe(0);
  });

  it('with the limit reached, waits until the limit-th newest failure leaves the window', () => {
    // 3 failures 60, 300 and 600 s ago, limit 3: the oldest (600 s) leaves in 900 − 600 = 300 s.
    expect(retryAfterSeconds(failures(60, 300, 600), 3, windowMs, now)).toBe(300);
    // Limit 2: only the 2 newest matter; the 2nd newest (300 s) leaves in 600 s.
    expect(retryAfterSeconds(failures(60, 300), 2, windowMs, now)).toBe(600);
    // All just now: the whole window.
    expect(retryAfterSeconds(failures(0, 0, 0), 3, windowMs, now)).toBe(900);
  });

  it('rounds up, and never answers 0 while throttled', () => {
    expect(retryAfterSeconds([new Date(now.getTime() - windowMs + 1)], 1, windowMs, now)).toBe(1);
    expect(retryAfterSeconds([new Date(now.getTime() - 0.5 * 1000)], 1, windowMs, now)).toBe(900);
  });

  it('counts per phone and per source address, the phone first (lock order)', () => {
    expect(throttleSubjects('1412104381', '10.1.2.3', { perDevice: 10, perSource: 50, windowMinutes: 15 })).toEqual([
      { subject: 'device:1412104381', limit: 10, what: 'phone' },
      { subject: 'source:10.1.2.3', limit: 50, what: 'network address' },
    ]);
  });
});
