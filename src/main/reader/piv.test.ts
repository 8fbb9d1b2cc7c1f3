import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFascn as supportEncodeFascn } from '../../../tests/support/pcsc/fasc-n';
import { pivCard } from '../../../tests/support/pcsc/virtual-cards';
import { encodeBerTlv, hex } from './apdu';
import { fromHex } from './atr';
import { decodeFascn, encodeChuid, encodeFascn, GET_CHUID, getResponse, isNonFederalFascn, parseChuid, PIN_STATUS, pivSerialNumber, SELECT_PIV, verifyPin, type Chuid } from './piv';

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/**
 * The FASC-N every YubiKey and ykman write into a fresh CHUID (yubico-piv-tool's CHUID
 * template, ykman): SS 9999 FS 9999 FS 999999 FS 0 FS 1 FS 0000000000 3 0000 1 ES LRC,
 * the placeholder of TIG SCEPACS §6.4 for non-federal issuers.
 */
const YUBICO_FASCN = 'D4 E7 39 DA 73 9C ED 39 CE 73 9D 83 68 58 21 08 42 10 84 21 C8 42 10 C3 EB';
/** The same in older yubico-piv-tool templates: an organizational category that is not a digit (a known bug there). */
const OLD_YUBICO_FASCN = 'D4 E7 39 DA 73 9C ED 39 CE 73 9D 83 68 58 21 08 42 10 84 21 38 42 10 C3 F5';

describe('PIV commands', () => {
  it('are the SP 800-73-4 APDUs', () => {
    expect(hex(SELECT_PIV)).toBe('00 A4 04 00 09 A0 00 00 03 08 00 00 10 00 00');
    expect(hex(GET_CHUID)).toBe('00 CB 3F FF 05 5C 03 5F C1 02 00');
    expect(hex(PIN_STATUS)).toBe('00 20 00 80 00');
  });

  it('builds VERIFY with the PIN padded with FF to 8 bytes', () => {
    expect(hex(verifyPin(ascii('123456')))).toBe('00 20 00 80 08 31 32 33 34 35 36 FF FF');
    expect(hex(verifyPin(ascii('1234567')))).toBe('00 20 00 80 08 31 32 33 34 35 36 37 FF');
    expect(hex(verifyPin(ascii('12345678')))).toBe('00 20 00 80 08 31 32 33 34 35 36 37 38');
  });

  it('does not keep a reference to the PIN it was given', () => {
    const pin = ascii('123456');
    const command = verifyPin(pin);
    pin.fill(0);
    expect(hex(command.subarray(5))).toBe('31 32 33 34 35 36 FF FF');
  });

  it.each([
    ['12345', /6 to 8 digits, it has 5 characters/],
    ['123456789', /6 to 8 digits, it has 9 characters/],
    ['', /6 to 8 digits, it has 0 characters/],
    ['12345a', /digits 0–9 only/],
    ['1234 6', /digits 0–9 only/],
  ])('refuses the PIN %j with a clear Error that does not repeat it', (pin, message) => {
    expect(() => verifyPin(ascii(pin))).toThrow(message);
    try {
      verifyPin(ascii(pin));
    } catch (error) {
      if (pin.length >= 4) expect((error as Error).message).not.toContain(pin);
    }
  });

  it('refuses PIN bytes beyond ASCII digits (e.g. FF padding given as PIN)', () => {
    expect(() => verifyPin(Uint8Array.of(0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0xff))).toThrow(/digits 0–9 only/);
  });

  it('builds GET RESPONSE, 256 as Le 00', () => {
    expect(hex(getResponse(0x10))).toBe('00 C0 00 00 10');
    expect(hex(getResponse(255))).toBe('00 C0 00 00 FF');
    expect(hex(getResponse(256))).toBe('00 C0 00 00 00');
    expect(hex(getResponse(0))).toBe('00 C0 00 00 00');
    expect(() => getResponse(257)).toThrow(RangeError);
    expect(() => getResponse(-1)).toThrow(/0 to 256/);
    expect(() => getResponse(1.5)).toThrow(/0 to 256/);
  });
});

