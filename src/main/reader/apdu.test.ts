import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBerTlv, GET_UID, hex, maskApdu, parseBerTlv, responseData, statusWord } from './apdu';
import { fromHex } from './atr';

const sw = (text: string) => statusWord(fromHex(text));

describe('GET_UID', () => {
  it('is PC/SC Part 3 GET DATA for the UID with Le 00', () => {
    expect(hex(GET_UID)).toBe('FF CA 00 00 00');
  });
});

describe('statusWord', () => {
  it('reads 90 00 as OK, after any data', () => {
    expect(sw('90 00')).toEqual({ sw: 0x9000, kind: 'ok', message: 'OK' });
    expect(sw('04 A2 3B 7A 90 00')).toMatchObject({ sw: 0x9000, kind: 'ok' });
  });

  it('reads 61xx as more data, 61 00 as 256 or more', () => {
    expect(sw('61 10')).toEqual({ sw: 0x6110, kind: 'more-data', moreBytes: 16, message: 'More data: 16 bytes to fetch with GET RESPONSE' });
    expect(sw('61 00')).toMatchObject({ kind: 'more-data', moreBytes: 256, message: 'More data: 256 or more bytes to fetch with GET RESPONSE' });
  });

  it('reads 6Cxx as wrong Le with the right one', () => {
    expect(sw('6C 08')).toEqual({ sw: 0x6c08, kind: 'wrong-le', correctLe: 8, message: 'Wrong Le: the card has 8 bytes to send' });
    expect(sw('6C 00')).toMatchObject({ correctLe: 256 });
  });

  it('reads 63Cx as a wrong PIN with x tries left', () => {
    expect(sw('63 C2')).toEqual({ sw: 0x63c2, kind: 'pin-wrong', triesLeft: 2, message: 'Wrong PIN: 2 tries left' });
    expect(sw('63 C1')).toMatchObject({ triesLeft: 1, message: 'Wrong PIN: 1 try left' });
    expect(sw('63 C0')).toMatchObject({ kind: 'pin-wrong', triesLeft: 0, message: 'Wrong PIN: no tries left' });
    expect(sw('63 CF')).toMatchObject({ triesLeft: 15 });
  });

  it.each([
    ['69 83', 'pin-blocked', /PIN blocked/],
    ['69 82', 'security-not-satisfied', /Security status not satisfied/],
    ['6A 82', 'not-found', /File or application not found/],
    ['6D 00', 'not-supported', /Instruction not supported/],
    ['6E 00', 'not-supported', /Class not supported/],
    ['6A 80', 'wrong-data', /Incorrect data/],
  ] as const)('reads %s as %s', (text, kind, message) => {
    const result = sw(text);
    expect(result.kind).toBe(kind);
    expect(result.message).toMatch(message);
    expect(result.triesLeft).toBeUndefined();
  });

  it('names other ISO/IEC 7816-4 status words and shows their code', () => {
    expect(sw('69 85')).toEqual({ sw: 0x6985, kind: 'other', message: 'Conditions of use not satisfied (SW 6985)' });
    expect(sw('67 00')).toMatchObject({ kind: 'other', message: 'Wrong length (SW 6700)' });
    expect(sw('6A 86')).toMatchObject({ kind: 'other', message: 'Incorrect parameters P1-P2 (SW 6A86)' });
    expect(sw('63 00')).toMatchObject({ kind: 'other', message: 'Warning: authentication failed (SW 6300)' }); // 63 00 is not 63Cx
    expect(sw('9F 10')).toEqual({ sw: 0x9f10, kind: 'other', message: 'Status word 9F10' });
  });

  it('does not throw on a response without status word', () => {
    expect(statusWord(new Uint8Array(0))).toEqual({ sw: 0, kind: 'other', message: 'No status word (the response has 0 bytes)' });
    expect(statusWord(Uint8Array.of(0x90))).toMatchObject({ kind: 'other', message: 'No status word (the response has 1 byte)' });
  });

  it('never ends a message with a full stop (callers put it in sentences)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 2, maxLength: 2 }), (bytes) => {
        expect(statusWord(bytes).message).not.toMatch(/\.$/);
      }),
    );
  });
});

describe('responseData', () => {
  it('drops the status word', () => {
    expect(hex(responseData(fromHex('04 A2 3B 7A 90 00')))).toBe('04 A2 3B 7A');
    expect(responseData(fromHex('90 00'))).toEqual(new Uint8Array(0));
    expect(responseData(new Uint8Array(0))).toEqual(new Uint8Array(0));
  });

  it('returns a copy', () => {
    const response = fromHex('01 02 90 00');
    const data = responseData(response);
    data.fill(0);
    expect(hex(response)).toBe('01 02 90 00');
  });
});

