import { z } from 'zod';

/** A card PIN: 6 to 8 digits '0'–'9' (SP 800-73-4 Part 2 §2.4.3). The one place this rule lives. */
export const PIN_MIN_DIGITS = 6;
export const PIN_MAX_DIGITS = 8;
export const PIN_DIGITS_TEXT = `${PIN_MIN_DIGITS} to ${PIN_MAX_DIGITS} digits`;

const PIN_FORMAT = new RegExp(`^\\d{${PIN_MIN_DIGITS},${PIN_MAX_DIGITS}}$`);

export function isPinFormat(value: string): boolean {
  return PIN_FORMAT.test(value);
}

/** The schema every tier parses a PIN with. */
export const Pin = z.string().regex(PIN_FORMAT, `The PIN has ${PIN_DIGITS_TEXT}`);
