import { describe, expect, it } from 'vitest';
import { fromHex, hex, parseAtr } from './atr';
import { atrPattern, CARD_FAMILY_TABLE, compactTlv, identifyCard, matchesPattern, UNSUPPORTED_CARD } from './card-families';

const identify = (atr: string) => identifyCard(parseAtr(fromHex(atr)));

describe('ATR patterns (smartcard_list.txt style)', () => {
  it('compiles hex with . wildcards into value/mask pairs', () => {
    const p = atrPattern('3B 8F .. 0.');
    expect(hex(p.value)).toBe('3B 8F 00 00');
    expect(hex(p.mask)).toBe('FF FF 00 F0');
  });

  it('matches byte by byte under the mask, and only ATRs of the same length', () => {
    const p = atrPattern('3B 8F .. 0.');
    expect(matchesPattern(fromHex('3B 8F 12 03'), p)).toBe(true);
    expect(matchesPattern(fromHex('3B 8F 12 13'), p)).toBe(false);
    expect(matchesPattern(fromHex('3B 8F 12'), p)).toBe(false);
    expect(matchesPattern(fromHex('3B 8F 12 03 00'), p)).toBe(false);
  });

  it('refuses what is not a pattern', () => {
    expect(() => atrPattern('3B 8')).toThrow(/Not an ATR pattern/);
    expect(() => atrPattern('3B XX')).toThrow(/Not an ATR pattern/);
    expect(() => atrPattern('')).toThrow(/Not an ATR pattern/);
  });
});

describe('COMPACT-TLV in historical bytes', () => {
  it('reads category 80 objects', () => {
    expect(compactTlv(fromHex('80 73 CC 91 CB F9 A0 00 00 03 08 00 00 10 00'))).toEqual([
      { tag: 0x7, value: fromHex('CC 91 CB') },
      { tag: 0xf, value: fromHex('A0 00 00 03 08 00 00 10 00') },
    ]);
  });

  it('reads category 00 objects and leaves out the 3-byte status indicator', () => {
    expect(compactTlv(fromHex('00 31 C0 64 77 E3 03 00 82 90 00'))).toEqual([
      { tag: 0x3, value: fromHex('C0') },
      { tag: 0x6, value: fromHex('77 E3 03 00') },
    ]);
  });

  it('gives undefined for other categories and for objects that do not fit', () => {
    expect(compactTlv(fromHex('55 4E 4B 4E 4F 57 4E'))).toBeUndefined();
    expect(compactTlv(new Uint8Array(0))).toBeUndefined();
    expect(compactTlv(fromHex('80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00'))).toBeUndefined(); // PC/SC Part 3 uses BER-TLV 4F here
  });
});

