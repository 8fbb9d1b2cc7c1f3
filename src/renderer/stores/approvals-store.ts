import { create } from 'zustand';
import type { StationApi } from '../../shared/contract';
import { permissionFor, useSession } from './session-store';

/** How many credentials wait for a supervisor's approval (null until known): the Approvals badge. */
export const usePendingApprovals = create<{ pending: number | null }>(() => ({ pending: null }));

/**
 * Follows `approvals:changed`, and counts the list once whenever an operator who may
 * decide signs in (the event only says when the count changes). Returns the stop function.
 */
export function followApprovals(station: StationApi): () => void {
  let active = true;
  let events = 0;
  usePendingApprovals.setState({ pending: null }, true);
  const stopEvents = station.on('approvals:changed', ({ pending }) => {
    events += 1;
    usePendingApprovals.setState({ pending }, true);
  });
  let countedFor: string | undefined;
  const count = () => {
    const state = useSession.getState();
    const who = state.status === 'ready' && state.session.mode !== 'locked' ? (state.session.operator?.fingerprint ?? 'setup') : undefined;
    if (who === undefined || !permissionFor(state, 'credential.decide').allowed || state.status !== 'ready') {
      countedFor = undefined;
      return;
    }
    if (countedFor === who) return;
    countedFor = who;
    const at = events;
    Promise.resolve()
      .then(() => station.approvals.list())
      .then(
        (list) => active && events === at && usePendingApprovals.setState({ pending: list.length }, true),
        () => undefined,
      );
  };
  count();
  const stopSession = useSession.subscribe(count);
  return () => {
    active = false;
    stopEvents();
    stopSession();
  };
}
