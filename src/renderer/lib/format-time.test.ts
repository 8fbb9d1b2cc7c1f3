import { describe, expect, it } from 'vitest';
import { formatClock, formatLocal, formatTimeOfDay, formatUtc } from './format-time';

describe('format-time', () => {
  it('formats UTC to the second', () => {
    expect(formatUtc('2025-03-12T13:03:22.512Z')).toBe('2025-03-12 13:03:22 UTC');
  });

  it('formats local time with date and time', () => {
    const text = formatLocal('2025-03-12T13:03:22.512Z', 'en-GB');
    expect(text).toContain('2025');
    expect(text).toMatch(/\d{2}:\d{2}/);
  });

  it('formats a clock time to the millisecond for the APDU log', () => {
    const at = new Date(2025, 2, 12, 9, 5, 7, 42);
    expect(formatClock(at.toISOString())).toBe('09:05:07.042');
  });

  it('says only the time for today, and the day too for another day', () => {
    const now = new Date(2025, 2, 12, 18, 0);
    expect(formatTimeOfDay(new Date(2025, 2, 12, 10, 42).toISOString(), now, 'en-GB')).toBe('10:42');
    expect(formatTimeOfDay(new Date(2025, 2, 11, 10, 42).toISOString(), now, 'en-GB')).toBe('11 Mar, 10:42');
  });

  it('returns text it cannot read unchanged', () => {
    expect(formatTimeOfDay('not a date')).toBe('not a date');
    expect(formatClock('not a date')).toBe('not a date');
    expect(formatUtc('not a date')).toBe('not a date');
    expect(formatLocal('not a date')).toBe('not a date');
  });
});
