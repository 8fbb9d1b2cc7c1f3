/**
 * Station clocks are not trusted: the station keeps the offset of the server's clock from
 * its own, measured on every answer, and records times on the server's clock.
 */

/** The server's clock from the station's: its time plus the offset last measured (none yet: the station's own). */
export function correctedClock(stationClock: () => Date, clockOffsetMs: () => number | null | undefined): () => Date {
  return () => new Date(stationClock().getTime() + (clockOffsetMs() ?? 0));
}

/**
 * Server time minus station time from one call: the server's `serverTime` is taken as of
 * the midpoint between sending and receiving (station milliseconds). 0 without a readable time.
 */
export function measureClockOffset(serverTime: string | undefined, sentAt: number, receivedAt: number): number {
  const server = Date.parse(serverTime ?? '');
  return Number.isNaN(server) ? 0 : Math.round(server - (sentAt + receivedAt) / 2);
}