describe('FASC-N', () => {
  it('decodes the FASC-N YubiKeys and ykman write (TIG SCEPACS §6.4 non-federal placeholder)', () => {
    expect(decodeFascn(fromHex(YUBICO_FASCN))).toEqual({
      agencyCode: '9999',
      systemCode: '9999',
      credentialNumber: '999999',
      credentialSeries: '0',
      individualCredentialIssue: '1',
      personIdentifier: '0000000000',
      organizationalCategory: '3',
      organizationalIdentifier: '0000',
      personAssociation: '1',
      display: '9999-9999-999999',
      identity: '9999-9999-999999-0-1',
    });
  });

  it('encodes it back from the agency, system and credential number with the defaults', () => {
    expect(hex(encodeFascn({ agencyCode: '9999', systemCode: '9999', credentialNumber: '999999' }))).toBe(YUBICO_FASCN);
  });

  it('refuses the FASC-N of old yubico-piv-tool templates, whose organizational category is not a digit', () => {
    expect(() => decodeFascn(fromHex(OLD_YUBICO_FASCN))).toThrow(/organizationalCategory holds a character that is not a digit/);
  });

  it('writes what the test virtual card writes (tests/support/pcsc/fasc-n.ts), bit for bit', () => {
    const fields = {
      agencyCode: '1234',
      systemCode: '5678',
      credentialNumber: '104242',
      credentialSeries: '2',
      individualCredentialIssue: '3',
      personIdentifier: '0123456789',
      organizationalCategory: '1',
      organizationalIdentifier: '4321',
      personOrganizationAssociation: '5',
    };
    const theirs = supportEncodeFascn(fields);
    const { personOrganizationAssociation, ...rest } = fields;
    expect(hex(encodeFascn({ ...rest, personAssociation: personOrganizationAssociation }))).toBe(hex(theirs));
    expect(decodeFascn(theirs)).toMatchObject({ ...rest, personAssociation: '5', display: '1234-5678-104242' });
  });

  it('round-trips every field, and encodes the exact inverse of decode', () => {
    const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
    const fields = fc.record({
      agencyCode: digits(4),
      systemCode: digits(4),
      credentialNumber: digits(6),
      credentialSeries: digits(1),
      individualCredentialIssue: digits(1),
      personIdentifier: digits(10),
      organizationalCategory: digits(1),
      organizationalIdentifier: digits(4),
      personAssociation: digits(1),
    });
    fc.assert(
      fc.property(fields, (f) => {
        const bytes = encodeFascn(f);
        expect(bytes).toHaveLength(25);
        const decoded = decodeFascn(bytes);
        const display = `${f.agencyCode}-${f.systemCode}-${f.credentialNumber}`;
        expect(decoded).toEqual({ ...f, display, identity: `${display}-${f.credentialSeries}-${f.individualCredentialIssue}` });
        const { display: _display, identity: _identity, ...again } = decoded;
        expect(encodeFascn(again)).toEqual(bytes);
      }),
    );
  });

  it('detects any single flipped bit by the odd parity of its character', () => {
    const good = fromHex(YUBICO_FASCN);
    for (let bit = 0; bit < 200; bit++) {
      const bad = good.slice();
      bad[bit >> 3]! ^= 0x80 >> (bit & 7);
      expect(() => decodeFascn(bad), `bit ${bit}`).toThrow(/fails its odd-parity check/);
    }
  });

  it('detects a character changed with its parity kept, by the LRC', () => {
    // Credential number 999999 → 999998 in character 17: flip its bit 0 and its parity bit.
    const bad = fromHex(YUBICO_FASCN);
    for (const bit of [5 * 16, 5 * 16 + 4]) bad[bit >> 3]! ^= 0x80 >> (bit & 7);
    expect(() => decodeFascn(bad)).toThrow(/LRC check fails/);
  });

  it('checks the sentinels and separators', () => {
    const withCharacter = (index: number, value: number): Uint8Array => {
      // Re-encode the placeholder with one character replaced and a matching LRC and parity.
      const values = [0xb, 9, 9, 9, 9, 0xd, 9, 9, 9, 9, 0xd, 9, 9, 9, 9, 9, 9, 0xd, 0, 0xd, 1, 0xd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 1, 0xf];
      values[index] = value;
      values.push(values.reduce((a, v) => a ^ v, 0));
      const out = new Uint8Array(25);
      let i = 0;
      for (const v of values) {
        let ones = 0;
        for (let k = 0; k < 4; k++) {
          const b = (v >> k) & 1;
          ones += b;
          if (b) out[i >> 3]! |= 0x80 >> (i & 7);
          i++;
        }
        if (ones % 2 === 0) out[i >> 3]! |= 0x80 >> (i & 7);
        i++;
      }
      return out;
    };
    expect(hex(withCharacter(0, 0xb))).toBe(YUBICO_FASCN); // the helper is right
    expect(() => decodeFascn(withCharacter(0, 0x9))).toThrow(/start sentinel/);
    expect(() => decodeFascn(withCharacter(5, 0x9))).toThrow(/field separator missing after agencyCode/);
    expect(() => decodeFascn(withCharacter(21, 0x1))).toThrow(/field separator missing after individualCredentialIssue/);
    expect(() => decodeFascn(withCharacter(38, 0xd))).toThrow(/end sentinel/);
    expect(() => decodeFascn(withCharacter(3, 0xa))).toThrow(/agencyCode holds a character that is not a digit/);
  });

  it('refuses a FASC-N that is not 25 bytes', () => {
    expect(() => decodeFascn(new Uint8Array(24))).toThrow(/A FASC-N is 25 bytes, got 24/);
    expect(() => decodeFascn(new Uint8Array(0))).toThrow(/got 0/);
    expect(() => decodeFascn(new Uint8Array(25))).toThrow(/parity/); // all zero: every character fails odd parity
  });

  it('refuses fields that are not exactly their number of digits', () => {
    expect(() => encodeFascn({ agencyCode: '999', systemCode: '9999', credentialNumber: '999999' })).toThrow(/agencyCode must be 4 digits, got "999"/);
    expect(() => encodeFascn({ agencyCode: '9999', systemCode: '99a9', credentialNumber: '999999' })).toThrow(/systemCode must be 4 digits/);
    expect(() => encodeFascn({ agencyCode: '9999', systemCode: '9999', credentialNumber: '1' })).toThrow(/credentialNumber must be 6 digits/);
    expect(() => encodeFascn({ agencyCode: '9999', systemCode: '9999', credentialNumber: '999999', personAssociation: '12' })).toThrow(/personAssociation must be 1 digit,/);
    expect(() => encodeFascn({ agencyCode: '9999', systemCode: '9999', credentialNumber: '999999', personIdentifier: '１２３４５６７８９０' })).toThrow(/personIdentifier must be 10 digits/);
  });

  it('knows the non-federal placeholder 9999-9999-999999', () => {
    expect(isNonFederalFascn(decodeFascn(fromHex(YUBICO_FASCN)))).toBe(true);
    expect(isNonFederalFascn(decodeFascn(encodeFascn({ agencyCode: '9999', systemCode: '9999', credentialNumber: '104242' })))).toBe(false);
  });
});

