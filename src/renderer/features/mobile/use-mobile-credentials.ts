import { useCallback, useEffect } from 'react';
import type { MobileCredential } from '../../../shared/domain/mobile-credential';
import type { ClerkError } from '../../errors/clerk-messages';
import { useStation } from '../../app/station-context';
import { useStationQuery } from '../../lib/use-station-query';

export type MobileCredentialsState =
  | { status: 'loading'; credentials: readonly MobileCredential[] }
  | { status: 'ready'; credentials: readonly MobileCredential[] }
  | { status: 'failed'; credentials: readonly MobileCredential[]; error: ClerkError };

/** Replaces the credential with the same id, or adds it. */
function upsert(list: readonly MobileCredential[], credential: MobileCredential): MobileCredential[] {
  const others = list.filter((c) => c.credentialId !== credential.credentialId);
  return [...others, credential];
}

/**
 * A person's mobile credentials: loaded with the tab and on `refresh`, then kept current
 * by `mobile:changed` (a phone redeeming, another station suspending) without a reload.
 */
export function useMobileCredentials(employeeNumber: string): MobileCredentialsState & {
  refresh: () => void;
  /** Shows a credential a call just answered with, before its event arrives. */
  apply: (credential: MobileCredential) => void;
} {
  const query = useStationQuery((station) => station.mobile.list({ employeeNumber }), [employeeNumber]);
  const station = useStation();
  const { update, reload: refresh } = query;

  const apply = useCallback(
    (credential: MobileCredential) => {
      if (credential.employeeNumber === employeeNumber) update((list) => upsert(list, credential));
    },
    [employeeNumber, update],
  );

  useEffect(() => station.on('mobile:changed', ({ credential }) => apply(credential)), [station, apply]);

  const credentials = query.data ?? [];
  // While a refresh runs, what is known stays on screen.
  if (query.loading) return { status: 'loading', credentials, refresh, apply };
  return query.error
    ? { status: 'failed', credentials, error: query.error, refresh, apply }
    : { status: 'ready', credentials, refresh, apply };
}
