import { create } from 'zustand';
import type { StationApi, UnlockState } from '../../shared/contract';
import { describeError, type ClerkError } from '../errors/clerk-messages';
import { loadAndFollow } from './load-and-follow';

export type UnlockView = { status: 'loading' } | { status: 'ready'; unlock: UnlockState } | { status: 'failed'; error: ClerkError };

/** Whether the station's data is open, or waits for the station passphrase. */
export const useUnlock = create<UnlockView>(() => ({ status: 'loading' }));

export function showUnlock(unlock: UnlockState): void {
  useUnlock.setState({ status: 'ready', unlock }, true);
}

/** Loads the unlock state and follows `unlock:changed`. Returns the function that stops following. */
export function followUnlock(station: StationApi): () => void {
  return loadAndFollow(station, 'unlock:changed', () => station.unlock.status(), {
    ready: showUnlock,
    failed: (reason) => useUnlock.setState({ status: 'failed', error: describeError(reason) }, true),
  });
}
