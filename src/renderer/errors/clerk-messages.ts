import { toWireError, type ErrorCode, type WireError } from '../../shared/contract/errors';

/** What a clerk reads when something fails: a short title and what happened + what to do. */
export interface ClerkMessage {
  title: string;
  fix: string;
}

/**
 * One message per error code, in the procedure's words where the procedure has them
 * (its troubleshooting table: "User already exists", "Invalid credential type",
 * "Device not found", "Device enrollment fails", "Failed to provision credential",
 * "Credential status shows 'Pending'", "Invitation code expired").
 * A `Record` over the enum, so a new code cannot be added without its words.
 */
export const CLERK_MESSAGES: Readonly<Record<ErrorCode, ClerkMessage>> = {
  NOT_SIGNED_IN: {
    title: 'Sign in first',
    fix: 'The station is locked. Insert your operator card, enter your PIN and click Sign in.',
  },
  FORBIDDEN_ROLE: {
    title: 'Not allowed for your role',
    fix: 'Your operator account does not include this task. Ask an operator with the right role, or your administrator to change your roles.',
  },
  FOUR_EYES: {
    title: 'Another supervisor must decide',
    fix: 'You added this person or enrolled their device, so you cannot approve or reject their credential. Ask another supervisor.',
  },
  NOT_AN_OPERATOR_CARD: {
    title: 'Not an operator card',
    fix: 'This card holds no operator certificate. Insert your own operator card, then try again.',
  },
  CERT_UNREADABLE: {
    title: 'Certificate unreadable',
    fix: 'The certificate on this card could not be read. Try the card again; if it keeps failing, contact your system administrator.',
  },
  CERT_UNTRUSTED: {
    title: 'Certificate not trusted',
    fix: "Your certificate was not issued by your organisation's certificate authority. Use your own operator card, or contact your system administrator.",
  },
  CERT_EXPIRED: {
    title: 'Certificate expired',
    fix: 'The certificate on your card has expired. Contact your system administrator for a renewed operator card.',
  },
  CERT_NOT_YET_VALID: {
    title: 'Certificate not yet valid',
    fix: "The certificate on your card is not valid yet. Check the station's date and time, or contact your system administrator.",
  },
  CERT_REVOKED: {
    title: 'Certificate revoked',
    fix: 'The certificate on your card has been revoked. Contact your system administrator.',
  },
  REVOCATION_LIST_STALE: {
    title: 'Cannot check revocations',
    fix: 'This station has not reached the central server for more than 24 hours, so it cannot check whether certificates were revoked. Connect the station to the network and try again.',
  },
  OPERATOR_NOT_REGISTERED: {
    title: 'Operator not registered',
    fix: 'Your certificate is trusted, but you are not registered as an operator (or your account is disabled). Contact your system administrator.',
  },
  SIGNATURE_INVALID: {
    title: 'Card check failed',
    fix: 'The card did not prove it holds the key of its certificate. Use your own operator card; if it keeps failing, contact your system administrator.',
  },
  APPROVAL_NOT_FOUND: {
    title: 'Nothing to approve',
    fix: 'This credential is no longer Pending: another supervisor may have decided already. Refresh the Approvals list.',
  },
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
    fix: 'The selected credential type is not configured for mobile credentials. Contact your system administrator.',
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
  DEVICE_NOT_FOUND: {
    title: 'Device not found',
    fix: "The card reader is not properly connected or recognized. Verify the USB connection and check the reader's driver (Device Manager on Windows).",
  },
  PCSC_NOT_RUNNING: {
    title: 'PC/SC service not running',
    fix: 'The station cannot reach any card reader because the smart card service is not running. Start the smart card service (Windows: "Smart Card"; Linux: pcscd) or restart the computer; the station finds the readers again by itself.',
  },
  NO_CARD: {
    title: 'No card in the reader',
    fix: 'Insert the card in the card reader (or place a contactless card on it), then try again.',
  },
  CARD_REMOVED: {
    title: 'Card removed',
    fix: 'The card was taken out before the station had finished with it, so nothing was saved. Put it back in and keep it in the reader until the station says it is done.',
  },
  CARD_IN_USE: {
    title: 'The card is being used by another program',
    fix: 'Another program on this computer is using the card, so the station cannot read it now. Leave the card in the reader and close or finish the other program (for example a card utility or a browser signing in with the card); then try again. There is no need to take the card out: the station reads it as soon as it is free.',
  },
  UNSUPPORTED_CARD: {
    title: 'Card not supported',
    fix: 'The station cannot read this kind of card, so it cannot be enrolled. Use a PIV card or a contactless access card.',
  },
  WRONG_CARD_TYPE: {
    title: 'Wrong kind of card',
    fix: "This card is not a kind the applicant's credential type accepts, so it was not enrolled. Use a card of the kind shown under Policy.",
  },
  CARD_ALREADY_ASSIGNED: {
    title: 'Card already assigned',
    fix: 'This card is already enrolled to another person. A card belongs to one person: use another card.',
  },
  CARD_REPLACED: {
    title: 'Card replaced',
    fix: 'A newer card of the same credential is already enrolled to this person, so this older card was not enrolled. Use the newest card.',
  },
  PIN_REQUIRED: {
    title: 'PIN required',
    fix: "The applicant's credential type needs the card holder's PIN to enroll this card. Ask the card holder to type their PIN in the PIN field, then click Enroll Device.",
  },
  PIN_INCORRECT: {
    title: 'Wrong PIN',
    fix: 'The card did not accept the PIN. Ask the card holder to type it again: after a few wrong tries the card blocks.',
  },
  PIN_BLOCKED: {
    title: 'PIN blocked',
    fix: 'The card is blocked because its PIN was entered wrongly too many times, so it cannot be enrolled. Do not try again: send the card holder to the card issuer to unblock or replace the card.',
  },
  CARD_ERROR: {
    title: 'Device enrollment fails',
    fix: 'The card reader or the card did not answer as expected (the card reader may not be connected, or have a driver issue). Take the card out, put it back in and try again; if it fails again, verify the card reader connection and check Device Manager for the driver status.',
  },
  SERVER_UNREACHABLE: {
    title: 'Central server not reachable',
    fix: 'The central server did not answer, so this could not be done now. Check the server address and the network cable, then try again; work continues on this station meanwhile.',
  },
  REGISTRATION_REFUSED: {
    title: 'Registration refused',
    fix: 'The central server did not accept this station enrollment token (it may be mistyped, already used or expired). Check the token, or ask the site administrator for a new one.',
  },
  ALREADY_REGISTERED: {
    title: 'Station already registered',
    fix: 'This station is already registered with a central server, so it cannot be registered again. To move it to another server, ask the site administrator.',
  },
  REVIEW_NOT_FOUND: {
    title: 'Review not found',
    fix: 'This review is no longer on this station (another clerk may have decided it already). The list shows what is still open; carry on with those.',
  },
  PROVISIONING_FAILED: {
    title: 'Failed to provision credential',
    fix: 'Network or server connectivity issue. Verify internet connection and retry the provisioning process.',
  },
  CREDENTIAL_PENDING: {
    title: "Credential status shows 'Pending'",
    fix: "Credential issuance process incomplete: the credential waits for a supervisor's approval, so no mobile credential can be picked up yet. Complete device enrollment and refresh page status (Refresh Report Data) once it is approved.",
  },
  CREDENTIAL_NOT_FOUND: {
    title: 'Credential not found',
    fix: "This credential is no longer on this person's devices (it may have changed at another station). Click Refresh Report Data, then choose the device again.",
  },
  TRANSITION_NOT_ALLOWED: {
    title: 'Not possible in this status',
    fix: "The credential's status does not allow this (a revoked credential stays revoked, or another station changed it meanwhile). Check its status under Mobile credentials, then choose another action.",
  },
  STATION_LOCKED: {
    title: 'Station locked',
    fix: "Enter the station passphrase to open the station's data.",
  },
  PASSPHRASE_INCORRECT: {
    title: 'Wrong passphrase',
    fix: 'Type the station passphrase again, carefully (it is case-sensitive). After 5 wrong tries the station waits before it accepts another.',
  },
  PASSPHRASE_PAUSED: {
    title: 'Too many wrong passphrases',
    fix: 'Wait until the time shown, then type the station passphrase again. If it is lost, the data cannot be opened: restore a backup with its own passphrase.',
  },
  UNKNOWN_CHANNEL: {
    title: 'Station version mismatch',
    fix: 'This screen asked the station for something it does not offer (the screen and the station are different versions). Restart the station; if it happens again, contact your system administrator.',
  },
  NOT_CONNECTED: {
    title: 'Station not connected',
    fix: "The station's back end is not reachable. Restart the station (in a browser kiosk: reload the page), then try again.",
  },
  ADMIN_OFFLINE: {
    title: 'Administration needs the central server',
    fix: 'This station cannot reach the central server, so administration is read-only here. Check the network (Station › Sync shows the connection), then try again.',
  },
  ADMIN_REFUSED: {
    title: 'The central server refused this change',
    fix: 'Nothing was changed. Read the reason below, correct it, and save again.',
  },
  INTERNAL: {
    title: 'Something went wrong',
    fix: 'The station hit an unexpected error. Try again; if it happens again, restart the station and tell your system administrator what you were doing.',
  },
};