describe('parseBerTlv', () => {
  it('reads one-byte tags and short lengths', () => {
    expect(parseBerTlv(fromHex('30 02 01 02 34 00'))).toEqual([
      { tag: 0x30, value: fromHex('01 02') },
      { tag: 0x34, value: new Uint8Array(0) },
    ]);
    expect(parseBerTlv(new Uint8Array(0))).toEqual([]);
  });

  it('reads multi-byte tags (5F C1 02, 7F 49, 9F 81 01)', () => {
    expect(parseBerTlv(fromHex('5C 03 5F C1 02'))).toEqual([{ tag: 0x5c, value: fromHex('5F C1 02') }]);
    expect(parseBerTlv(fromHex('5F C1 02 01 AA'))).toEqual([{ tag: 0x5fc102, value: fromHex('AA') }]);
    expect(parseBerTlv(fromHex('9F 81 01 00'))).toEqual([{ tag: 0x9f8101, value: new Uint8Array(0) }]);
    const [pub] = parseBerTlv(fromHex('7F 49 03 86 01 04'));
    expect(pub).toEqual({ tag: 0x7f49, value: fromHex('86 01 04'), children: [{ tag: 0x86, value: fromHex('04') }] });
  });

  it('reads long-form lengths 81 xx and 82 xx xx', () => {
    const v200 = new Uint8Array(200).fill(0x11);
    expect(parseBerTlv(Uint8Array.of(0x53, 0x81, 200, ...v200))).toEqual([{ tag: 0x53, value: v200 }]);
    const v300 = new Uint8Array(300).fill(0x22);
    expect(parseBerTlv(Uint8Array.of(0x53, 0x82, 0x01, 0x2c, ...v300))).toEqual([{ tag: 0x53, value: v300 }]);
    expect(parseBerTlv(fromHex('53 81 02 AA BB'))).toEqual([{ tag: 0x53, value: fromHex('AA BB') }]); // non-minimal length is still readable
  });

  it('parses the children of constructed objects, e.g. the PIV application property template', () => {
    // SELECT PIV response (SP 800-73-4 Part 2 §3.1.1): 61 { 4F PIX, 79 { 4F RID } }
    const [apt] = parseBerTlv(fromHex('61 11 4F 06 00 00 10 00 01 00 79 07 4F 05 A0 00 00 03 08'));
    expect(apt?.tag).toBe(0x61);
    expect(apt?.children).toEqual([
      { tag: 0x4f, value: fromHex('00 00 10 00 01 00') },
      { tag: 0x79, value: fromHex('4F 05 A0 00 00 03 08'), children: [{ tag: 0x4f, value: fromHex('A0 00 00 03 08') }] },
    ]);
  });

  it('gives no children when the contents of a constructed tag are not BER-TLV (PIV uses 30, 34 for plain values)', () => {
    const fascn = fromHex('D4 E7 39 DA 73 9C ED 39 CE 73 9D 83 68 58 21 08 42 10 84 21 C8 42 10 C3 EB');
    expect(parseBerTlv(Uint8Array.of(0x30, 0x19, ...fascn))).toEqual([{ tag: 0x30, value: fascn }]);
    expect(parseBerTlv(fromHex('61 03 30 05 00'))).toEqual([{ tag: 0x61, value: fromHex('30 05 00') }]);
  });

  it('skips 00 and FF padding between objects', () => {
    expect(parseBerTlv(fromHex('00 30 01 AA FF FF 34 00 00'))).toEqual([
      { tag: 0x30, value: fromHex('AA') },
      { tag: 0x34, value: new Uint8Array(0) },
    ]);
  });

  it.each([
    ['30 05 01 02', /truncated: tag 30 at offset 0 says 5 bytes, only 2 follow/],
    ['30', /truncated: tag 30 at offset 0 has no length/],
    ['5F', /truncated: tag starting 5F at offset 0 is cut short/],
    ['5F C1', /truncated: tag starting 5F at offset 0 is cut short/],
    ['53 82 01', /truncated: the length of tag 53 at offset 0 is cut short/],
    ['30 01 AA 34 81', /truncated: the length of tag 34 at offset 3 is cut short/],
    ['30 80 00 00', /indefinite length/],
    ['30 85 00 00 00 00 01', /5-byte length/],
    ['5F FF FF FF 7F 00', /longer than 4 bytes/],
  ])('throws a clear Error on %s', (text, message) => {
    expect(() => parseBerTlv(fromHex(text))).toThrow(message);
  });
});

