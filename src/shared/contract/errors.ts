import { z } from 'zod';

/**
 * Stable error codes that cross the main ↔ renderer boundary. The renderer maps each
 * to the clerk's words (see src/renderer/errors/clerk-messages.ts); never match on text.
 */
export const ErrorCode = z.enum([
  'VALIDATION_FAILED',
  'USER_ALREADY_EXISTS',
  'INVALID_CREDENTIAL_TYPE',
  'APPLICANT_NOT_FOUND',
  'EMPLOYEE_NUMBERS_EXHAUSTED',
  'STORE_LOCKED',
  'STORE_UNREADABLE',
  'STORE_WRITE_FAILED',
  'DEVICE_NOT_FOUND',
  'PCSC_NOT_RUNNING',
  'NO_CARD',
  'CARD_REMOVED',
  'CARD_IN_USE',
  'UNSUPPORTED_CARD',
  'WRONG_CARD_TYPE',
  'CARD_ALREADY_ASSIGNED',
  'CARD_REPLACED',
  'PIN_REQUIRED',
  'PIN_INCORRECT',
  'PIN_BLOCKED',
  'CARD_ERROR',
  'SERVER_UNREACHABLE',
  'REGISTRATION_REFUSED',
  'ALREADY_REGISTERED',
  'REVIEW_NOT_FOUND',
  'PROVISIONING_FAILED',
  'CREDENTIAL_PENDING',
  'CREDENTIAL_NOT_FOUND',
  'TRANSITION_NOT_ALLOWED',
  // Operators (operators.ts)
  'NOT_SIGNED_IN',
  'FORBIDDEN_ROLE',
  'FOUR_EYES',
  'NOT_AN_OPERATOR_CARD',
  'CERT_UNREADABLE',
  'CERT_UNTRUSTED',
  'CERT_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'REVOCATION_LIST_STALE',
  'OPERATOR_NOT_REGISTERED',
  'SIGNATURE_INVALID',
  'APPROVAL_NOT_FOUND',
  // The station passphrase (unlock.ts)
  'STATION_LOCKED',
  'PASSPHRASE_INCORRECT',
  'PASSPHRASE_PAUSED',
  'UNKNOWN_CHANNEL',
  'NOT_CONNECTED',
  /** Administration needs the central server now; offline it is read-only. */
  'ADMIN_OFFLINE',
  /** The central server refused an administration change; its words follow. */
  'ADMIN_REFUSED',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const WireError = z.strictObject({
  code: ErrorCode,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type WireError = z.infer<typeof WireError>;

/** An error with a stable code; thrown in main, re-created in the renderer. */
export class StationError extends Error {
  override readonly name = 'StationError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  toWire(): WireError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromWire(wire: WireError): StationError {
    return new StationError(wire.code, wire.message, wire.details);
  }
}

/** What every call returns over a transport: Electron IPC drops custom error fields, so errors travel as values. */
export const Envelope = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ ok: z.literal(false), error: WireError }),
]);
export type Envelope = z.infer<typeof Envelope>;

/**
 * What a rejected `window.station` call gives the renderer. Electron's contextBridge
 * copies only the message of an Error, so calls reject with a plain `WireError`
 * object on both transports; this turns any rejection into one.
 */
export function toWireError(reason: unknown): WireError {
  const parsed = WireError.safeParse(reason);
  if (parsed.success) return parsed.data;
  if (reason instanceof StationError) return reason.toWire();
  return { code: 'INTERNAL', message: reason instanceof Error ? reason.message : String(reason) };
}
