import { useCallback, useEffect, useState } from 'react';
import type { AuditPage } from '../../../shared/contract';
import type { ClerkError } from '../../errors/clerk-messages';
import { describeCallFailure } from '../../stores/station-info-store';

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
  const [state, setState] = useState<AuditState>({ status: 'loading' });
  const [version, setVersion] = useState(0);
  const { employeeNumber, text } = query;

  useEffect(() => {
    if (!enabled) return undefined;
    let current = true;
    const input = employeeNumber === undefined ? { text, limit: AUDIT_LIMIT } : { employeeNumber, text, limit: AUDIT_LIMIT };
    window.station.audit.list(input).then(
      (page) => current && setState({ status: 'ready', page }),
      (reason: unknown) => current && setState({ status: 'failed', error: describeCallFailure(reason) }),
    );
    return () => {
      current = false;
    };
  }, [employeeNumber, text, enabled, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...state, reload };
}

/** A value that follows `value` once it has stopped changing for `ms` (typing in a search box). */
export function useSettled<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