/** Codes whose station message adds something useful (a range, a file, a number, a card's ATR or kind, the server's answer) for support. */
const SHOW_STATION_MESSAGE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'APPLICANT_NOT_FOUND',
  'EMPLOYEE_NUMBERS_EXHAUSTED',
  'STORE_LOCKED',
  'STORE_UNREADABLE',
  'STORE_WRITE_FAILED',
  'UNSUPPORTED_CARD',
  'WRONG_CARD_TYPE',
  'CARD_ERROR',
  'SERVER_UNREACHABLE',
  'REGISTRATION_REFUSED',
  'ALREADY_REGISTERED',
  'PROVISIONING_FAILED',
  'ADMIN_OFFLINE',
  'ADMIN_REFUSED',
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

/**
 * Fixes that name what the station's details say: the reader to put the card in, the
 * tries left before the card blocks, the person a card already belongs to.
 */
const FIX_FROM_DETAILS: Partial<Record<ErrorCode, (details: Record<string, unknown>) => string | undefined>> = {
  // Add Applicant names a type this station does not offer at all (not a mobile question).
  INVALID_CREDENTIAL_TYPE: ({ fieldErrors }) =>
    fieldErrors === undefined
      ? undefined
      : 'The selected credential type is not configured on this station. Choose another from the CREDENTIAL TYPE list, or contact your system administrator.',
  NO_CARD: ({ readerName }) =>
    typeof readerName === 'string' ? `Insert the card in ${readerName} (or place a contactless card on it), then try again.` : undefined,
  PIN_INCORRECT: ({ triesLeft }) =>
    typeof triesLeft === 'number'
      ? `${triesLeftText(triesLeft)} before the card blocks. Ask the card holder to type the PIN again.`
      : undefined,
  // The card itself misbehaved (no answer in time, an answer that never ends): not the reader or its driver.
  CARD_ERROR: ({ reason }) =>
    reason === 'timeout' || reason === 'response-chain'
      ? 'The card did not answer as a card should, so nothing was saved. Take it out, put it back in and try again; if it happens again, the card is faulty: use another card. The card reader is fine: the next card in it reads normally.'
      : undefined,
  CARD_REPLACED: ({ replacedBy }) =>
    typeof replacedBy === 'string' ? `This card was replaced by card ${replacedBy}, already enrolled to this person, so it was not enrolled again. Use the newest card.` : undefined,
  CARD_ALREADY_ASSIGNED: ({ name, employeeNumber }) =>
    typeof name === 'string' && typeof employeeNumber === 'string'
      ? `This card is already enrolled to ${name} (Employee Number ${employeeNumber}). A card belongs to one person: use another card.`
      : undefined,
};

