import { useCallback, useEffect, useRef } from 'react';
import type { Invitation } from '../../../shared/contract/mobile';
import type { MobileCredential } from '../../../shared/domain/mobile-credential';
import type { ClerkError } from '../../errors/clerk-messages';
import { useStation } from '../../app/station-context';
import { useStationQuery } from '../../lib/use-station-query';

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
  /** The request the clerk's click already made: a remount of the screen must not ask for a second code. */
  firstAsk?: Promise<Invitation>,
): { state: PickupState; generate: () => void } {
  const station = useStation();
  const unused = useRef(firstAsk);
  // Each ask (Retry, Generate new code) replaces the code; an answer after closing is nobody's: the invitation simply expires.
  const query = useStationQuery(
    (api) =>
      (unused.current ?? api.mobile.invite({ employeeNumber, credentialId })).then((invitation): PickupState => ({ phase: 'waiting', invitation, credential: invitation.credential })),
    [employeeNumber, credentialId],
  );
  const { update, reload } = query;
  const generate = useCallback(() => {
    unused.current = undefined;
    reload();
  }, [reload]);
  const answer = query.loading ? undefined : query.data;

  // The answer's credential goes to the page at once, before its event arrives.
  const reported = useRef(onCredential);
  useEffect(() => {
    reported.current = onCredential;
  }, [onCredential]);
  const invitation = answer && 'invitation' in answer ? answer.invitation : undefined;
  useEffect(() => {
    if (invitation) reported.current(invitation.credential);
  }, [invitation]);

  useEffect(
    () =>
      station.on('mobile:changed', ({ credential }) => {
        if (credential.credentialId === credentialId) update((s) => follow(s, credential));
      }),
    [station, credentialId, update],
  );

  const state: PickupState = query.loading ? { phase: 'generating' } : query.error ? { phase: 'failed', error: query.error } : (answer ?? { phase: 'generating' });
  return { state, generate };
}
