import { useCallback, useEffect, useState } from 'react';
import type { ApprovalRequest } from '../../../shared/contract';
import type { ClerkError } from '../../errors/clerk-messages';
import { describeCallFailure } from '../../stores/station-info-store';

export type ApprovalsState =
  | { status: 'loading' }
  | { status: 'ready'; requests: readonly ApprovalRequest[] }
  | { status: 'failed'; error: ClerkError };

/**
 * The Pending credentials waiting for a supervisor, kept current: they reload on
 * `approvals:changed` (a clerk enrolled one, another supervisor decided one).
 */
export function useApprovals(): ApprovalsState & { reload: () => void; remove: (credentialId: string) => void } {
  const [state, setState] = useState<ApprovalsState>({ status: 'loading' });
  const [version, setVersion] = useState(0);

  useEffect(() => window.station.on('approvals:changed', () => setVersion((v) => v + 1)), []);

  useEffect(() => {
    let current = true;
    // The list on screen stays while it reloads.
    window.station.approvals.list().then(
      (requests) => current && setState({ status: 'ready', requests }),
      (reason: unknown) => current && setState({ status: 'failed', error: describeCallFailure(reason) }),
    );
    return () => {
      current = false;
    };
  }, [version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  /** A decided credential leaves the list at once, before the reload confirms it. */
  const remove = useCallback(
    (credentialId: string) =>
      setState((s) => (s.status === 'ready' ? { status: 'ready', requests: s.requests.filter((r) => r.credentialId !== credentialId) } : s)),
    [],
  );
  return { ...state, reload, remove };
}
