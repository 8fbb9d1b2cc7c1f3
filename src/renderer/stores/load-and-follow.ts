import type { EventName, PayloadOf, StationApi } from '../../shared/contract';

/**
 * Loads a value once and follows the event that pushes it. An event that arrived while
 * the call was in flight is newer than its answer, and nothing lands after the stop
 * function (returned, for the App's effect cleanup) ran.
 */
export function loadAndFollow<E extends EventName>(
  station: StationApi,
  event: E,
  load: () => Promise<PayloadOf<E>>,
  show: { ready: (value: PayloadOf<E>) => void; failed: (reason: unknown) => void },
): () => void {
  let active = true;
  let pushed = false;
  const stop = station.on(event, (value) => {
    pushed = true;
    show.ready(value);
  });
  // A station older than an area has no function for it: a failure to show, not a crash.
  Promise.resolve()
    .then(load)
    .then(
      (value) => active && !pushed && show.ready(value),
      (reason: unknown) => active && !pushed && show.failed(reason),
    );
  return () => {
    active = false;
    stop();
  };
}
