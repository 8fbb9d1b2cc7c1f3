import { z } from 'zod';
import { RegisterStationInput } from '../../../shared/contract';

export type RegistrationField = 'serverUrl' | 'token';
export type RegistrationErrors = Partial<Record<RegistrationField, string[]>>;
const FIELDS: readonly RegistrationField[] = ['serverUrl', 'token'];

/**
 * A station enrollment token as the server spells it. Pasted tokens arrive in lower
 * case, with spaces for dashes or typographic dashes from a document: all are read.
 */
export function normalizeToken(text: string): string {
  const compact = text.toUpperCase().replace(/[\s\-\u2010-\u2015]+/g, '');
  const groups = /^EST([0-9A-Z]{25})$/.exec(compact)?.[1]?.match(/.{5}/g);
  return groups ? ['EST', ...groups].join('-') : text.trim().toUpperCase();
}

/** What Register station sends, and the fields to fix first when it cannot be sent. */
export function checkRegistration(draft: { serverUrl: string; token: string }):
  | { ok: true; value: RegisterStationInput }
  | { ok: false; fieldErrors: RegistrationErrors } {
  const parsed = RegisterStationInput.safeParse({ serverUrl: draft.serverUrl.trim(), token: normalizeToken(draft.token) });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, fieldErrors: pick(z.flattenError(parsed.error).fieldErrors) };
}

/** Field errors the station sent with VALIDATION_FAILED (`details.fieldErrors`). */
export function registrationErrorsFromDetails(details: Record<string, unknown> | undefined): RegistrationErrors {
  const raw = details?.fieldErrors;
  return typeof raw === 'object' && raw !== null ? pick(raw as Record<string, unknown>) : {};
}

function pick(raw: Record<string, unknown>): RegistrationErrors {
  const errors: RegistrationErrors = {};
  for (const field of FIELDS) {
    const messages = raw[field];
    const texts = Array.isArray(messages) ? messages.filter((m): m is string => typeof m === 'string') : [];
    if (texts.length > 0) errors[field] = texts;
  }
  return errors;
}
