import { describe, expect, it } from 'vitest';
import { formatLocal, formatUtc } from './format-time';

describe('format-time', () => {
  it('formats UTC to the second', () => {
    expect(formatUtc('2025-03-12T13:03:22.512Z')).toBe('2025-03-12 13:03:22 UTC');
  });

  it('formats local time with date and time', () => {
    const text = formatLocal('2025-03-12T13:03:22.512Z', 'en-GB');
    expect(text).toContain('2025');
    expect(text).toMatch(/\d{2}:\d{2}/);
  });

  it('returns text it cannot read unchanged', () => {
    expect(formatUtc('not a date')).toBe('not a date');
    expect(formatLocal('not a date')).toBe('not a date');
  });
});
