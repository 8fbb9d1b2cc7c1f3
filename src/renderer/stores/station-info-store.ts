import { create } from 'zustand';
import type { StationApi, StationInfo } from '../../shared/contract';
import { describeError, type ClerkError } from '../errors/clerk-messages';

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
  let active = true;
  let pushed = false;
  useStationInfo.setState({ status: 'loading' }, true);
  const stop = station.on('station:changed', (info) => {
    pushed = true;
    useStationInfo.setState({ status: 'ready', info }, true);
  });
  station.station.getInfo().then(
    // An event that arrived while this call was in flight is newer than its answer.
    (info) => active && !pushed && useStationInfo.setState({ status: 'ready', info }, true),
    (reason: unknown) => active && !pushed && useStationInfo.setState({ status: 'failed', error: describeError(reason) }, true),
  );
  return () => {
    active = false;
    stop();
  };
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
