import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** Token characters: no 0/O or 1/I, so a token read aloud or retyped survives. 32 symbols, 5 bits each. */
const TOKEN_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** `EST-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX`: 25 random symbols, 125 bits. */
export function newEnrollmentToken(): string {
  const groups: string[] = [];
  for (let g = 0; g < 5; g += 1) {
    let group = '';
    for (let i = 0; i < 5; i += 1) group += TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)];
    groups.push(group);
  }
  return `EST-${groups.join('-')}`;
}

/** A station's credential: 32 random bytes, base64url (43 characters). */
export function newStationSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Only hashes are stored: a copy of the database lets no one act as a station or redeem a token. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Compares two hex SHA-256 digests in constant time. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}
