import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AtrError, atrCheckByte, fromHex, hex, MAX_ATR_LENGTH, parseAtr } from './atr';

/** Real-world ATRs, as listed in pcsc-tools' smartcard_list.txt. */
const MIFARE_1K = '3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A'; // MIFARE Classic 1K via a PC/SC Part 3 reader
const OBERTHUR_PIV = '3B DB 96 00 81 B1 FE 45 1F 83 80 F9 A0 00 00 03 08 00 00 10 00 98'; // Oberthur Cosmo v7 128K with PIV applet
const YUBIKEY_5 = '3B FD 13 00 00 81 31 FE 15 80 73 C0 21 C0 57 59 75 62 69 4B 65 79 40'; // Yubico YubiKey 5 NFC (USB)
const GD_SCE_7 = '3B F9 18 00 00 00 53 43 45 37 20 03 00 20 46'; // G+D FIPS 201 SCE 7.0: T=0 only, no TCK
const MULTIFLEX = '3B 02 14 50'; // Schlumberger Multiflex 3k: no interface bytes at all

describe('hex and fromHex', () => {
  it('writes upper-case bytes separated by single spaces', () => {
    expect(hex(Uint8Array.of(0xa0, 0x00, 0x03))).toBe('A0 00 03');
    expect(hex(Uint8Array.of(0x0f, 0xff))).toBe('0F FF');
    expect(hex(new Uint8Array(0))).toBe('');
  });

  it('reads hex with spaces, colons, no separators and either case', () => {
    expect(fromHex('3B 8F 80')).toEqual(Uint8Array.of(0x3b, 0x8f, 0x80));
    expect(fromHex('3b:8f:80')).toEqual(Uint8Array.of(0x3b, 0x8f, 0x80));
    expect(fromHex('3B8f80')).toEqual(Uint8Array.of(0x3b, 0x8f, 0x80));
    expect(fromHex(' 3B\t8F\n80 ')).toEqual(Uint8Array.of(0x3b, 0x8f, 0x80));
    expect(fromHex('')).toEqual(new Uint8Array(0));
  });

  it('throws on anything that is not whole hex bytes', () => {
    expect(() => fromHex('3B 8G')).toThrow(/Not hexadecimal/);
    expect(() => fromHex('0x3B')).toThrow(/Not hexadecimal/);
    expect(() => fromHex('3B 8')).toThrow(/even number of digits/);
    expect(() => fromHex('3-B')).toThrow(/Not hexadecimal/);
  });

  it('round-trips any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
          expect(fromHex(hex(bytes))).toEqual(bytes);
        }));
  });
});

describe('atrCheckByte', () => {
  it('is the XOR of T0 up to the byte before TCK, so T0…TCK XOR to zero', () => {
    const atr = fromHex(MIFARE_1K);
    expect(atrCheckByte(atr, atr.length - 1)).toBe(0x6a);
    expect(atrCheckByte(atr)).toBe(0); // including the TCK itself
    expect(atrCheckByte(fromHex('3B 81 80 01 80'))).toBe(0x80); // MIFARE DESFire: 3B 81 80 01 80 80
  });
});

