import { readFileSync } from 'node:fs';
import { offsetClock, systemClock, type Clock } from '../../src/node/clock';

/**
 * How tests move a process's clock (read only by the test launchers, launch-*.ts, never
 * by production entry points):
 * - ENROLLMENT_STATION_CLOCK_OFFSET_MS: the web host's station clock, a number of ms;
 * - ENROLLMENT_SERVER_CLOCK_OFFSET_MS: the server's mobile credential clock, a number of
 *   ms or `@<file>` holding one, read at every reading so a test moves a running server's
 *   clock by rewriting the file (a missing or empty file is no offset).
 */
export const STATION_CLOCK_OFFSET_ENV = 'ENROLLMENT_STATION_CLOCK_OFFSET_MS';
export const SERVER_CLOCK_OFFSET_ENV = 'ENROLLMENT_SERVER_CLOCK_OFFSET_MS';

export function clockOffsetMs(setting: string | undefined, name: string): number {
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
  if (!Number.isSafeInteger(offset)) throw new Error(`${name} must be a whole number of milliseconds (or @file holding one), not "${text}".`);
  return offset;
}

/**
 * The clock `name` asks for: the system clock when unset; else shifted, with a warning
 * on stderr. A bad setting throws here, at start, not at some later reading.
 */
export function testClockFromEnv(name: string, env: NodeJS.ProcessEnv = process.env, base: Clock = systemClock): Clock {
  const setting = env[name]?.trim();
  if (!setting) return base;
  clockOffsetMs(setting, name);
  console.warn(`WARNING: the clock is shifted (${name}=${setting}, for tests only).`);
  return offsetClock(setting.startsWith('@') ? () => clockOffsetMs(setting, name) : clockOffsetMs(setting, name), base);
}
