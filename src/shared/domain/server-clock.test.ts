import { describe, expect, it } from 'vitest';
import { correctedClock, measureClockOffset } from './server-clock';

describe('server clock', () => {
  const station = () => new Date('2026-03-01T12:00:00.000Z');

  it('adds the measured offset to the station clock', () => {
    expect(correctedClock(station, () => 90_000)().toISOString()).toBe('2026-03-01T12:01:30.000Z');
    expect(correctedClock(station, () => -1_500)().toISOString()).toBe('2026-03-01T11:59:58.500Z');
  });

  it("keeps the station's own time while no offset is known", () => {
    expect(correctedClock(station, () => null)().toISOString()).toBe('2026-03-01T12:00:00.000Z');
    expect(correctedClock(station, () => undefined)().toISOString()).toBe('2026-03-01T12:00:00.000Z');
  });

  it('reads the offset in force at each call', () => {
    let offset: number | null = null;
    const now = correctedClock(station, () => offset);
    expect(now().getTime()).toBe(station().getTime());
    offset = 2_000;
    expect(now().getTime()).toBe(station().getTime() + 2_000);
  });

  it("measures against the call's midpoint, rounded to a millisecond", () => {
    const sentAt = Date.parse('2026-03-01T12:00:00.000Z');
    expect(measureClockOffset('2026-03-01T12:00:10.000Z', sentAt, sentAt + 1_000)).toBe(9_500);
    expect(measureClockOffset('2026-03-01T11:59:00.000Z', sentAt, sentAt + 3)).toBe(-60_001);
  });

  it('is 0 when the answer has no readable server time', () => {
    expect(measureClockOffset(undefined, 1_000, 2_000)).toBe(0);
    expect(measureClockOffset('not a time', 1_000, 2_000)).toBe(0);
  });
});
