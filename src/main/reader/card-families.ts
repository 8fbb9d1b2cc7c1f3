/**
 * Which card is in the reader, from its ATR alone, and how the station reads its serial
 * number: PIV cards through the PIV application (NIST SP 800-73-4), contactless cards
 * through the reader's GET DATA for the UID (PC/SC Part 3).
 *
 * The table below is kept in code with the source of every entry. ATR patterns are
 * written like pcsc-tools' smartcard_list.txt (Ludovic Rousseau, GPL data, used here for
 * the byte values only): hex bytes with '.' for a don't-care nibble, compiled to
 * value/mask pairs; an ATR matches when it has the same length and (byte & mask) ==
 * value everywhere. Rules on the historical bytes cover whole classes of cards. The first
 * entry that matches wins, so specific entries come before general ones.
 * Pure code: no Node built-ins, Uint8Array only.
 */
import { fromHex, type ParsedAtr } from './atr';

export type ReadStrategy = 'piv' | 'contactless-uid' | 'unsupported';

export interface CardFamily {
  id: string;
  name: string;
  strategy: ReadStrategy;
  /** Where the pattern comes from. */
  source: string;
  /** The card is in a contactless reader's field (a UID is there to fall back on). */
  contactless?: boolean;
  /** A storage card as the reader presents it: no applications to SELECT, only the UID. */
  storage?: boolean;
}

export interface AtrPattern {
  value: Uint8Array;
  mask: Uint8Array;
}

/** '3B 8F 80 01 .. 4F 0C' (spaces optional, '.' = any nibble) → value/mask of the same length. */
export function atrPattern(text: string): AtrPattern {
  const clean = text.replace(/\s/g, '');
  if (!/^[0-9A-Fa-f.]*$/.test(clean) || clean.length % 2 !== 0 || clean.length === 0) throw new Error(`Not an ATR pattern: ${JSON.stringify(text)}`);
  const n = clean.length / 2;
  const value = new Uint8Array(n);
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const hi = clean[2 * i]!;
    const lo = clean[2 * i + 1]!;
    const nibble = (c: string): number => (c === '.' ? 0 : Number.parseInt(c, 16));
    value[i] = (nibble(hi) << 4) | nibble(lo);
    mask[i] = (hi === '.' ? 0 : 0xf0) | (lo === '.' ? 0 : 0x0f);
  }
  return { value, mask };
}

export function matchesPattern(atr: Uint8Array, pattern: AtrPattern): boolean {
  if (atr.length !== pattern.value.length) return false;
  for (let i = 0; i < atr.length; i++) if ((atr[i]! & pattern.mask[i]!) !== pattern.value[i]) return false;
  return true;
}

export interface CardFamilyEntry extends CardFamily {
  /** smartcard_list.txt-style patterns; the entry matches if any does. */
  patterns?: readonly string[];
  /** A rule on the parsed ATR (historical bytes, structure). */
  rule?: (atr: ParsedAtr, bytes: Uint8Array) => boolean;
}

const SMARTCARD_LIST = 'pcsc-tools smartcard_list.txt (https://pcsc-tools.apdu.fr/smartcard_list.txt)';

/** The PIV application identifier, truncated to the 9 bytes SELECT and ATRs use (SP 800-73-4 Part 1 §2.2). */
const PIV_AID = [0xa0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00];
/** PC/SC Part 3 §3.1.3.2.3.1: historical bytes of a contactless storage card as the reader builds them. */
const PCSC_PART3_PREFIX = [0x80, 0x4f, 0x0c, 0xa0, 0x00, 0x00, 0x03, 0x06];

/**
 * COMPACT-TLV data objects of the historical bytes (ISO/IEC 7816-4 §8.1.1.2): category 80
 * (objects only) or 00 (objects then a 3-byte status indicator). undefined when the
 * category is another one or the objects do not fit.
 */