describe('CHUID', () => {
  const GUID = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

  it('round-trips encodeChuid → parseChuid', () => {
    const fascn = encodeFascn({ agencyCode: '1234', systemCode: '0001', credentialNumber: '104242' });
    const data = encodeChuid({ fascn, guid: GUID, expirationDate: '2030-12-31' });
    expect(hex(data.subarray(0, 4))).toBe('53 3B 30 19');
    const chuid = parseChuid(data);
    expect(chuid).toEqual({
      fascn: decodeFascn(fascn),
      fascnHex: hex(fascn).replace(/ /g, ''),
      guid: GUID,
      expirationDate: '2030-12-31',
      raw: data,
    });
    expect(pivSerialNumber(chuid)).toBe('1234-0001-104242-0-1');
  });

  it('writes the SP 800-73-4 layout: 30 FASC-N, 34 GUID, 35 YYYYMMDD, 3E and FE empty', () => {
    const data = encodeChuid({ fascn: fromHex(YUBICO_FASCN), guid: GUID.toUpperCase(), expirationDate: '2030-01-01' });
    expect(hex(data)).toBe(`53 3B 30 19 ${YUBICO_FASCN} 34 10 0F 1E 2D 3C 4B 5A 69 78 87 96 A5 B4 C3 D2 E1 F0 35 08 32 30 33 30 30 31 30 31 3E 00 FE 00`);
  });

  it('reads a YubiKey CHUID (ykman template): the FASC-N is the placeholder, so the GUID is the serial number', () => {
    const guid = fromHex('01 30 19 D4 E7 39 DA 73 9C ED 39 CE 73 9D 83 68');
    const data = Uint8Array.of(0x53, 0x3b, 0x30, 0x19, ...fromHex(YUBICO_FASCN), 0x34, 0x10, ...guid, 0x35, 0x08, ...ascii('20360703'), 0x3e, 0x00, 0xfe, 0x00);
    const chuid = parseChuid(data);
    expect(chuid.fascn?.display).toBe('9999-9999-999999');
    expect(chuid.guid).toBe('013019d4-e739-da73-9ced-39ce739d8368');
    expect(chuid.expirationDate).toBe('2036-07-03');
    expect(pivSerialNumber(chuid)).toBe('013019d4-e739-da73-9ced-39ce739d8368');
  });

  it("reads the test suite's virtual PIV card (tests/support/pcsc/virtual-cards.ts)", () => {
    const card = pivCard({ serial: '104242' });
    const chuid = parseChuid(card.chuid);
    expect(chuid.fascn).toMatchObject({ agencyCode: '9999', systemCode: '9999', credentialNumber: '104242', display: '9999-9999-104242' });
    expect(chuid.guid?.replace(/-/g, '')).toBe(hex(card.guid).replace(/ /g, '').toLowerCase());
    expect(chuid.expirationDate).toBe('2030-12-31');
    expect(pivSerialNumber(chuid)).toBe('9999-9999-104242-0-1');
  });

  it('reads optional tags, a long signature and long-form lengths', () => {
    const fascn = encodeFascn({ agencyCode: '4711', systemCode: '0815', credentialNumber: '000042' });
    const body = [
      encodeBerTlv(0x30, fascn),
      encodeBerTlv(0x32, fromHex('31 32 33 34')), // organizational identifier
      encodeBerTlv(0x33, ascii('123456789')), // DUNS
      encodeBerTlv(0x34, fromHex('00112233445566778899AABBCCDDEEFF')),
      encodeBerTlv(0x35, ascii('20281130')),
      encodeBerTlv(0x36, fromHex('FFEEDDCCBBAA99887766554433221100')), // cardholder UUID
      encodeBerTlv(0x3e, new Uint8Array(900).fill(0x5a)), // CMS signature: 3E 82 03 84 …
      encodeBerTlv(0xfe, new Uint8Array(0)),
    ];
    const data = encodeBerTlv(0x53, Uint8Array.from(body.flatMap((b) => [...b])));
    expect(hex(data.subarray(0, 4))).toBe('53 82 03 E4');
    const chuid = parseChuid(data);
    expect(chuid.fascn?.display).toBe('4711-0815-000042');
    expect(chuid.guid).toBe('00112233-4455-6677-8899-aabbccddeeff');
    expect(chuid.expirationDate).toBe('2028-11-30');
  });

  it('keeps a FASC-N that fails its checks as hex only, and falls back to the GUID', () => {
    const bad = fromHex(YUBICO_FASCN.replace(/^D4/, 'D5'));
    const data = encodeChuid({ fascn: bad, guid: GUID, expirationDate: '2030-12-31' });
    const chuid = parseChuid(data);
    expect(chuid.fascn).toBeUndefined();
    expect(chuid.fascnHex).toBe(hex(bad).replace(/ /g, ''));
    expect(pivSerialNumber(chuid)).toBe(GUID);
  });

  it('leaves out an all-zero GUID (SP 800-73-4: no UUID) and a malformed expiration date', () => {
    const data = encodeBerTlv(0x53, Uint8Array.from([...encodeBerTlv(0x30, fromHex(YUBICO_FASCN)), ...encodeBerTlv(0x34, new Uint8Array(16)), ...encodeBerTlv(0x35, ascii('2030-1-1'))]));
    const chuid = parseChuid(data);
    expect(chuid.guid).toBeUndefined();
    expect(chuid.expirationDate).toBeUndefined();
    expect(pivSerialNumber(chuid)).toBe('9999-9999-999999-0-1'); // nothing better to go by
  });

  it.each([
    ['empty data', '', /Not a CHUID: expected a data object with tag 53, got no data/],
    ['another data object', '7E 02 01 02', /Not a CHUID: expected a data object with tag 53, got 7E/],
    ['truncated data', '53 3B 30 19 D4', /Not a CHUID: BER-TLV truncated: tag 53/],
    ['contents that are not BER-TLV', '53 02 30 05', /Not a CHUID: the contents of tag 53 are not BER-TLV/],
    ['neither FASC-N nor GUID', '53 0C 35 08 32 30 33 30 31 32 33 31 3E 00', /neither a FASC-N \(tag 30\) nor a GUID \(tag 34\)/],
  ])('refuses %s with a clear Error', (_what, text, message) => {
    expect(() => parseChuid(fromHex(text))).toThrow(message);
  });

  it('validates what it encodes', () => {
    const fascn = fromHex(YUBICO_FASCN);
    expect(() => encodeChuid({ fascn: new Uint8Array(24), guid: GUID, expirationDate: '2030-12-31' })).toThrow(/25 bytes, got 24/);
    expect(() => encodeChuid({ fascn, guid: 'not-a-guid', expirationDate: '2030-12-31' })).toThrow(/GUID must be 32 hex digits/);
    expect(() => encodeChuid({ fascn, guid: GUID.slice(1), expirationDate: '2030-12-31' })).toThrow(/GUID must be 32 hex digits/);
    expect(() => encodeChuid({ fascn, guid: GUID, expirationDate: '20301231' })).toThrow(/YYYY-MM-DD/);
    expect(encodeChuid({ fascn, guid: GUID.replace(/-/g, ''), expirationDate: '2030-12-31' })).toEqual(encodeChuid({ fascn, guid: GUID, expirationDate: '2030-12-31' }));
  });
});

