import { useCallback, useEffect, useState } from 'react';
import type { MobileCredential } from '../../../shared/domain/mobile-credential';
import type { ClerkError } from '../../errors/clerk-messages';
import { describeCallFailure } from '../../stores/station-info-store';

export type MobileCredentialsState =
  | { status: 'loading'; credentials: readonly MobileCredential[] }
  | { status: 'ready'; credentials: readonly MobileCredential[] }
  | { status: 'failed'; credentials: readonly MobileCredential[]; error: ClerkError };

interface Loaded {
  employeeNumber: string;
  version: number;
  credentials: readonly MobileCredential[];
  error?: ClerkError;
}

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
  const [loaded, setLoaded] = useState<Loaded>();
  const [version, setVersion] = useState(0);

  const apply = useCallback(
    (credential: MobileCredential) => {
      if (credential.employeeNumber !== employeeNumber) return;
      setLoaded((l) => (l && l.employeeNumber === employeeNumber ? { ...l, credentials: upsert(l.credentials, credential) } : l));
    },
    [employeeNumber],
  );

  useEffect(() => window.station.on('mobile:changed', ({ credential }) => apply(credential)), [apply]);

  useEffect(() => {
    let current = true;
    Promise.resolve()
      .then(() => window.station.mobile.list({ employeeNumber }))
      .then(
        (credentials) => current && setLoaded({ employeeNumber, version, credentials }),
        (reason: unknown) => current && setLoaded({ employeeNumber, version, credentials: [], error: describeCallFailure(reason) }),
      );
    return () => {
      current = false;
    };
  }, [employeeNumber, version]);

  const refresh = useCallback(() => setVersion((v) => v + 1), []);

  if (!loaded || loaded.employeeNumber !== employeeNumber) return { status: 'loading', credentials: [], refresh, apply };
  // While a refresh runs, what is known stays on screen.
  if (loaded.version !== version) return { status: 'loading', credentials: loaded.credentials, refresh, apply };
  return loaded.error
    ? { status: 'failed', credentials: loaded.credentials, error: loaded.error, refresh, apply }
    : { status: 'ready', credentials: loaded.credentials, refresh, apply };
}