export function compactTlv(historical: Uint8Array): Array<{ tag: number; value: Uint8Array }> | undefined {
  let body: Uint8Array;
  if (historical[0] === 0x80) body = historical.subarray(1);
  else if (historical[0] === 0x00 && historical.length >= 4) body = historical.subarray(1, historical.length - 3);
  else return undefined;
  const out: Array<{ tag: number; value: Uint8Array }> = [];
  for (let i = 0; i < body.length; ) {
    const tag = body[i]! >> 4;
    const length = body[i]! & 0x0f;
    if (i + 1 + length > body.length) return undefined;
    out.push({ tag, value: body.subarray(i + 1, i + 1 + length) });
    i += 1 + length;
  }
  return out;
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[]): boolean => bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

/** An application identifier object (COMPACT-TLV tag F) naming the PIV application. */
function announcesPivAid(atr: ParsedAtr): boolean {
  return (compactTlv(atr.historicalBytes) ?? []).some((o) => o.tag === 0xf && startsWith(o.value, PIV_AID));
}

/** A PC/SC Part 3 storage card with the given card name (C0 C1), any standard byte (SS), as smartcard_list.txt writes it. */
const part3 = (c0c1: string): string => `3B 8F 80 01 80 4F 0C A0 00 00 03 06 .. ${c0c1} 00 00 00 00 ..`;
const PART3_SOURCE = `PC/SC Part 3 Supplemental Document (card names); ${SMARTCARD_LIST}`;

