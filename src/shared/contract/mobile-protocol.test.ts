import { describe, expect, it } from 'vitest';
import { INVITATION_ALPHABET } from '../domain/mobile-credential';
import { challengeMessage, parsePickupUri, pickupUri, RedeemRequest } from './mobile-protocol';

const PHONE = { deviceId: '1412104381', osVersion: 'iOS 16.7.11', secureElementType: 'EMULATED', manufacturer: 'Apple', model: 'iPhone X', applicationVersion: '4.9.1' };

describe('the pickup URI (what the QR code holds)', () => {
  it('carries the server address and the grouped code, and comes back out unchanged', () => {
    const uri = pickupUri('https://credentials.example.org:8443', 'ADS7H65HYTJNRXR6');
    expect(uri).toBe('enrollment-station://pickup?v=1&server=https%3A%2F%2Fcredentials.example.org%3A8443&code=ADS7-H65H-YTJN-RXR6');
    expect(parsePickupUri(uri)).toEqual({ serverUrl: 'https://credentials.example.org:8443', code: 'ADS7-H65H-YTJN-RXR6' });
    expect(pickupUri('https://credentials.example.org:8443', 'ADS7-H65H-YTJN-RXR6')).toBe(uri);
  });

  it('round-trips any code and server address (with a path, plain http on loopback, IPv6)', () => {
    for (const server of ['http://127.0.0.1:7300', 'https://enroll.example.org/credentials', 'http://[::1]:7300']) {
      for (let i = 0; i < 20; i++) {
        const code = Array.from({ length: 16 }, (_, k) => INVITATION_ALPHABET[(i * 7 + k * 13) % 32]).join('');
        const parsed = parsePickupUri(pickupUri(server, code));
        expect(parsed).toEqual({ serverUrl: server, code: code.match(/.{4}/g)!.join('-') });
        expect(RedeemRequest.parse({ code: parsed!.code, phone: PHONE, publicKey: 'A'.repeat(124) }).code).toBe(code);
      }
    }
    expect(parsePickupUri(`  ${pickupUri('http://127.0.0.1:7300', 'ADS7H65HYTJNRXR6')}\n`)).toEqual({ serverUrl: 'http://127.0.0.1:7300', code: 'ADS7-H65H-YTJN-RXR6' });
  });

  it('refuses anything else: another scheme, another version, no server or code, a server that is not http(s)', () => {
    for (const uri of [
      'https://evil.example/?code=ADS7-H65H-YTJN-RXR6',
      'enrollment-station://pickup?v=2&server=https%3A%2F%2Fa.example&code=ADS7-H65H-YTJN-RXR6',
      'enrollment-station://pickup?server=https%3A%2F%2Fa.example&code=ADS7-H65H-YTJN-RXR6',
      'enrollment-station://pickup?v=1&code=ADS7-H65H-YTJN-RXR6',
      'enrollment-station://pickup?v=1&server=https%3A%2F%2Fa.example',
      'enrollment-station://pickup?v=1&server=javascript%3Aalert(1)&code=ADS7-H65H-YTJN-RXR6',
      'enrollment-station://pickup?v=1&server=file%3A%2F%2F%2Fetc%2Fpasswd&code=ADS7-H65H-YTJN-RXR6',
      '',
    ]) {
      expect(parsePickupUri(uri), uri).toBeUndefined();
    }
  });
});

describe('the wallet’s redemption request', () => {
  // The shape only (base64 of a P-256 SPKI is 124 characters); the server checks that it is a P-256 key.
  const publicKey = `MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE${'A'.repeat(88)}`;

  it('normalises the code as typed (case, spaces, dashes)', () => {
    expect(RedeemRequest.parse({ code: ' ads7 h65h–ytjn-rxr6 ', phone: PHONE, publicKey }).code).toBe('ADS7H65HYTJNRXR6');
  });

  it('refuses a malformed code with a message saying what a code looks like (the server answers 400 and counts no guess)', () => {
    const parsed = RedeemRequest.safeParse({ code: 'ADS0-H65H-YTJN-RXR6', phone: PHONE, publicKey });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['code'], message: expect.stringContaining('16 letters and digits') });
  });
});

describe('the signed door challenge', () => {
  it('is these exact UTF-8 lines (a wallet signs them with ECDSA P-256 / SHA-256)', () => {
    expect(challengeMessage('main-entrance', '0f8fad5b-d9cb-469f-a165-70867728950e', 'n'.repeat(43))).toBe(
      `enrollment-station/door-challenge/v1\nmain-entrance\n0f8fad5b-d9cb-469f-a165-70867728950e\n${'n'.repeat(43)}`,
    );
  });
});
