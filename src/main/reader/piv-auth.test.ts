import { describe, expect, it } from 'vitest';
import { hex } from './atr';
import { GET_AUTH_CERTIFICATE, generalAuthenticate, parseAuthCertificate, parseGeneralAuthenticateResponse, PivAuthError } from './piv-auth';

const bytes = (h: string): Uint8Array => Uint8Array.from(h.replace(/\s+/g, '').match(/../g) ?? [], (b) => Number.parseInt(b, 16));

/** A stand-in certificate: a DER SEQUENCE (the parser only looks at the wrapping). */
const CERT = bytes('30 06 02 01 01 02 01 02');
/** A 71-byte DER ECDSA signature shape: SEQUENCE { INTEGER 33 bytes, INTEGER 32 bytes }. */
const SIGNATURE = bytes(`30 45 02 21 00 ${'11 '.repeat(32)} 02 20 ${'22 '.repeat(32)}`);

function expectError(run: () => unknown, reason: PivAuthError['reason'], message: RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(PivAuthError);
  expect((caught as PivAuthError).reason).toBe(reason);
  expect((caught as PivAuthError).message).toMatch(message);
}

describe('GET DATA of the PIV Authentication certificate', () => {
  it('asks for object 5FC105 with Le 00', () => {
    expect(hex(GET_AUTH_CERTIFICATE)).toBe('00 CB 3F FF 05 5C 03 5F C1 05 00');
  });

  it('takes the certificate from tag 70, with CertInfo 00 and an empty EDC', () => {
    const data = bytes('53 0F 70 08 30 06 02 01 01 02 01 02 71 01 00 FE 00');
    expect(hex(parseAuthCertificate(data))).toBe(hex(CERT));
  });

  it('accepts an object without CertInfo and with a long-form length', () => {
    const cert = new Uint8Array(300).fill(0x05);
    cert[0] = 0x30;
    const data = new Uint8Array([0x53, 0x82, 0x01, 0x32, 0x70, 0x82, 0x01, 0x2c, ...cert, 0xfe, 0x00]);
    expect(parseAuthCertificate(data)).toEqual(cert);
  });

  it('refuses a compressed certificate with words saying so', () => {
    expectError(() => parseAuthCertificate(bytes('53 0F 70 08 30 06 02 01 01 02 01 02 71 01 01 FE 00')), 'compressed', /stored compressed/);
  });

  it('calls an empty slot empty, and reports damaged answers without crashing', () => {
    expectError(() => parseAuthCertificate(bytes('53 07 70 00 71 01 00 FE 00')), 'empty', /slot on the card is empty/);
    expectError(() => parseAuthCertificate(new Uint8Array(0)), 'empty', /is empty/);
    expectError(() => parseAuthCertificate(bytes('53 10 70 08 30 06')), 'malformed', /damaged: BER-TLV truncated/);
    expectError(() => parseAuthCertificate(bytes('54 02 70 00')), 'malformed', /tag 53 is missing/);
    expectError(() => parseAuthCertificate(bytes('53 05 71 01 00 FE 00')), 'malformed', /no certificate \(tag 70\)/);
    expectError(() => parseAuthCertificate(bytes('53 06 70 04 04 02 41 42')), 'malformed', /not a certificate/);
  });
});

describe('GENERAL AUTHENTICATE with key 9A', () => {
  it('sends the digest in a dynamic authentication template with an empty response tag', () => {
    const digest = new Uint8Array(32).map((_, i) => i);
    const command = generalAuthenticate(digest);
    expect(hex(command.subarray(0, 11))).toBe('00 87 11 9A 26 7C 24 82 00 81 20');
    expect(command.subarray(11, 43)).toEqual(digest);
    expect(command[43]).toBe(0x00); // Le
    expect(command.length).toBe(44);
  });

  it('refuses anything but a 32-byte digest', () => {
    expect(() => generalAuthenticate(new Uint8Array(31))).toThrow(/32-byte SHA-256 digest, got 31 bytes/);
    expect(() => generalAuthenticate(new Uint8Array(48))).toThrow(RangeError);
  });

  it('takes the DER signature from 7C { 82 … }', () => {
    const data = new Uint8Array([0x7c, SIGNATURE.length + 2, 0x82, SIGNATURE.length, ...SIGNATURE]);
    expect(parseGeneralAuthenticateResponse(data)).toEqual(SIGNATURE);
  });

  it('reports malformed answers in words, never crashes', () => {
    expectError(() => parseGeneralAuthenticateResponse(new Uint8Array(0)), 'empty', /is empty/);
    expectError(() => parseGeneralAuthenticateResponse(bytes('7C 49 82 47 30 45')), 'malformed', /damaged/);
    expectError(() => parseGeneralAuthenticateResponse(bytes('7D 02 82 00')), 'malformed', /tag 7C is missing/);
    expectError(() => parseGeneralAuthenticateResponse(bytes('7C 02 81 00')), 'malformed', /without a signature/);
    expectError(() => parseGeneralAuthenticateResponse(bytes('7C 02 82 00')), 'empty', /empty signature/);
    expectError(() => parseGeneralAuthenticateResponse(bytes('7C 0A 82 08 04 06 01 02 03 04 05 06')), 'malformed', /not an ECDSA signature/);
    // SEQUENCE whose length claims more than is there
    expectError(() => parseGeneralAuthenticateResponse(bytes('7C 0A 82 08 30 10 02 01 01 02 01 01')), 'malformed', /not an ECDSA signature/);
  });
});