/** Known card families, most specific first. */
export const CARD_FAMILY_TABLE: readonly CardFamilyEntry[] = [
  // ---------------------------------------------------------------- PIV cards and tokens
  {
    id: 'oberthur-cosmo-v7-piv',
    name: 'PIV card (Oberthur ID-One Cosmo v7)',
    strategy: 'piv',
    source: `${SMARTCARD_LIST}: "Oberthur Cosmo v7 128K with PIV applet"; the ATR of the test suite's virtual PIV card`,
    patterns: ['3B DB 96 00 81 B1 FE 45 1F 83 80 F9 A0 00 00 03 08 00 00 10 00 98'],
  },
  {
    id: 'oberthur-piv-end-point',
    name: 'PIV card (Oberthur PIV End Point)',
    strategy: 'piv',
    source: `${SMARTCARD_LIST}: "Oberthur CS PIV End Point v1.08 FIPS201 Certified"`,
    patterns: ['3B DB 96 00 81 B1 FE 45 1F 03 80 F9 A0 00 00 03 08 00 00 10 00 18'],
  },
  {
    id: 'oberthur-id-one-piv',
    name: 'PIV card (Oberthur ID-One PIV)',
    strategy: 'piv',
    source: `${SMARTCARD_LIST}: "ID-One PIV", "US Department of Veterans Affairs PIV"`,
    patterns: ['3B DB 96 00 80 B1 FE 45 1F 83 00 31 C0 64 B0 FC 10 00 0F 90 00 0D', '3B DB 96 00 80 1F 03 00 31 C0 64 B0 F3 10 00 0F 90 00 88'],
  },
  {
    id: 'idemia-id-one-piv-cosmo-v8',
    name: 'PIV card (IDEMIA ID-One PIV on Cosmo v8)',
    strategy: 'piv',
    source: `${SMARTCARD_LIST}: "IDEMIA Cosmo V8.0 with a PIV applet" (NASA PIV), "ID-One PIV 2.4 … from IDEMIA", "Oberthur Technologies ID-One PIV/CIV on V8 Device", "DOS PIV"`,
    patterns: [
      '3B D6 97 00 81 B1 FE 45 1F 07 80 31 C1 52 11 18 F9',
      '3B D6 97 00 81 B1 FE 45 1F 87 80 31 C1 52 21 1A 4B',
      '3B D6 97 00 81 B1 FE 45 1F 87 80 31 C1 52 41 1A 2B',
      '3B D6 97 00 81 B1 FE 45 1F 87 80 31 C1 52 21 19 48',
    ],
  },
  {
    id: 'idemia-cosmo-v8-piv-contactless',
    name: 'PIV card (IDEMIA Cosmo v8, contactless)',
    strategy: 'piv',
    source: `${SMARTCARD_LIST}: "IDEMIA Cosmo V8.0 with a PIV applet (contactless)", "IDEMIA Cosmo V8.1 with a PIV applet (contactless)"`,
    patterns: ['3B 86 80 01 80 31 C1 52 11 18 2C', '3B 86 80 01 80 31 C1 52 41 1A 7E'],
  },
  {
    id: 'gemalto-idprime-piv',
    name: 'PIV card (Gemalto IDPrime PIV, contactless)',
    strategy: 'piv',
    source: `${SMARTCARD_LIST}: "IDPrime PIV Card v2.0 AES SCP03"`,
    patterns: ['3B 8F 80 01 80 91 E1 31 80 65 B0 83 11 17 E5 83 00 90 00 E9'],
  },
  {
    id: 'gd-fips-201-sce-7',
    name: 'PIV card (G+D FIPS 201 SCE 7.0)',
    strategy: 'piv',
    source: `${SMARTCARD_LIST}: "G+D FIPS 201 SCE 7.0"`,
    patterns: ['3B F9 18 00 00 00 53 43 45 37 20 03 00 20 46'],
  },
  {
    id: 'taglio-piv',
    name: 'PIV card (Taglio PIVKey)',
    strategy: 'piv',
    source: `${SMARTCARD_LIST}: "Taglio PIV C2190 (NXP JCOP 3 SecID P60 CS)", "Taglio PIVKey C980"`,
    patterns: ['3B D9 18 FF 81 91 FE 1F C3 54 41 47 4C 49 4F 50 49 56 5B', '3B F9 96 00 00 81 31 FE 45 53 50 49 56 4B 45 59 37 30 28'],
  },
  {
    id: 'nist-demo-piv',
    name: 'PIV card (NIST demo card)',
    strategy: 'piv',
    source: `${SMARTCARD_LIST}: "NIST demo PIV card"`,
    patterns: ['3B 8F 80 01 80 73 CC 91 CB F9 A0 00 00 03 08 00 00 10 00 29'],
  },
  {
    id: 'yubikey-5-piv',
    name: 'YubiKey 5 (PIV)',
    strategy: 'piv',
    source: `${SMARTCARD_LIST}: "Yubico YubiKey 5 NFC" (USB), "Yubikey 5 NFC (via NFC)"`,
    patterns: ['3B FD 13 00 00 81 31 FE 15 80 73 C0 21 C0 57 59 75 62 69 4B 65 79 40', '3B 8D 80 01 80 73 C0 21 C0 57 59 75 62 69 4B 65 79 F9'],
  },
  {
    id: 'yubikey-4-neo-piv',
    name: 'YubiKey 4 / NEO (PIV)',
    strategy: 'piv',
    source: `${SMARTCARD_LIST}: "YubiKey NEO"; bitlogik/PIVageant lib/piv/compat_devices.py: "Yubico Yubikey 4"`,
    patterns: ['3B F8 13 00 00 81 31 FE 15 59 75 62 69 6B 65 79 34 D4', '3B FC 13 00 00 81 31 FE 15 59 75 62 69 6B 65 79 4E 45 4F 72 33 E1'],
  },
  {
    id: 'dod-cac-idemia-cosmo-v8',
    name: 'CAC (IDEMIA Cosmo v8)',
    strategy: 'piv',
    source: `${SMARTCARD_LIST}: "US DoD Common Access Card (IDEMIA Cosmo v8)", "Oberthur Cosmo v8"`,
    patterns: ['3B D8 18 00 80 1F 07 80 31 C1 64 08 06 92 0F DF', '3B D8 18 00 80 B1 FE 45 1F 07 80 31 C1 64 08 06 92 0F D5'],
  },
  {
    id: 'gemalto-top-dl',
    name: 'CAC / PIV card (Gemalto TOP DL, IDPrime PIV)',
    strategy: 'piv',
    source: `${SMARTCARD_LIST}: "DoD CAC card issued ~October 2020, Gemalto TOP DL V2.1 144K", "GEMALTO TOP DL GX4 144K", "CAC card (GEMALTO GCX4 72K DI)", "Gemalto IDPrime PIV Card2.0"`,
    patterns: ['3B 7D 96 00 00 80 31 80 65 B0 .. .. .. .. 83 00 90 00'],
  },
  {
    id: 'oberthur-cac',
    name: 'CAC (Oberthur ID One v5.5 Dual, CosmopolIC)',
    strategy: 'piv',
    source: `${SMARTCARD_LIST}: "DoD CAC, Oberthur ID One 128 v5.5 Dual", "DoD CAC, Oberthur CosmopolIC 32K V4", "U.S. Department of Defense Common Access Card (DoD CAC)"`,
    patterns: ['3B DB 96 00 80 1F 03 00 31 C0 64 B0 F3 10 00 07 90 00 80', '3B 7F 11 00 00 00 31 C0 53 CA C4 01 64 52 D9 04 00 82 90 00', '3B 6B 00 00 80 65 B0 83 01 04 74 83 00 90 00'],
  },
  {
    id: 'idemia-cosmo-v8-96',
    name: 'CAC / PIV card (IDEMIA Cosmo v8)',
    strategy: 'piv',
    source: `${SMARTCARD_LIST}: "DHS CAC card", "Identiv SCR3310 v2.0" (the same card in an Identiv reader)`,
    patterns: ['3B D6 96 00 81 B1 FE 45 1F 87 80 31 C1 52 .. .. ..'],
  },
  {
    id: 'thales-idprime-3930',
    name: 'PIV card (Thales IDPrime 3930)',
    strategy: 'piv',
    source: `${SMARTCARD_LIST}: "IDPrime 3930 FIPS Level 3 (T=1 CT=97)", "… (Contactless TypeA)", "… (Contactless TypeB)"`,
    patterns: ['3B FF 97 00 00 81 31 FE 43 80 31 80 65 B0 84 61 60 FB 12 0F FD 82 90 00 0D', '3B 8F 80 01 80 31 80 65 B0 84 61 60 FB 12 0F FD 82 90 00 66', '3B 88 80 01 32 F3 5E 11 33 87 95 00 A6'],
  },
  {
    id: 'hid-pivclass',
    name: 'PIV card (HID pivCLASS)',
    strategy: 'piv',
    source: `${SMARTCARD_LIST}: "HID Global pivCLASS v1.0"`,
    patterns: ['3B DF 96 FF 81 31 FE 45 80 59 01 80 50 49 56 43 4C 41 53 73 00 01 1B DE'],
  },
  {
    id: 'hid-crescendo-c2300',
    name: 'PIV card (HID Crescendo C2300)',
    strategy: 'piv',
    source: `${SMARTCARD_LIST}: "HID Global - Crescendo C2300", "Crescendo 2300 FIPS (contactless interface)"`,
    patterns: ['3B D5 96 FF 81 91 FE 1F C3 43 32 33 30 30 CC', '3B 8A 80 01 43 32 33 30 30 2D 46 49 50 53 68'],
  },
  {
    id: 'yubikey-neo-nfc',
    name: 'YubiKey NEO (PIV, NFC)',
    strategy: 'piv',
    source: `${SMARTCARD_LIST}: "Yubikey Neo", "Yubikey Neo via NFC reader"`,
    patterns: ['3B 8C 80 01 59 75 62 69 6B 65 79 4E 45 4F 72 .. ..'],
  },
  {
    id: 'goldkey-piv',
    name: 'GoldKey PIV token',
    strategy: 'piv',
    source: `${SMARTCARD_LIST}: "GoldKey Security PIV Token"`,
    patterns: ['3B 94 18 81 B1 80 7D 1F 03 19 C8 00 50 DC'],
  },
  {
    id: 'feitian-pivkey',
    name: 'PIV card (Feitian / PIVKey)',
    strategy: 'piv',
    source: `${SMARTCARD_LIST}: "PIVKey C910", "PIVKey C910 PKI Smart Card", "Feitian Technologies Java Card A22CR"`,
    patterns: ['3B 8C 80 01 90 67 46 4A 00 64 16 06 F2 72 7E 00 7C', '3B FC 18 00 00 81 31 80 45 90 67 46 4A 00 64 16 06 F2 72 7E 00 E0', '3B 9C 95 80 81 1F 03 90 67 46 4A 01 00 54 04 F2 72 FE 00 C0'],
  },
  {
    id: 'feitian-epass2003',
    name: 'Feitian ePass2003 token',
    strategy: 'unsupported',
    source: `${SMARTCARD_LIST}: "ePass2003", "FT ePass2003Auto USB Token" (a PKCS#15 token, no PIV application)`,
    patterns: ['3B 9F 95 81 31 FE 9F 00 66 46 53 05 .. .. .. 71 DF 00 00 .. .. .. ..'],
  },
  {
    id: 'hid-iclass-se-processor',
    name: 'HID iCLASS SE processor',
    strategy: 'unsupported',
    source: `${SMARTCARD_LIST}: "iClass SE Processor" (the reader's secure element, not a card)`,
    patterns: ['3B 90 96 91 81 B1 FE 55 1F C7 D4', '3B 95 96 80 B1 FE 55 1F C7 47 72 61 63 65 13', '3B DA 96 FF 80 31 FE 45 .. .. .. .. .. .. .. .. .. .. ..'],
  },
  {
    id: 'piv-aid-in-atr',
    name: 'PIV card (NIST SP 800-73)',
    strategy: 'piv',
    source: 'ISO/IEC 7816-4 §8.1.1.2.7 application identifier (COMPACT-TLV tag F) in the historical bytes naming the PIV AID A0 00 00 03 08 00 00 10 00 (NIST SP 800-73-4 Part 1 §2.2)',
    rule: announcesPivAid,
  },

  // ---------------------------------------------------------------- contactless storage cards (PC/SC Part 3)
  { id: 'mifare-classic-1k', name: 'MIFARE Classic 1K', strategy: 'contactless-uid', storage: true, contactless: true, source: PART3_SOURCE, patterns: [part3('00 01')] },
  { id: 'mifare-classic-4k', name: 'MIFARE Classic 4K', strategy: 'contactless-uid', storage: true, contactless: true, source: PART3_SOURCE, patterns: [part3('00 02')] },
  { id: 'mifare-ultralight', name: 'MIFARE Ultralight', strategy: 'contactless-uid', storage: true, contactless: true, source: PART3_SOURCE, patterns: [part3('00 03')] },
  { id: 'mifare-mini', name: 'MIFARE Mini', strategy: 'contactless-uid', storage: true, contactless: true, source: PART3_SOURCE, patterns: [part3('00 26')] },
  { id: 'mifare-plus-sl1', name: 'MIFARE Plus (security level 1)', strategy: 'contactless-uid', storage: true, contactless: true, source: PART3_SOURCE, patterns: [part3('00 36'), part3('00 37')] },
  { id: 'mifare-ultralight-c', name: 'MIFARE Ultralight C', strategy: 'contactless-uid', storage: true, contactless: true, source: PART3_SOURCE, patterns: [part3('00 3A')] },
  { id: 'felica', name: 'FeliCa', strategy: 'contactless-uid', storage: true, contactless: true, source: PART3_SOURCE, patterns: [part3('00 3B')] },
  { id: 'mifare-ultralight-ev1', name: 'MIFARE Ultralight EV1', strategy: 'contactless-uid', storage: true, contactless: true, source: PART3_SOURCE, patterns: [part3('00 3D')] },
  {
    id: 'hid-iclass',
    name: 'HID iCLASS',
    strategy: 'contactless-uid',
    storage: true,
    contactless: true,
    source: `${SMARTCARD_LIST}: "RFID - HID iCLASS 16K CL"`,
    patterns: ['3B 8F 80 01 80 4F 0C A0 00 00 03 06 0A 00 1C 00 00 00 00 7E'],
  },
  {
    id: 'hid-prox',
    name: 'HID Prox (125 kHz)',
    strategy: 'contactless-uid',
    storage: true,
    contactless: true,
    source: `${SMARTCARD_LIST}: "HID Prox H10301 Format", "HID Prox H10302 Format", "HID Prox H10304 Format", "HID Prox Corp 1000 Format", "HID ProxCard II" (the ATR an HID OMNIKEY 5x27 reader builds for a 125 kHz card)`,
    patterns: ['3B 06 00 .. .. .. .. ..', '3B 06 01 .. .. .. .. ..', '3B 06 02 .. .. .. .. ..', '3B 06 04 .. .. .. .. ..', '3B 06 14 .. .. .. .. ..'],
  },
  {
    id: 'pcsc-part3-contactless',
    name: 'Contactless card (PC/SC Part 3)',
    strategy: 'contactless-uid',
    storage: true,
    contactless: true,
    source: 'PC/SC Part 3 §3.1.3.2.3.1: historical bytes 80 4F 0C A0 00 00 03 06 SS C0 C1 00 00 00 00 (RID A0 00 00 03 06 of the PC/SC Workgroup)',
    rule: (atr) => startsWith(atr.historicalBytes, PCSC_PART3_PREFIX),
  },

  {
    id: 'mifare-desfire',
    name: 'MIFARE DESFire (EV1, EV2, EV3)',
    strategy: 'contactless-uid',
    contactless: true,
    source: `${SMARTCARD_LIST}: "RFID - ISO 14443 Type A - NXP DESFire or DESFire EV1 or EV2", "Mifare DESFire EV1 2K", "NXP Mifare DESFire EV1 8K / MF3ICD81" (EV3 gives the same ATS historical byte 80)`,
    patterns: ['3B 81 80 01 80 80', '3B 83 80 01 81 02 80 01', '3B 86 80 01 06 75 77 81 02 80 00'],
  },

  // ---------------------------------------------------------------- ISO/IEC 14443-4 cards, as a PC/SC reader presents them
  {
    id: 'iso14443-4-contactless',
    name: 'Contactless card (ISO/IEC 14443-4)',
    strategy: 'contactless-uid',
    contactless: true,
    source: 'PC/SC Part 3 §3.1.3.2.3.2: ATR 3B 8n 80 01 <historical bytes from the ATS (type A) or ATQB (type B)> TCK',
    rule: (_atr, bytes) => bytes.length >= 5 && bytes[0] === 0x3b && (bytes[1]! & 0xf0) === 0x80 && bytes[2] === 0x80 && bytes[3] === 0x01,
  },
];

