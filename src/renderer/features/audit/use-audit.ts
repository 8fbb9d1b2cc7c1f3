import type { AuditPage } from '../../../shared/contract';
import type { ClerkError } from '../../errors/clerk-messages';
import { useStationQuery } from '../../lib/use-station-query';

export type AuditState =
  | { status: 'loading'; page?: undefined; error?: undefined }
  | { status: 'ready'; page: AuditPage; error?: undefined }
  | { status: 'failed'; page?: undefined; error: ClerkError };

export const AUDIT_LIMIT = 200;

/**
 * The audit trail (or one person's part of it), newest first, with the chain check.
 * `enabled: false` asks nothing (an operator who may not view the trail).
 */
export function useAudit(query: { employeeNumber?: string; text: string }, enabled = true): AuditState & { reload: () => void } {
  const { employeeNumber, text } = query;
  // The page shown stays while a new search loads.
  const audit = useStationQuery(
    (station) => station.audit.list(employeeNumber === undefined ? { text, limit: AUDIT_LIMIT } : { employeeNumber, text, limit: AUDIT_LIMIT }),
    [employeeNumber, text],
    { enabled, keepPrevious: true },
  );
  const { reload } = audit;
  if (audit.error) return { status: 'failed', error: audit.error, reload };
  if (audit.data) return { status: 'ready', page: audit.data, reload };
  return { status: 'loading', reload };
}