describe('identifyCard: PIV cards', () => {
  it.each([
    ['3B DB 96 00 81 B1 FE 45 1F 83 80 F9 A0 00 00 03 08 00 00 10 00 98', 'oberthur-cosmo-v7-piv', 'PIV card (Oberthur ID-One Cosmo v7)'],
    ['3B DB 96 00 81 B1 FE 45 1F 03 80 F9 A0 00 00 03 08 00 00 10 00 18', 'oberthur-piv-end-point', 'PIV card (Oberthur PIV End Point)'],
    ['3B DB 96 00 80 B1 FE 45 1F 83 00 31 C0 64 B0 FC 10 00 0F 90 00 0D', 'oberthur-id-one-piv', 'PIV card (Oberthur ID-One PIV)'],
    ['3B D6 97 00 81 B1 FE 45 1F 87 80 31 C1 52 41 1A 2B', 'idemia-id-one-piv-cosmo-v8', 'PIV card (IDEMIA ID-One PIV on Cosmo v8)'],
    ['3B 86 80 01 80 31 C1 52 11 18 2C', 'idemia-cosmo-v8-piv-contactless', 'PIV card (IDEMIA Cosmo v8, contactless)'],
    ['3B 8F 80 01 80 91 E1 31 80 65 B0 83 11 17 E5 83 00 90 00 E9', 'gemalto-idprime-piv', 'PIV card (Gemalto IDPrime PIV, contactless)'],
    ['3B F9 18 00 00 00 53 43 45 37 20 03 00 20 46', 'gd-fips-201-sce-7', 'PIV card (G+D FIPS 201 SCE 7.0)'],
    ['3B 8F 80 01 80 73 CC 91 CB F9 A0 00 00 03 08 00 00 10 00 29', 'nist-demo-piv', 'PIV card (NIST demo card)'],
    ['3B FD 13 00 00 81 31 FE 15 80 73 C0 21 C0 57 59 75 62 69 4B 65 79 40', 'yubikey-5-piv', 'YubiKey 5 (PIV)'],
    ['3B 8D 80 01 80 73 C0 21 C0 57 59 75 62 69 4B 65 79 F9', 'yubikey-5-piv', 'YubiKey 5 (PIV)'],
  ])('%s → %s', (atr, id, name) => {
    const family = identify(atr);
    expect(family).toMatchObject({ id, name, strategy: 'piv' });
    expect(family.source).not.toBe('');
  });

  it("reads the test suite's virtual PIV card (tests/support/pcsc/virtual-cards.ts ATRS.piv) as PIV", () => {
    const family = identify('3B DB 96 00 81 B1 FE 45 1F 83 80 F9 A0 00 00 03 08 00 00 10 00 98');
    expect(family.strategy).toBe('piv');
    expect(family.source).toMatch(/Oberthur Cosmo v7 128K with PIV applet/);
  });

  it('recognises any card whose historical bytes name the PIV AID, also over contactless', () => {
    // smartcard_list.txt: "Probably the same as JCOP3 SecID P60 CS … with a contactless Identiv reader"
    expect(identify('3B 8B 80 01 80 F9 A0 00 00 03 08 00 00 10 00 C8')).toMatchObject({ id: 'piv-aid-in-atr', name: 'PIV card (NIST SP 800-73)', strategy: 'piv' });
    // Made up: category 00, the PIV AID, then the status indicator 00 90 00; T=0 only, no TCK.
    expect(identify('3B 0E 00 F9 A0 00 00 03 08 00 00 10 00 00 90 00')).toMatchObject({ id: 'piv-aid-in-atr' });
  });

  it('does not take another NIST RID application for PIV', () => {
    // smartcard_list.txt: "Fly Clear card", A0 00 00 03 48 …
    expect(identify('3B DB 96 00 81 B1 FE 45 1F 03 80 F9 A0 00 00 03 48 00 00 00 01 49').strategy).toBe('unsupported');
  });
});

describe('identifyCard: contactless cards', () => {
  it('names the PC/SC Part 3 storage cards it knows, whatever the standard byte', () => {
    expect(identify('3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A')).toMatchObject({ id: 'mifare-classic-1k', name: 'MIFARE Classic 1K', strategy: 'contactless-uid' });
    expect(identify('3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 02 00 00 00 00 69')).toMatchObject({ name: 'MIFARE Classic 4K', strategy: 'contactless-uid' });
    expect(identify('3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 03 00 00 00 00 68')).toMatchObject({ name: 'MIFARE Ultralight', strategy: 'contactless-uid' });
    expect(identify('3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 3A 00 00 00 00 51')).toMatchObject({ name: 'MIFARE Ultralight C' });
    expect(identify('3B 8F 80 01 80 4F 0C A0 00 00 03 06 11 00 3B 00 00 00 00 42')).toMatchObject({ name: 'FeliCa' }); // Suica
    expect(identify('3B 8F 80 01 80 4F 0C A0 00 00 03 06 02 00 01 00 00 00 00 69')).toMatchObject({ id: 'mifare-classic-1k' }); // standard 02
  });

  it('reads any other PC/SC Part 3 card by its UID', () => {
    expect(identify('3B 8F 80 01 80 4F 0C A0 00 00 03 06 0A 00 1C 00 00 00 00 7E')).toEqual({
      id: 'hid-iclass',
      name: 'HID iCLASS',
      strategy: 'contactless-uid',
      storage: true,
      contactless: true,
      source: expect.stringContaining('iCLASS 16K'),
    });
    const family = identify('3B 8F 80 01 80 4F 0C A0 00 00 03 06 0A 00 1D 00 00 00 00 7F'); // a Part 3 card name the table does not know
    expect(family).toEqual({ id: 'pcsc-part3-contactless', name: 'Contactless card (PC/SC Part 3)', strategy: 'contactless-uid', storage: true, contactless: true, source: expect.stringContaining('PC/SC Part 3') });
    expect(identify('3B 8F 80 01 80 4F 0C A0 00 00 03 06 0B 00 14 00 00 00 00 77').id).toBe('pcsc-part3-contactless'); // Philips I-CODE (ISO 15693)
  });

  it('reads ISO/IEC 14443-4 cards (3B 8x 80 01 …) by their UID', () => {
    expect(identify('3B 81 80 01 80 80')).toMatchObject({ id: 'mifare-desfire', strategy: 'contactless-uid', contactless: true }); // MIFARE DESFire
    expect(identify('3B 82 80 01 80 80 03')).toMatchObject({ id: 'iso14443-4-contactless', name: 'Contactless card (ISO/IEC 14443-4)', strategy: 'contactless-uid', contactless: true });
    expect(identify('3B 8A 80 01 4A 43 4F 50 34 31 56 32 32 31 7F').strategy).toBe('contactless-uid'); // NXP JCOP 41, RFID interface
    expect(identify('3B 88 80 01 00 00 00 00 77 81 91 00 6E').strategy).toBe('contactless-uid'); // type B: ATQB application data
  });

  it('takes the well-formed version of the ATR the brief proposed (a Gemalto eID card) for a contactless card, not PIV', () => {
    // smartcard_list.txt: "Grand Duchy of Luxembourg / Identity card with LuxTrust certificate (eID)"
    expect(identify('3B 8F 80 01 80 31 80 65 B0 85 03 00 EF 12 0F FF 82 90 00 73')).toMatchObject({ id: 'iso14443-4-contactless', strategy: 'contactless-uid' });
  });
});

