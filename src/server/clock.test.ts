import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLOCK_OFFSET_ENV, clockOffsetMs, serverClock } from './clock';

describe('the server clock (shifted only in tests)', () => {
  const wall = () => Date.parse('2026-11-28T09:00:00.000Z');

  it('is the wall clock when nothing is set', () => {
    expect(serverClock({}, wall)().toISOString()).toBe('2026-11-28T09:00:00.000Z');
    expect(clockOffsetMs(undefined)).toBe(0);
    expect(clockOffsetMs(' ')).toBe(0);
  });

  it('adds a fixed offset, read at every call', () => {
    const env: NodeJS.ProcessEnv = { [CLOCK_OFFSET_ENV]: '1860000' };
    const clock = serverClock(env, wall);
    expect(clock().toISOString()).toBe('2026-11-28T09:31:00.000Z');
    env[CLOCK_OFFSET_ENV] = '-60000';
    expect(clock().toISOString()).toBe('2026-11-28T08:59:00.000Z');
  });

  it('reads the offset from @file at every call; a missing or empty file is no offset', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clock-'));
    try {
      const file = join(dir, 'offset');
      const clock = serverClock({ [CLOCK_OFFSET_ENV]: `@${file}` }, wall);
      expect(clock().toISOString()).toBe('2026-11-28T09:00:00.000Z');
      await writeFile(file, '900000\n');
      expect(clock().toISOString()).toBe('2026-11-28T09:15:00.000Z');
      await writeFile(file, '');
      expect(clock().toISOString()).toBe('2026-11-28T09:00:00.000Z');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses anything but whole milliseconds', () => {
    expect(() => clockOffsetMs('30 minutes')).toThrow(CLOCK_OFFSET_ENV);
    expect(() => clockOffsetMs('1.5')).toThrow(CLOCK_OFFSET_ENV);
  });
});
