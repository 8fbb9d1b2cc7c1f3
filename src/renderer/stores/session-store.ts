import { create } from 'zustand';
import type { SessionState, StationApi } from '../../shared/contract';
import { ACTION_NAMES, whoMay, type Action } from '../../shared/domain/roles';
import type { ClerkError } from '../errors/clerk-messages';
import { describeCallFailure } from './station-info-store';
import { loadAndFollow } from './load-and-follow';

export type SessionStoreState =
  | { status: 'loading'; session?: undefined; error?: undefined }
  | { status: 'ready'; session: SessionState; error?: undefined }
  | { status: 'failed'; session?: undefined; error: ClerkError };

/** Who is signed in at this station and what they may do: kept live from `session:changed`. */
export const useSession = create<SessionStoreState>(() => ({ status: 'loading' }));

/** Shows a session the station answered with (sign-in, sign-out) at once, before its event arrives. */
export function showSession(session: SessionState): void {
  useSession.setState({ status: 'ready', session }, true);
}

/**
 * Loads the session and follows `session:changed`. Returns the function that stops
 * following (for the App's effect cleanup).
 */
export function followSession(station: StationApi): () => void {
  useSession.setState({ status: 'loading' }, true);
  return loadAndFollow(station, 'session:changed', () => station.session.get(), {
    ready: showSession,
    failed: (reason) => useSession.setState({ status: 'failed', error: describeCallFailure(reason) }, true),
  });
}

/** At most one `session:touch` per this many milliseconds while signed in (the idle lock counts in minutes). */
export const TOUCH_EVERY_MS = 15_000;

/**
 * Tells the station the operator is working (keyboard or pointer), at most every 15 s and
 * only while signed in, so the idle lock does not close the station under their hands.
 */
export function trackActivity(station: StationApi, target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window, now = () => Date.now()): () => void {
  let last = Number.NEGATIVE_INFINITY;
  const onActivity = () => {
    const state = useSession.getState();
    if (state.status !== 'ready' || state.session.mode !== 'signed-in') return;
    const at = now();
    if (at - last < TOUCH_EVERY_MS) return;
    last = at;
    station.session.touch().then(
      (session) => {
        // A touch answered after a sign-out must not bring the old session back.
        const current = useSession.getState();
        if (current.status === 'ready' && current.session.operator?.fingerprint === session.operator?.fingerprint) showSession(session);
      },
      () => undefined,
    );
  };
  const options = { capture: true, passive: true } as const;
  target.addEventListener('keydown', onActivity, options);
  target.addEventListener('pointerdown', onActivity, options);
  return () => {
    target.removeEventListener('keydown', onActivity, options);
    target.removeEventListener('pointerdown', onActivity, options);
  };
}

/** Whether the operator may do something now, and if not, who may. */
export interface Permission {
  allowed: boolean;
  /** "Only a Supervisor may approve or reject pending credentials." */
  reason?: string;
}

/** "Only a Clerk may enroll devices." */
export function onlyWho(action: Action): string {
  return `Only ${whoMay(action)} may ${ACTION_NAMES[action]}.`;
}

/**
 * What the session allows. Setup mode (no sign-in configured yet) allows everything, as
 * does a station whose session is not known (still loading, or a station without
 * sign-in): the station's main process refuses what a role may not do in any case.
 */
export function permissionFor(state: SessionStoreState, action: Action): Permission {
  if (state.status !== 'ready' || state.session.mode === 'setup') return { allowed: true };
  if (state.session.allowed.includes(action)) return { allowed: true };
  return { allowed: false, reason: onlyWho(action) };
}

export function useCan(action: Action): Permission {
  const state = useSession();
  return permissionFor(state, action);
}
