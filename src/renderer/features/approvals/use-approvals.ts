import type { ApprovalRequest } from '../../../shared/contract';
import type { ClerkError } from '../../errors/clerk-messages';
import { useStationQuery } from '../../lib/use-station-query';

export type ApprovalsState =
  | { status: 'loading' }
  | { status: 'ready'; requests: readonly ApprovalRequest[] }
  | { status: 'failed'; error: ClerkError };

/**
 * The Pending credentials waiting for a supervisor, kept current: they reload on
 * `approvals:changed` (a clerk enrolled one, another supervisor decided one).
 */
export function useApprovals(): ApprovalsState & { reload: () => void; remove: (credentialId: string) => void } {
  // The list on screen stays while it reloads.
  const query = useStationQuery((station) => station.approvals.list(), [], { reloadOn: { event: 'approvals:changed' } });
  const { reload, update } = query;
  /** A decided credential leaves the list at once, before the reload confirms it. */
  const remove = (credentialId: string) => update((requests) => requests.filter((r) => r.credentialId !== credentialId));
  if (query.error) return { status: 'failed', error: query.error, reload, remove };
  if (query.data) return { status: 'ready', requests: query.data, reload, remove };
  return { status: 'loading', reload, remove };
}
