import { useEffect, useState } from 'react';
import { correctedClock } from '../../../shared/domain/server-clock';

/** A clock the tests can replace: milliseconds since the epoch, on the station's clock. */
export type Clock = () => number;

/**
 * Seconds left until `expiresAt` on the server's clock (station time + `clockOffsetMs`),
 * so a station whose clock is off still shows when the server stops accepting the code.
 */
export function useCountdown(expiresAt: string, clockOffsetMs: number, now: Clock = Date.now): number {
  const end = Date.parse(expiresAt);
  const [left, setLeft] = useState(() => secondsUntil(end, now, clockOffsetMs));

  useEffect(() => {
    const tick = () => setLeft(secondsUntil(end, now, clockOffsetMs));
    tick();
    // Twice a second, so the shown second never skips; React ignores an unchanged value.
    const timer = setInterval(tick, 500);
    return () => clearInterval(timer);
  }, [end, clockOffsetMs, now]);

  return left;
}

function secondsUntil(end: number, now: Clock, clockOffsetMs: number): number {
  const serverNow = correctedClock(() => new Date(now()), () => clockOffsetMs)().getTime();
  return Math.max(0, Math.ceil((end - serverNow) / 1000));
}

/**
 * What a screen reader hears about the countdown: a sentence that changes only at a few
 * thresholds (10, 5 and 1 minutes left, expired), not every second.
 */
export function countdownAnnouncement(secondsLeft: number): string {
  if (secondsLeft <= 0) return 'The invitation code has expired.';
  if (secondsLeft <= 60) return 'Less than 1 minute left before the invitation code expires.';
  if (secondsLeft <= 5 * 60) return 'Less than 5 minutes left before the invitation code expires.';
  if (secondsLeft <= 10 * 60) return 'Less than 10 minutes left before the invitation code expires.';
  return '';
}