describe('parseAtr on real-world ATRs', () => {
  it('explains a MIFARE Classic 1K as a PC/SC Part 3 reader builds its ATR', () => {
    const atr = parseAtr(fromHex(MIFARE_1K));
    expect(atr.hex).toBe(MIFARE_1K);
    expect(atr.convention).toBe('direct');
    expect(atr.t0).toBe(0x8f);
    expect(atr.interfaceGroups).toEqual([
      { index: 1, td: 0x80 },
      { index: 2, td: 0x01 },
    ]);
    expect(atr.protocols).toEqual([0, 1]);
    expect(hex(atr.historicalBytes)).toBe('80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00');
    expect(atr.tck).toEqual({ value: 0x6a, valid: true });
    expect(atr.explain).toEqual([
      'TS 3B: direct convention',
      'T0 8F: TD1 present, 15 historical bytes',
      'TD1 80: TD2 present, protocol T=0',
      'TD2 01: protocol T=1, no further interface bytes',
      'Historical bytes (15): 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 — category 80, COMPACT-TLV data objects',
      'PC/SC Part 3 contactless card: standard 03 (ISO/IEC 14443 A, part 3), card name 00 01',
      'TCK 6A: checksum OK',
    ]);
  });

  it('explains a contact PIV card with T=1 and global interface bytes (T=15)', () => {
    const atr = parseAtr(fromHex(OBERTHUR_PIV));
    expect(atr.interfaceGroups).toEqual([
      { index: 1, ta: 0x96, tc: 0x00, td: 0x81 },
      { index: 2, td: 0xb1 },
      { index: 3, ta: 0xfe, tb: 0x45, td: 0x1f },
      { index: 4, ta: 0x83 },
    ]);
    expect(atr.protocols).toEqual([1]); // T=15 announces global bytes, it is not a protocol
    expect(hex(atr.historicalBytes)).toBe('80 F9 A0 00 00 03 08 00 00 10 00');
    expect(atr.tck).toEqual({ value: 0x98, valid: true });
    expect(atr.explain).toEqual([
      'TS 3B: direct convention',
      'T0 DB: TA1, TC1, TD1 present, 11 historical bytes',
      'TA1 96: clock rate conversion Fi 512 (f max 5 MHz), baud rate adjustment Di 32',
      'TC1 00: no extra guard time',
      'TD1 81: TD2 present, protocol T=1',
      'TD2 B1: TA3, TB3, TD3 present, protocol T=1',
      'TA3 FE: T=1 information field size IFSC 254 bytes',
      'TB3 45: T=1 block waiting integer BWI 4, character waiting integer CWI 5',
      'TD3 1F: TA4 present, T=15 (global interface bytes follow)',
      'TA4 83: clock stop state H, class A (5 V), B (3 V)',
      'Historical bytes (11): 80 F9 A0 00 00 03 08 00 00 10 00 — category 80, COMPACT-TLV data objects',
      'TCK 98: checksum OK',
    ]);
  });

  it('shows the text in a YubiKey 5 ATR', () => {
    const atr = parseAtr(fromHex(YUBIKEY_5));
    expect(atr.protocols).toEqual([1]);
    expect(atr.tck).toEqual({ value: 0x40, valid: true });
    expect(atr.explain).toContain('TB1 00: no programming voltage (VPP not connected)');
    expect(atr.explain).toContain('TB3 15: T=1 block waiting integer BWI 1, character waiting integer CWI 5');
    expect(atr.explain.find((l) => l.startsWith('Historical'))).toMatch(/text "WYubiKey"$/);
  });

  it('takes an ATR that offers only T=0 without a TCK', () => {
    const atr = parseAtr(fromHex(GD_SCE_7));
    expect(atr.protocols).toEqual([0]);
    expect(atr.tck).toBeUndefined();
    expect(atr.interfaceGroups).toEqual([{ index: 1, ta: 0x18, tb: 0x00, tc: 0x00, td: 0x00 }]);
    expect(atr.explain).toContain('TA1 18: clock rate conversion Fi 372 (f max 5 MHz), baud rate adjustment Di 12');
    expect(atr.explain).toContain('TD1 00: protocol T=0, no further interface bytes');
    expect(atr.explain.at(-1)).toBe('No TCK: only T=0 is indicated');
  });

  it('implies T=0 when there is no TD1', () => {
    const atr = parseAtr(fromHex(MULTIFLEX));
    expect(atr.protocols).toEqual([0]);
    expect(atr.interfaceGroups).toEqual([]);
    expect(atr.tck).toBeUndefined();
    expect(atr.explain.slice(0, 2)).toEqual(['TS 3B: direct convention', 'T0 02: no further interface bytes, 2 historical bytes']);
    expect(parseAtr(fromHex('3B 00')).explain).toContain('No historical bytes');
  });

  it('reads TS 3F as inverse convention', () => {
    const atr = parseAtr(fromHex('3F 00'));
    expect(atr.convention).toBe('inverse');
    expect(atr.explain[0]).toBe('TS 3F: inverse convention');
  });

  it('explains the specific-mode and T=0 bytes of the second group', () => {
    // Made up: TA2 (specific mode T=1), TB2, TC2 (WI for T=0).
    const body = fromHex('3B 80 F1 11 00 0A 00');
    const atr = parseAtr(Uint8Array.of(...body, atrCheckByte(body)));
    expect(atr.explain).toEqual(
      expect.arrayContaining([
        'TD1 F1: TA2, TB2, TC2, TD2 present, protocol T=1',
        'TA2 11: specific mode, protocol T=1, able to change to negotiable mode, parameters implicitly known',
        'TB2 00: programming voltage PI2 (deprecated, ignored)',
        'TC2 0A: T=0 waiting time integer WI 10',
        'TD2 00: protocol T=0, no further interface bytes',
      ]),
    );
    expect(atr.protocols).toEqual([1, 0]);
    expect(atr.tck?.valid).toBe(true);
  });
});

