import { readFileSync } from 'node:fs';

/** The server's notion of "now" for mobile credentials (invitations, throttling, door challenges). */
export type Clock = () => Date;

/**
 * FOR TESTS ONLY: shifts that clock by a number of milliseconds, so a test can see an
 * invitation expire without waiting 30 minutes. Either the number itself
 * (`ENROLLMENT_SERVER_CLOCK_OFFSET_MS=1860000`) or `@<file>` holding the number, read at
 * every request: a test moves a running server's clock by rewriting the file (a missing
 * or empty file means no offset). Times the database stamps itself (the feed's `at`) do
 * not move. Never set it in production: the server warns at start when it is set.
 */
export const CLOCK_OFFSET_ENV = 'ENROLLMENT_SERVER_CLOCK_OFFSET_MS';

export function serverClock(env: NodeJS.ProcessEnv = process.env, wallClock: () => number = Date.now): Clock {
  return () => new Date(wallClock() + clockOffsetMs(env[CLOCK_OFFSET_ENV]));
}

export function clockOffsetMs(setting: string | undefined): number {
  let text = setting?.trim();
  if (!text) return 0;
  if (text.startsWith('@')) {
    try {
      text = readFileSync(text.slice(1), 'utf8').trim();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    if (!text) return 0;
  }
  const offset = Number(text);
  if (!Number.isSafeInteger(offset)) throw new Error(`${CLOCK_OFFSET_ENV} must be a whole number of milliseconds (or @file holding one), not "${text}".`);
  return offset;
}
