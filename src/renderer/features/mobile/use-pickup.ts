import { useCallback, useEffect, useRef, useState } from 'react';
import type { Invitation } from '../../../shared/contract/mobile';
import type { MobileCredential } from '../../../shared/domain/mobile-credential';
import type { ClerkError } from '../../errors/clerk-messages';
import { describeCallFailure } from '../../stores/station-info-store';
import { useStation } from '../../app/station-context';

export type PickupState =
  | { phase: 'generating' }
  | { phase: 'failed'; error: ClerkError }
  /** The code is on screen; `credential` is the server's latest word about it. */
  | { phase: 'waiting'; invitation: Invitation; credential: MobileCredential }
  | { phase: 'active'; invitation: Invitation; credential: MobileCredential }
  /** This code stopped working for another reason than time: why, in words. */
  | { phase: 'ended'; invitation: Invitation; credential: MobileCredential; why: string };

/** What a change pushed by the server means for the code on screen. */
function follow(state: PickupState, credential: MobileCredential): PickupState {
  if (state.phase !== 'waiting' && state.phase !== 'ended') return state;
  const { invitation } = state;
  if (credential.status === 'ACTIVE' && credential.phone) return { phase: 'active', invitation, credential };
  if (state.phase === 'ended') return state;
  if (credential.status === 'REVOKED' || credential.status === 'SUSPENDED') {
    return { phase: 'ended', invitation, credential, why: `The credential was ${credential.status} meanwhile, so this code no longer works.` };
  }
  const newest = credential.invitation;
  if (!newest || newest.id === invitation.invitationId) return { ...state, credential };
  // Another code for this credential: newer ones replace this one; older news is stale.
  const ours = invitation.credential.invitation?.createdAt ?? '';
  if (newest.createdAt > ours) {
    return { phase: 'ended', invitation, credential, why: 'A newer invitation code was generated for this credential, so this code no longer works.' };
  }
  return state;
}

/**
 * Action › Pick up your HID Mobile Credential: asks the server for an invitation, then
 * follows `mobile:changed` until the phone has redeemed it (ACTIVE with its details).
 * `generate` asks again (Retry, Generate new code); the previous code stops working.
 */
export function usePickup(
  employeeNumber: string,
  credentialId: string,
  onCredential: (credential: MobileCredential) => void,
): { state: PickupState; generate: () => void } {
  const station = useStation();
  const [state, setState] = useState<PickupState>({ phase: 'generating' });
  const asked = useRef(0);
  const reported = useRef(onCredential);
  useEffect(() => {
    reported.current = onCredential;
  }, [onCredential]);

  /** Asks for an invitation; only the latest question's answer is shown. */
  const request = useCallback(() => {
    const ask = ++asked.current;
    Promise.resolve()
      .then(() => station.mobile.invite({ employeeNumber, credentialId }))
      .then(
        (invitation) => {
          if (ask !== asked.current) return;
          setState({ phase: 'waiting', invitation, credential: invitation.credential });
          reported.current(invitation.credential);
        },
        (reason: unknown) => ask === asked.current && setState({ phase: 'failed', error: describeCallFailure(reason) }),
      );
  }, [station, employeeNumber, credentialId]);

  const generate = useCallback(() => {
    setState({ phase: 'generating' });
    request();
  }, [request]);

  useEffect(() => {
    request();
    return () => {
      // An answer after closing is nobody's: the invitation simply expires.
      asked.current += 1;
    };
  }, [request]);

  useEffect(
    () =>
      station.on('mobile:changed', ({ credential }) => {
        if (credential.credentialId === credentialId) setState((s) => follow(s, credential));
      }),
    [station, credentialId],
  );

  return { state, generate };
}
