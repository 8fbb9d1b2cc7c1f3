import { create } from 'zustand';
import type { StationApi, StationInfo } from '../../shared/contract';
import { describeError, type ClerkError } from '../errors/clerk-messages';
import { loadAndFollow } from './load-and-follow';

export type StationInfoState =
  | { status: 'loading'; info?: undefined; error?: undefined }
  | { status: 'ready'; info: StationInfo; error?: undefined }
  | { status: 'failed'; info?: undefined; error: ClerkError };

/** Who and where this station is, and who is working at it (the central server's state is in sync-store). */
export const useStationInfo = create<StationInfoState>(() => ({ status: 'loading' }));

/**
 * Loads the station's info and follows `station:changed`. Returns the function that
 * stops following (for the App's effect cleanup).
 */
export function followStationInfo(station: StationApi): () => void {
  useStationInfo.setState({ status: 'loading' }, true);
  return loadAndFollow(station, 'station:changed', () => station.station.getInfo(), {
    ready: (info) => useStationInfo.setState({ status: 'ready', info }, true),
    failed: (reason) => useStationInfo.setState({ status: 'failed', error: describeError(reason) }, true),
  });
}

/**
 * Reads a failed call's reason. When the failure is that the station itself cannot be
 * reached, the top bar says so at once instead of still showing the last sync state.
 */
export function describeCallFailure(reason: unknown): ClerkError {
  const error = describeError(reason);
  if (error.code === 'NOT_CONNECTED') useStationInfo.setState({ status: 'failed', error }, true);
  return error;
}