describe('pivSerialNumber', () => {
  const base: Chuid = { fascnHex: '', raw: new Uint8Array(0) };
  const real = decodeFascn(encodeFascn({ agencyCode: '1234', systemCode: '0001', credentialNumber: '104242' }));
  const placeholder = decodeFascn(fromHex(YUBICO_FASCN));

  it('prefers a real FASC-N, then the GUID, then a placeholder FASC-N, then the raw FASC-N', () => {
    expect(pivSerialNumber({ ...base, fascn: real, guid: 'aa' })).toBe('1234-0001-104242-0-1');
    expect(pivSerialNumber({ ...base, fascn: placeholder, guid: 'guid-here' })).toBe('guid-here');
    expect(pivSerialNumber({ ...base, guid: 'guid-here', fascnHex: 'D5E7' })).toBe('guid-here');
    expect(pivSerialNumber({ ...base, fascn: placeholder })).toBe('9999-9999-999999-0-1');
    expect(pivSerialNumber({ ...base, fascnHex: 'D5E739' })).toBe('D5E739');
  });

  it('keeps a replacement card apart: the same credential number with another series or issue is another Serial Number', () => {
    const lost = decodeFascn(encodeFascn({ agencyCode: '1234', systemCode: '5678', credentialNumber: '000007', credentialSeries: '0', individualCredentialIssue: '1' }));
    const reissued = decodeFascn(encodeFascn({ agencyCode: '1234', systemCode: '5678', credentialNumber: '000007', credentialSeries: '0', individualCredentialIssue: '2' }));
    const newSeries = decodeFascn(encodeFascn({ agencyCode: '1234', systemCode: '5678', credentialNumber: '000007', credentialSeries: '1', individualCredentialIssue: '1' }));
    expect(lost.display).toBe(reissued.display); // what the issue saw: both were 1234-5678-000007
    const serials = [lost, reissued, newSeries].map((fascn) => pivSerialNumber({ ...base, fascn }));
    expect(serials).toEqual(['1234-5678-000007-0-1', '1234-5678-000007-0-2', '1234-5678-000007-1-1']);
  });

  it('throws when the CHUID has nothing to go by', () => {
    expect(() => pivSerialNumber(base)).toThrow(/neither a FASC-N nor a GUID/);
  });
});
