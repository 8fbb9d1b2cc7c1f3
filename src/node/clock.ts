/**
 * "Now" for the station and the server. Production uses `systemClock`; only test
 * launchers (tests/support/launch-*.ts) build another and hand it to an entry point, so
 * no production code reads a test setting.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * FOR TESTS: `base` shifted by `offsetMs` (a function is asked at every reading, so a
 * test can move a running process's clock).
 */
export function offsetClock(offsetMs: number | (() => number), base: Clock = systemClock): Clock {
  const offset = typeof offsetMs === 'number' ? () => offsetMs : offsetMs;
  return { now: () => new Date(base.now().getTime() + offset()) };
}
