/**
 * PIV authentication (NIST SP 800-73-4): reading the X.509 Certificate for PIV
 * Authentication (data object 5FC105, key 9A) and having the card sign with key 9A through
 * GENERAL AUTHENTICATE. Operators sign in with it. Pure code: no Node built-ins,
 * Uint8Array only; malformed card answers are a `PivAuthError` with plain words.
 */
import { encodeBerTlv, parseBerTlv, type BerTlv } from './apdu';

/** A card answer that cannot be used; `reason` tells the caller which kind. */
export class PivAuthError extends Error {
  override readonly name = 'PivAuthError';
  constructor(
    readonly reason: 'malformed' | 'compressed' | 'empty',
    message: string,
  ) {
    super(message);
  }
}

/** GET DATA of the X.509 Certificate for PIV Authentication (tag list 5C 03 5F C1 05); Le 00. SP 800-73-4 Part 1 Table 3. */
export const GET_AUTH_CERTIFICATE = Uint8Array.of(0x00, 0xcb, 0x3f, 0xff, 0x05, 0x5c, 0x03, 0x5f, 0xc1, 0x05, 0x00);

/** Cryptographic algorithm identifier 11: ECC P-256 (SP 800-78-4 Table 6-2). */
export const ALGORITHM_ECC_P256 = 0x11;
/** Key reference 9A: the PIV Authentication key (SP 800-73-4 Part 1 Table 4b). */
export const KEY_PIV_AUTHENTICATION = 0x9a;

const TAG = {
  container: 0x53,
  certificate: 0x70,
  certInfo: 0x71,
  template: 0x7c,
  response: 0x82,
  challenge: 0x81,
} as const;

/**
 * The certificate's DER from a GET DATA 5FC105 answer without its status word:
 * 53 L { 70 certificate, 71 CertInfo, 72 MSCUID?, FE EDC } (SP 800-73-4 Part 1 Table 10).
 * CertInfo bit 0 set means the certificate is gzip-compressed, which is refused: the
 * station has no business inflating what a card sends before checking it.
 */
export function parseAuthCertificate(data: Uint8Array): Uint8Array {
  const container = findTag(parseTlv(data, 'The certificate object'), TAG.container, 'The certificate object', 'tag 53');
  const inner = parseTlv(container.value, 'The certificate object');
  const certificate = inner.find((t) => t.tag === TAG.certificate);
  if (!certificate) throw new PivAuthError('malformed', 'The certificate object on the card has no certificate (tag 70).');
  if (certificate.value.length === 0) throw new PivAuthError('empty', 'The certificate slot on the card is empty.');
  const certInfo = inner.find((t) => t.tag === TAG.certInfo)?.value;
  if (certInfo && certInfo.length > 0 && (certInfo[0]! & 0x01) !== 0) {
    throw new PivAuthError('compressed', 'The certificate on the card is stored compressed, which the station does not accept. Ask the card issuer to write it uncompressed.');
  }
  if (certificate.value[0] !== 0x30) throw new PivAuthError('malformed', 'The data in the certificate slot on the card is not a certificate (it does not begin with a DER SEQUENCE).');
  return certificate.value.slice();
}

/**
 * GENERAL AUTHENTICATE (SP 800-73-4 Part 2 §3.2.4) asking key 9A (ECC P-256, algorithm 11)
 * to sign a 32-byte SHA-256 digest: 00 87 11 9A 26 7C 24 { 82 00, 81 20 <digest> } 00.
 * The card hashes nothing itself: the digest is what it signs.
 */
export function generalAuthenticate(digest: Uint8Array): Uint8Array {
  if (digest.length !== 32) throw new RangeError(`GENERAL AUTHENTICATE with ECC P-256 signs a 32-byte SHA-256 digest, got ${digest.length} bytes`);
  const template = encodeBerTlv(TAG.template, concat([encodeBerTlv(TAG.response, new Uint8Array(0)), encodeBerTlv(TAG.challenge, digest)]));
  return concat([Uint8Array.of(0x00, 0x87, ALGORITHM_ECC_P256, KEY_PIV_AUTHENTICATION, template.length), template, Uint8Array.of(0x00)]);
}

/**
 * The DER ECDSA signature from a GENERAL AUTHENTICATE answer without its status word:
 * 7C L { 82 L <signature> }. Checks the signature is a DER SEQUENCE of two INTEGERs
 * (r and s, each at most 33 bytes for P-256) so a garbled answer is reported here
 * rather than as a failed verification.
 */
export function parseGeneralAuthenticateResponse(data: Uint8Array): Uint8Array {
  const template = findTag(parseTlv(data, 'The signature answer'), TAG.template, 'The signature answer', 'tag 7C');
  const inner = parseTlv(template.value, 'The signature answer');
  const response = inner.find((t) => t.tag === TAG.response);
  if (!response) throw new PivAuthError('malformed', 'The card answered without a signature (no tag 82 in its answer).');
  if (response.value.length === 0) throw new PivAuthError('empty', 'The card answered with an empty signature.');
  if (!isDerEcdsaSignature(response.value)) throw new PivAuthError('malformed', 'The card answered with something that is not an ECDSA signature.');
  return response.value.slice();
}

/** SEQUENCE { INTEGER r, INTEGER s }, short DER lengths, nothing after. */
function isDerEcdsaSignature(sig: Uint8Array): boolean {
  if (sig.length < 8 || sig[0] !== 0x30) return false;
  let i = 2;
  let length = sig[1]!;
  if (length === 0x81) {
    length = sig[2]!;
    i = 3;
  }
  if (i + length !== sig.length) return false;
  for (let n = 0; n < 2; n++) {
    if (sig[i] !== 0x02) return false;
    const intLength = sig[i + 1];
    if (intLength === undefined || intLength < 1 || intLength > 33 || i + 2 + intLength > sig.length) return false;
    i += 2 + intLength;
  }
  return i === sig.length;
}

function parseTlv(bytes: Uint8Array, what: string): BerTlv[] {
  try {
    return parseBerTlv(bytes);
  } catch (error) {
    throw new PivAuthError('malformed', `${what} from the card is damaged: ${(error as Error).message}.`);
  }
}

function findTag(list: BerTlv[], tag: number, what: string, tagName: string): BerTlv {
  const found = list.find((t) => t.tag === tag);
  if (!found) {
    if (list.length === 0) throw new PivAuthError('empty', `${what} from the card is empty.`);
    throw new PivAuthError('malformed', `${what} from the card is not what PIV prescribes: ${tagName} is missing.`);
  }
  return found;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