export const UNSUPPORTED_CARD: CardFamily = { id: 'unknown', name: 'Unsupported card', strategy: 'unsupported', source: '' };

const COMPILED = CARD_FAMILY_TABLE.map((entry) => ({ entry, patterns: (entry.patterns ?? []).map(atrPattern) }));

/** The card's family from its ATR (first table entry that matches), or 'Unsupported card'. */
export function identifyCard(atr: ParsedAtr): CardFamily {
  const bytes = fromHex(atr.hex);
  for (const { entry, patterns } of COMPILED) {
    if (patterns.some((p) => matchesPattern(bytes, p)) || entry.rule?.(atr, bytes)) {
      return {
        id: entry.id,
        name: entry.name,
        strategy: entry.strategy,
        source: entry.source,
        ...(entry.contactless || isContactlessAtr(atr) ? { contactless: true } : {}),
        ...(entry.storage ? { storage: true } : {}),
      };
    }
  }
  return { ...UNSUPPORTED_CARD };
}

/**
 * Whether the ATR is one a PC/SC contactless reader builds (PC/SC Part 3 §3.1.3.2.3):
 * 3B 8n 80 01, historical bytes from the card's ATS / ATQB or the Part 3 storage-card
 * template.
 */
export function isContactlessAtr(atr: ParsedAtr): boolean {
  const bytes = fromHex(atr.hex);
  return bytes.length >= 5 && bytes[0] === 0x3b && (bytes[1]! & 0xf0) === 0x80 && bytes[2] === 0x80 && bytes[3] === 0x01;
}