/** "1 try left", "3 tries left". */
function triesLeftText(triesLeft: number): string {
  return triesLeft === 1 ? '1 try left' : `${triesLeft} tries left`;
}

/** Turns any rejection of a `window.station` call into the words a clerk reads. */
export function describeError(reason: unknown): ClerkError {
  const wire = toWireError(reason);
  const fix = wire.details ? FIX_FROM_DETAILS[wire.code]?.(wire.details) : undefined;
  const message = fix === undefined ? CLERK_MESSAGES[wire.code] : { ...CLERK_MESSAGES[wire.code], fix };
  const detail = SHOW_STATION_MESSAGE.has(wire.code) ? stationDetail(wire.message, message) : undefined;
  return detail === undefined ? { ...message, code: wire.code, wire } : { ...message, code: wire.code, detail, wire };
}

/**
 * The station's sentence less what the clerk already reads: "Failed to provision
 * credential: the server did not answer. Network or server…" keeps only the middle.
 */
function stationDetail(text: string, message: ClerkMessage): string | undefined {
  let rest = text.trim();
  const titled = `${message.title}: `;
  if (rest.toLowerCase().startsWith(titled.toLowerCase())) rest = rest.slice(titled.length);
  if (rest.endsWith(message.fix)) rest = rest.slice(0, -message.fix.length).trim();
  if (rest === '') return undefined;
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}
