import { create } from 'zustand';
import type { StationApi, UnlockState } from '../../shared/contract';
import { describeError, type ClerkError } from '../errors/clerk-messages';

export type UnlockView = { status: 'loading' } | { status: 'ready'; unlock: UnlockState } | { status: 'failed'; error: ClerkError };

/** Whether the station's data is open, or waits for the station passphrase. */
export const useUnlock = create<UnlockView>(() => ({ status: 'loading' }));

export function showUnlock(unlock: UnlockState): void {
  useUnlock.setState({ status: 'ready', unlock }, true);
}

/** Loads the unlock state and follows `unlock:changed`. Returns the function that stops following. */
export function followUnlock(station: StationApi): () => void {
  let active = true;
  let pushed = false;
  const stop = station.on('unlock:changed', (unlock) => {
    pushed = true;
    showUnlock(unlock);
  });
  station.unlock.status().then(
    (unlock) => active && !pushed && showUnlock(unlock),
    (reason: unknown) => active && !pushed && useUnlock.setState({ status: 'failed', error: describeError(reason) }, true),
  );
  return () => {
    active = false;
    stop();
  };
}
