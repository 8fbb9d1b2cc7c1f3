import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { clockOffsetMs, SERVER_CLOCK_OFFSET_ENV, STATION_CLOCK_OFFSET_ENV, testClockFromEnv } from '../../tests/support/test-clock';
import { offsetClock, systemClock } from './clock';

describe('clock', () => {
  it('systemClock is the wall clock', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('offsetClock shifts a base clock by a fixed or a moving offset', () => {
    const base = { now: () => new Date('2026-11-28T09:00:00.000Z') };
    expect(offsetClock(31 * 60_000, base).now().toISOString()).toBe('2026-11-28T09:31:00.000Z');
    let offset = 0;
    const moving = offsetClock(() => offset, base);
    expect(moving.now().toISOString()).toBe('2026-11-28T09:00:00.000Z');
    offset = -60_000;
    expect(moving.now().toISOString()).toBe('2026-11-28T08:59:00.000Z');
  });
});

// The test launchers' settings (tests/support/test-clock.ts), which replaced the server reading them itself.
describe('test clocks from the environment', () => {
  const base = { now: () => new Date('2026-11-28T09:00:00.000Z') };
  const NAME = SERVER_CLOCK_OFFSET_ENV;

  it('is the base clock when nothing is set', () => {
    expect(testClockFromEnv(NAME, {}, base)).toBe(base);
    expect(clockOffsetMs(undefined, NAME)).toBe(0);
    expect(clockOffsetMs(' ', NAME)).toBe(0);
  });

  it('adds a fixed offset', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(testClockFromEnv(NAME, { [NAME]: '1860000' }, base).now().toISOString()).toBe('2026-11-28T09:31:00.000Z');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('for tests only'));
    warn.mockRestore();
  });

  it('reads the offset from @file at every reading; a missing or empty file is no offset', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const dir = await mkdtemp(join(tmpdir(), 'clock-'));
    try {
      const file = join(dir, 'offset');
      const clock = testClockFromEnv(NAME, { [NAME]: `@${file}` }, base);
      expect(clock.now().toISOString()).toBe('2026-11-28T09:00:00.000Z');
      await writeFile(file, '900000\n');
      expect(clock.now().toISOString()).toBe('2026-11-28T09:15:00.000Z');
      await writeFile(file, '');
      expect(clock.now().toISOString()).toBe('2026-11-28T09:00:00.000Z');
    } finally {
      warn.mockRestore();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses anything but whole milliseconds, at start', () => {
    expect(() => clockOffsetMs('30 minutes', NAME)).toThrow(NAME);
    expect(() => clockOffsetMs('1.5', NAME)).toThrow(NAME);
    expect(() => testClockFromEnv(STATION_CLOCK_OFFSET_ENV, { [STATION_CLOCK_OFFSET_ENV]: 'soon' })).toThrow(STATION_CLOCK_OFFSET_ENV);
  });
});
