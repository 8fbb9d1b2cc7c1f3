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
 * What the database keeps instead of the code. A fast hash is enough here: slow hashes
 * (bcrypt, scrypt) exist to stretch low-entropy secrets such as passwords, where an
 * attacker with the table tries a dictionary. These codes have 80 random bits and no
 * dictionary: finding one from its SHA-256 means ~2^79 hashes on average, and the code
 * is single use and lives at most 7 days. A fixed hash (no per-row salt) is also what
 * lets redemption find the row by its hash in one indexed lookup.
 */
export function hashInvitationCode(code: string): string {
  return createHash('sha256').update(`enrollment-station/invitation/v1:${code}`).digest('hex');
}

/** When an invitation made at `now` stops working: `validMinutes` later (the credential type's policy). */
export function invitationExpiresAt(now: Date, validMinutes: number): Date {
  return new Date(now.getTime() + validMinutes * 60_000);
}

/** Expired from its expiry instant on: a code is good strictly before `expiresAt`. */
export function isExpired(expiresAt: Date, now: Date): boolean {
  return now.getTime() >= expiresAt.getTime();
}