describe('identifyCard: unsupported cards', () => {
  it('gives exactly the unsupported family for an ATR nobody knows', () => {
    // tests/support/pcsc/virtual-cards.ts ATRS.unknown
    expect(identify('3B D9 96 00 81 31 FE 45 55 4E 4B 4E 4F 57 4E 2D 31 10')).toEqual({ id: 'unknown', name: 'Unsupported card', strategy: 'unsupported', source: '' });
    expect(identify('3B 02 14 50')).toEqual(UNSUPPORTED_CARD);
    expect(identify('3B 7F 96 00 00 80 31 80 65 B0 85 03 00 EF 12 0F FE 82 90 00')).toEqual(UNSUPPORTED_CARD); // Gemalto IDPrime MD, contact
  });

  it('hands out a copy, so a caller cannot change the table', () => {
    const family = identify('3B 02 14 50');
    family.name = 'changed';
    expect(identify('3B 02 14 50').name).toBe('Unsupported card');
  });
});

describe('the card family table', () => {
  it('has unique ids, names, strategies and sources for every entry', () => {
    const ids = CARD_FAMILY_TABLE.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain('unknown');
    for (const entry of CARD_FAMILY_TABLE) {
      expect(entry.name).not.toBe('');
      expect(entry.source).not.toBe('');
      expect(['piv', 'contactless-uid', 'unsupported']).toContain(entry.strategy);
      expect(Boolean(entry.patterns?.length) || Boolean(entry.rule)).toBe(true);
    }
  });

  it('lists only well-formed ATRs with correct TCKs, each identified as its own entry (none shadowed)', () => {
    const exact = CARD_FAMILY_TABLE.flatMap((entry) => (entry.patterns ?? []).filter((p) => !p.includes('.')).map((p) => ({ entry, p })));
    expect(exact.length).toBeGreaterThanOrEqual(15);
    for (const { entry, p } of exact) {
      const atr = parseAtr(fromHex(p));
      if (atr.tck) expect(atr.tck.valid, `${p}: TCK`).toBe(true);
      expect(identifyCard(atr).id, p).toBe(entry.id);
    }
  });

  it('lists PC/SC Part 3 patterns that match real ATRs of the right length', () => {
    for (const entry of CARD_FAMILY_TABLE) {
      for (const p of entry.patterns ?? []) {
        if (!p.includes('.')) continue;
        // Part 3 storage cards: 20 bytes; HID Prox as an OMNIKEY 5x27 builds it: 3B 06 + 6 historical bytes.
        if (p.startsWith('3B 8F 80 01 80 4F 0C')) expect(atrPattern(p).value).toHaveLength(20);
        if (p.startsWith('3B 06')) expect(atrPattern(p).value).toHaveLength(8);
      }
    }
  });
});
