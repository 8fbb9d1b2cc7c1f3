import { toWireError, type ErrorCode, type WireError } from '../../shared/contract/errors';

/** What a clerk reads when something fails: a short title and what happened + what to do. */
export interface ClerkMessage {
  title: string;
  fix: string;
}

/**
 * One message per error code, in the procedure's words where the procedure has them
 * (its troubleshooting table: "User already exists", "Invalid credential type").
 * A `Record` over the enum, so a new code cannot be added without its words.
 */
export const CLERK_MESSAGES: Readonly<Record<ErrorCode, ClerkMessage>> = {
  VALIDATION_FAILED: {
    title: 'Some fields need attention',
    fix: 'The station did not save the applicant because some fields are not filled in correctly. Correct the fields marked in red, then click Submit again.',
  },
  USER_ALREADY_EXISTS: {
    title: 'User already exists',
    fix: 'An account with this information already exists in the system. Search for existing user or use different credentials.',
  },
  INVALID_CREDENTIAL_TYPE: {
    title: 'Invalid credential type',
    fix: 'The selected credential type is not configured on this station. Choose another from the CREDENTIAL TYPE list, or contact your system administrator.',
  },
  APPLICANT_NOT_FOUND: {
    title: 'Applicant not found',
    fix: 'No applicant with this Employee Number is recorded on this station. Check the number, or search by name or email.',
  },
  EMPLOYEE_NUMBERS_EXHAUSTED: {
    title: 'No Employee Numbers left',
    fix: 'This station has issued every Employee Number in its range, so it cannot add applicants; nothing was saved. Contact your system administrator to assign a new range.',
  },
  STORE_LOCKED: {
    title: 'Station records are in use',
    fix: 'Another copy of Enrollment Station on this computer is using the station records. Close the other copy, then restart the station.',
  },
  STORE_UNREADABLE: {
    title: 'Station records cannot be read',
    fix: 'The station could not open its records (the file is damaged or its key is missing). Do not enroll anyone on this station; contact your system administrator.',
  },
  STORE_WRITE_FAILED: {
    title: 'Could not save',
    fix: 'The station could not write its records to disk, so nothing was saved. Try again; if it fails again, contact your system administrator.',
  },
  UNKNOWN_CHANNEL: {
    title: 'Station version mismatch',
    fix: 'This screen asked the station for something it does not offer (the screen and the station are different versions). Restart the station; if it happens again, contact your system administrator.',
  },
  NOT_CONNECTED: {
    title: 'Station not connected',
    fix: "The station's back end is not reachable. Restart the station (in a browser kiosk: reload the page), then try again.",
  },
  INTERNAL: {
    title: 'Something went wrong',
    fix: 'The station hit an unexpected error. Try again; if it happens again, restart the station and tell your system administrator what you were doing.',
  },
};

/** Codes whose station message adds something useful (a range, a file, a number) for support. */
const SHOW_STATION_MESSAGE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'APPLICANT_NOT_FOUND',
  'EMPLOYEE_NUMBERS_EXHAUSTED',
  'STORE_LOCKED',
  'STORE_UNREADABLE',
  'STORE_WRITE_FAILED',
  'UNKNOWN_CHANNEL',
  'NOT_CONNECTED',
  'INTERNAL',
]);

export interface ClerkError extends ClerkMessage {
  code: ErrorCode;
  /** The station's own sentence, when it tells the clerk or support more than the fix. */
  detail?: string;
  wire: WireError;
}

/** Turns any rejection of a `window.station` call into the words a clerk reads. */
export function describeError(reason: unknown): ClerkError {
  const wire = toWireError(reason);
  const message = CLERK_MESSAGES[wire.code];
  const detail = SHOW_STATION_MESSAGE.has(wire.code) && wire.message.trim() !== '' ? wire.message : undefined;
  return detail === undefined ? { ...message, code: wire.code, wire } : { ...message, code: wire.code, detail, wire };
}