describe('encodeBerTlv', () => {
  it('writes the shortest definite length', () => {
    expect(hex(encodeBerTlv(0x30, fromHex('AA')))).toBe('30 01 AA');
    expect(hex(encodeBerTlv(0x3e, new Uint8Array(0)))).toBe('3E 00');
    expect(hex(encodeBerTlv(0x53, new Uint8Array(127)).subarray(0, 2))).toBe('53 7F');
    expect(hex(encodeBerTlv(0x53, new Uint8Array(128)).subarray(0, 3))).toBe('53 81 80');
    expect(hex(encodeBerTlv(0x53, new Uint8Array(255)).subarray(0, 3))).toBe('53 81 FF');
    expect(hex(encodeBerTlv(0x53, new Uint8Array(256)).subarray(0, 4))).toBe('53 82 01 00');
    expect(hex(encodeBerTlv(0x53, new Uint8Array(70000)).subarray(0, 5))).toBe('53 83 01 11 70');
  });

  it('writes multi-byte tags from a number or bytes', () => {
    expect(hex(encodeBerTlv(0x5fc102, fromHex('01')))).toBe('5F C1 02 01 01');
    expect(hex(encodeBerTlv(fromHex('7F 49'), new Uint8Array(0)))).toBe('7F 49 00');
    expect(() => encodeBerTlv(0, new Uint8Array(0))).toThrow(/tag must be 1 to 4 bytes/);
  });

  it('round-trips through parseBerTlv', () => {
    fc.assert(
      fc.property(fc.constantFrom(0x30, 0x34, 0x53, 0x5fc102, 0x9f8101), fc.uint8Array({ maxLength: 600 }), (tag, value) => {
        const parsed = parseBerTlv(encodeBerTlv(tag, value));
        expect(parsed).toHaveLength(1);
        expect(parsed[0]?.tag).toBe(tag);
        expect(parsed[0]?.value).toEqual(value);
      }),
    );
  });
});

describe('maskApdu', () => {
  it('masks the PIN in VERIFY, byte for byte', () => {
    expect(maskApdu(fromHex('00 20 00 80 08 31 32 33 34 35 36 FF FF'))).toBe('00 20 00 80 08 ** ** ** ** ** ** ** **');
  });

  it('masks CHANGE REFERENCE DATA and RESET RETRY COUNTER data (old and new PIN, PUK and PIN)', () => {
    const change = fromHex('00 24 00 80 10 31 32 33 34 35 36 FF FF 36 35 34 33 32 31 FF FF');
    expect(maskApdu(change)).toBe(`00 24 00 80 10 ${Array(16).fill('**').join(' ')}`);
    const reset = fromHex('00 2C 00 80 10 31 32 33 34 35 36 37 38 39 39 39 39 39 39 FF FF');
    expect(maskApdu(reset)).toBe(`00 2C 00 80 10 ${Array(16).fill('**').join(' ')}`);
  });

  it('leaves a VERIFY without data (PIN status) and other commands as they are', () => {
    expect(maskApdu(fromHex('00 20 00 80 00'))).toBe('00 20 00 80 00');
    expect(maskApdu(fromHex('00 20 00 80'))).toBe('00 20 00 80');
    expect(maskApdu(fromHex('00 CB 3F FF 05 5C 03 5F C1 02 00'))).toBe('00 CB 3F FF 05 5C 03 5F C1 02 00');
    expect(maskApdu(fromHex('00 A4 04 00 09 A0 00 00 03 08 00 00 10 00 00'))).toBe('00 A4 04 00 09 A0 00 00 03 08 00 00 10 00 00');
    expect(maskApdu(new Uint8Array(0))).toBe('');
  });

  it('keeps a trailing Le visible', () => {
    expect(maskApdu(fromHex('00 20 00 80 02 31 32 00'))).toBe('00 20 00 80 02 ** ** 00');
  });

  it('masks everything after the header when Lc does not fit', () => {
    expect(maskApdu(fromHex('00 20 00 80 10 31 32 33'))).toBe('00 20 00 80 10 ** ** **');
  });

  it('masks extended-length data', () => {
    expect(maskApdu(fromHex('00 20 00 80 00 00 03 31 32 33'))).toBe('00 20 00 80 00 00 03 ** ** **');
  });

  it('never shows a data byte of a PIN command', () => {
    fc.assert(
      fc.property(fc.constantFrom(0x20, 0x24, 0x2c), fc.uint8Array({ minLength: 1, maxLength: 40 }), (ins, data) => {
        const command = Uint8Array.of(0x00, ins, 0x00, 0x80, data.length, ...data);
        expect(maskApdu(command)).toBe(`${hex(command.subarray(0, 5))} ${Array(data.length).fill('**').join(' ')}`);
      }),
    );
  });
});