describe('parseAtr on a wrong TCK', () => {
  it('reports it in tck.valid and explain instead of throwing', () => {
    const atr = parseAtr(fromHex(MIFARE_1K.replace(/6A$/, '6B')));
    expect(atr.tck).toEqual({ value: 0x6b, valid: false });
    expect(atr.explain.at(-1)).toBe('TCK 6B: checksum wrong, should be 6A');
  });
});

describe('parseAtr on malformed ATRs', () => {
  const parse = (text: string): ParsedAtrOrError => {
    try {
      return parseAtr(fromHex(text));
    } catch (error) {
      return error as Error;
    }
  };
  type ParsedAtrOrError = ReturnType<typeof parseAtr> | Error;

  it.each([
    ['', /ATR too short/],
    ['3B', /ATR too short/],
    ['3C 00', /TS must be 3B or 3F/],
    ['00 00', /TS must be 3B or 3F/],
    ['3B 8F', /shorter than its interface bytes say: TD1 is missing/],
    ['3B 8F 80', /shorter than its interface bytes say: TD2 is missing/],
    ['3B DB 96 00 81 B1 FE', /shorter than its interface bytes say: TB3 is missing/],
    ['3B 8F 80 01 80 4F 0C', /shorter than its interface bytes say: T0 announces 15 historical bytes, only 3 follow/],
    ['3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00', /TCK is missing \(required because T=1 is indicated\)/],
    ['3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A 00', /longer than its interface bytes say: 1 byte\(s\) after the TCK/],
    ['3B 02 14 50 00', /longer than its interface bytes say: 1 byte\(s\) after the historical bytes/],
  ])('%s → AtrError %s', (text, message) => {
    const result = parse(text);
    expect(result).toBeInstanceOf(AtrError);
    expect((result as Error).message).toMatch(message);
  });

  it('rejects more than 33 bytes', () => {
    const tooLong = new Uint8Array(MAX_ATR_LENGTH + 1);
    tooLong[0] = 0x3b;
    expect(() => parseAtr(tooLong)).toThrow(/ATR too long: 34 bytes/);
  });

  it('requires a TCK once T=15 is indicated next to T=0', () => {
    expect(() => parseAtr(fromHex('3B 80 0F'))).toThrow(/TCK is missing \(required because T=15 is indicated\)/);
    expect(parseAtr(fromHex('3B 80 0F 8F')).tck).toEqual({ value: 0x8f, valid: true });
  });

  it('throws only AtrError, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        try {
          parseAtr(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(AtrError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('names the error AtrError', () => {
    const error = parse('3C 00') as Error;
    expect(error.name).toBe('AtrError');
    expect(error).toBeInstanceOf(Error);
  });
});

describe('parseAtr on generated well-formed ATRs', () => {
  /** Builds an ATR from groups and historical bytes, with a TCK when a protocol other than T=0 is indicated. */
  const arbitraryAtr = fc
    .record({
      ts: fc.constantFrom(0x3b, 0x3f),
      groups: fc.array(fc.record({ ta: fc.option(fc.integer({ min: 0, max: 255 })), tb: fc.option(fc.integer({ min: 0, max: 255 })), tc: fc.option(fc.integer({ min: 0, max: 255 })), t: fc.integer({ min: 0, max: 15 }) }), { maxLength: 3 }),
      historical: fc.uint8Array({ maxLength: 15 }),
    })
    .map(({ ts, groups, historical }) => {
      // groups[i] holds TA…TC of group i+1 and the T its TD announces; the last group has no TD.
      const bytes: number[] = [ts, 0];
      const presence = (g: { ta: number | null; tb: number | null; tc: number | null }, hasTd: boolean): number =>
        (g.ta !== null ? 1 : 0) | (g.tb !== null ? 2 : 0) | (g.tc !== null ? 4 : 0) | (hasTd ? 8 : 0);
      const all = [...groups, { ta: null, tb: null, tc: null, t: 0 }];
      let presenceIndex = 1; // where the current presence nibble goes (T0, then each TD)
      bytes[1] = (presence(all[0]!, all.length > 1) << 4) | historical.length;
      all.forEach((g, i) => {
        for (const v of [g.ta, g.tb, g.tc]) if (v !== null) bytes.push(v);
        if (i < all.length - 1) {
          presenceIndex = bytes.length;
          bytes.push(g.t);
          bytes[presenceIndex] = (presence(all[i + 1]!, i + 1 < all.length - 1) << 4) | g.t;
        }
      });
      bytes.push(...historical);
      const indicated = groups.map((g) => g.t);
      if (indicated.some((t) => t !== 0)) bytes.push(atrCheckByte(Uint8Array.from(bytes)));
      return { bytes: Uint8Array.from(bytes), historical, indicated };
    })
    .filter(({ bytes }) => bytes.length <= MAX_ATR_LENGTH);

  it('parses them, finds the historical bytes and a valid TCK, and explains every byte group', () => {
    fc.assert(
      fc.property(arbitraryAtr, ({ bytes, historical, indicated }) => {
        const atr = parseAtr(bytes);
        expect(atr.hex).toBe(hex(bytes));
        expect(atr.historicalBytes).toEqual(historical);
        const expectedProtocols = [...new Set(indicated.filter((t) => t !== 15))];
        expect(atr.protocols).toEqual(expectedProtocols.length ? expectedProtocols : [0]);
        if (indicated.some((t) => t !== 0)) expect(atr.tck).toEqual({ value: bytes.at(-1), valid: true });
        else expect(atr.tck).toBeUndefined();
        const interfaceBytes = atr.interfaceGroups.reduce((n, g) => n + [g.ta, g.tb, g.tc, g.td].filter((v) => v !== undefined).length, 0);
        expect(atr.explain.filter((l) => /^T[ABCD]\d /.test(l))).toHaveLength(interfaceBytes);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the PIV ATR the brief proposed for the virtual card', () => {
  it('is malformed: T0 = 8C announces 12 historical bytes but 15 follow, so the TCK lands on the wrong byte', () => {
    const body = fromHex('3B 8C 80 01 80 31 80 65 B0 85 03 00 EF 12 0F FF 82 90 00');
    const tck = atrCheckByte(body);
    expect(tck).toBe(0x70);
    const atr = Uint8Array.of(...body, tck);
    expect(atr).toHaveLength(20);
    expect(() => parseAtr(atr)).toThrow(AtrError);
    expect(() => parseAtr(atr)).toThrow(/longer than its interface bytes say: 3 byte\(s\) after the TCK/);
  });

  it('with T0 = 8F it is well formed and is the ATR smartcard_list.txt lists for a Gemalto eID card (TCK 73)', () => {
    const body = fromHex('3B 8F 80 01 80 31 80 65 B0 85 03 00 EF 12 0F FF 82 90 00');
    expect(atrCheckByte(body)).toBe(0x73);
    const atr = parseAtr(Uint8Array.of(...body, 0x73));
    expect(atr.hex).toBe('3B 8F 80 01 80 31 80 65 B0 85 03 00 EF 12 0F FF 82 90 00 73');
    expect(atr.tck).toEqual({ value: 0x73, valid: true });
    expect(atr.protocols).toEqual([0, 1]);
  });
});
