import { createHash, randomInt } from 'node:crypto';
import { INVITATION_ALPHABET, INVITATION_LENGTH } from '../../shared/domain/mobile-credential';

/**
 * A new invitation code: 16 symbols drawn uniformly from the 32-symbol alphabet with
 * `crypto.randomInt` (a CSPRNG that rejects out-of-range draws, so no modulo bias):
 * 16 × 5 = 80 bits.
 */
export function generateInvitationCode(draw: (max: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < INVITATION_LENGTH; i++) code += INVITATION_ALPHABET[draw(INVITATION_ALPHABET.length)];
  return code;
}

/**
 * What the database keeps instead of the code. A fast hash is enough here: the code has
 * 80 random bits (no dictionary to try), lives at most 7 days and is single use, so a
 * stolen table gives nothing usable in time.
 */
export function hashInvitationCode(code: string): string {
  return createHash('sha256').update(`enrollment-station/invitation/v1:${code}`).digest('hex');
}
