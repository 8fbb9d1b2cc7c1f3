import { create } from 'zustand';
import type { StationApi, SyncStatus } from '../../shared/contract';
import type { ClerkError } from '../errors/clerk-messages';
import { formatTimeOfDay } from '../lib/format-time';
import { describeCallFailure } from './station-info-store';

export type SyncState =
  | { status: 'loading'; sync?: undefined; error?: undefined }
  | { status: 'ready'; sync: SyncStatus; error?: undefined }
  | { status: 'failed'; sync?: undefined; error: ClerkError };

/** Whether this station reaches the central server, what is waiting, and what needs review: kept live. */
export const useSync = create<SyncState>(() => ({ status: 'loading' }));

/**
 * How many events have arrived. An answer to a call made before the latest event is
 * older than that event, so it must not overwrite what the event said.
 */
const pushes = { status: 0, reviews: 0, openReviews: 0 };
type Asked = { status: number; reviews: number };
const asked = (): Asked => ({ status: pushes.status, reviews: pushes.reviews });

function showAnswer(sync: SyncStatus, at: Asked): void {
  if (pushes.status !== at.status) return;
  // A reviews:changed since the call was made knows the count better than the answer.
  const openReviews = pushes.reviews !== at.reviews ? pushes.openReviews : sync.openReviews;
  useSync.setState({ status: 'ready', sync: { ...sync, openReviews } }, true);
}

/**
 * Loads the sync status and follows `sync:status-changed` and `reviews:changed`.
 * Returns the function that stops following (for the App's effect cleanup).
 */
export function followSync(station: StationApi): () => void {
  let active = true;
  useSync.setState({ status: 'loading' }, true);
  const stopStatus = station.on('sync:status-changed', (sync) => {
    pushes.status += 1;
    useSync.setState({ status: 'ready', sync }, true);
  });
  const stopReviews = station.on('reviews:changed', ({ openReviews }) => {
    pushes.reviews += 1;
    pushes.openReviews = openReviews;
    const state = useSync.getState();
    if (state.status === 'ready') useSync.setState({ status: 'ready', sync: { ...state.sync, openReviews } }, true);
  });
  void loadSync(station, () => active);
  return () => {
    active = false;
    stopStatus();
    stopReviews();
  };
}

/** Asks for the sync status (at start, and "Try again" after a failure). */
export async function loadSync(station: StationApi, stillWanted: () => boolean = () => true): Promise<void> {
  const at = asked();
  // A station older than sync has no `sync` area: a failure to show, not a crash.
  await Promise.resolve()
    .then(() => station.sync.status())
    .then(
      (sync) => stillWanted() && showAnswer(sync, at),
      (reason: unknown) => stillWanted() && pushes.status === at.status && useSync.setState({ status: 'failed', error: describeCallFailure(reason) }, true),
    );
}

/**
 * Runs a call that answers with the sync status (Sync now, Register station) and shows
 * its answer, unless an event arrived meanwhile. A failure is the caller's to show.
 */
export async function runSyncCall(call: () => Promise<SyncStatus>): Promise<SyncStatus> {
  const at = asked();
  const sync = await call();
  showAnswer(sync, at);
  return sync;
}

/** The words of the top bar's sync chip, longest first: the full words are its accessible name. */
export interface SyncWords {
  headline: string;
  waiting?: string;
  lastSync?: string;
}

export function syncWords(state: SyncState, now = new Date()): SyncWords {
  if (state.status === 'loading') return { headline: 'Checking sync…' };
  if (state.status === 'failed') return { headline: 'Sync status unavailable' };
  const { sync } = state;
  const headline = HEADLINES[sync.state];
  const waiting = sync.waiting > 0 ? `${sync.waiting} waiting` : undefined;
  const lastSync = sync.lastSuccessAt ? `Last sync ${formatTimeOfDay(sync.lastSuccessAt, now)}` : undefined;
  return { headline, waiting, lastSync };
}

export function syncLabel(words: SyncWords): string {
  return [words.headline, words.waiting, words.lastSync].filter(Boolean).join(' · ');
}

const HEADLINES: Record<SyncStatus['state'], string> = {
  online: 'Online',
  offline: 'Offline',
  syncing: 'Syncing…',
  'not-registered': 'Not connected to a server',
};

/** The chip's colour (always with an icon and words): all right, worth a look, needs someone, or neutral. */
export function syncHealth(state: SyncState): 'ok' | 'attention' | 'down' | 'waiting' {
  if (state.status === 'loading') return 'waiting';
  if (state.status === 'failed') return 'down';
  const { sync } = state;
  if (sync.state === 'online') return 'ok';
  if (sync.state === 'syncing' || sync.state === 'not-registered') return 'waiting';
  // Refused by the server: it will not fix itself, someone has to act.
  const problem = sync.lastError?.problem;
  return problem === 'unauthorized' || problem === 'revoked' ? 'down' : 'attention';
}
