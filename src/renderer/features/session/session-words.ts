import type { SessionState } from '../../../shared/contract';
import { ROLE_NAMES, type Role } from '../../../shared/domain/roles';
import type { ClerkError } from '../../errors/clerk-messages';

/** Why the station is locked, as the lock screen says it. */
export function lockedBecauseWords(session: SessionState): string {
  switch (session.lockedBecause) {
    case 'card-removed':
      return 'Your card was removed, so the station locked.';
    case 'idle':
      return `Locked after ${session.idleLockMinutes} ${session.idleLockMinutes === 1 ? 'minute' : 'minutes'} without activity.`;
    case 'signed-out':
      return 'Signed out.';
    case 'start':
    case null:
      return 'Insert your operator card and type your PIN.';
  }
}

/** "Clerk", "Supervisor, Administrator". */
export function rolesWords(roles: readonly Role[]): string {
  return roles.length === 0 ? 'No role' : roles.map((r) => ROLE_NAMES[r]).join(', ');
}

/**
 * On the lock screen the card holder is the operator: the PIN words speak to them, not
 * about an applicant.
 */
export function signInErrorWords(error: ClerkError): ClerkError {
  const triesLeft = error.wire.details?.triesLeft;
  switch (error.code) {
    case 'PIN_INCORRECT':
      return {
        ...error,
        title: 'Wrong PIN',
        fix:
          typeof triesLeft === 'number'
            ? `Your card did not accept the PIN: ${triesLeft === 1 ? '1 try left' : `${triesLeft} tries left`} before it blocks. Type your PIN again.`
            : 'Your card did not accept the PIN. Type it again carefully: after a few wrong tries the card blocks.',
      };
    case 'PIN_BLOCKED':
      return { ...error, fix: 'Your operator card is blocked after too many wrong PINs. Do not try again: contact your system administrator to unblock or replace it.' };
    case 'NO_CARD':
      return { ...error, fix: 'Insert your operator card in the card reader, then click Sign in.' };
    case 'CARD_REMOVED':
      return { ...error, fix: 'The card was taken out while the station was reading it. Put it back in, keep it in the reader, and sign in again.' };
    case 'CARD_IN_USE':
      return { ...error, fix: 'Another program on this computer is using your operator card. Finish or close it, leave the card in the reader, and click Sign in again.' };
    case 'CARD_ERROR':
      return {
        ...error,
        title: 'Card not read',
        fix: 'The card reader or your operator card did not answer as expected. Take the card out, put it back in, and sign in again; if it keeps failing, check the card reader connection.',
      };
    case 'DEVICE_NOT_FOUND':
      return { ...error, fix: 'Choose the card reader that holds your operator card. If none is listed, check the USB connection: the station finds the reader by itself.' };
    default:
      return error;
  }
}
