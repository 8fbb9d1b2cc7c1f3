/**
 * PIV card application (NIST SP 800-73-4): the commands the station sends, the CHUID it
 * reads (Part 1 §3.1.2, Table 9), and the FASC-N inside it (TIG SCEPACS v2.3 §6).
 * Pure code: no Node built-ins, Uint8Array only.
 */
import { encodeBerTlv, parseBerTlv, type BerTlv } from './apdu';
import { PIN_DIGITS_TEXT, PIN_MAX_DIGITS, PIN_MIN_DIGITS } from '../../shared/domain/pin';
import { hex } from './atr';

/** SELECT the PIV application by its AID, truncated to 9 bytes as SP 800-73-4 Part 2 §3.1.1 allows; Le 00. */
export const SELECT_PIV = Uint8Array.of(0x00, 0xa4, 0x04, 0x00, 0x09, 0xa0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x00);
/** GET DATA of the Card Holder Unique Identifier (tag list 5C 03 5F C1 02); Le 00. SP 800-73-4 Part 2 §3.1.2. */
export const GET_CHUID = Uint8Array.of(0x00, 0xcb, 0x3f, 0xff, 0x05, 0x5c, 0x03, 0x5f, 0xc1, 0x02, 0x00);
/** VERIFY of the PIV Card Application PIN (key reference 80) without data: 63Cx gives the retry counter, 9000 if already verified. SP 800-73-4 Part 2 §3.2.1. */
export const PIN_STATUS = Uint8Array.of(0x00, 0x20, 0x00, 0x80, 0x00);

/**
 * VERIFY of the PIV Card Application PIN: 00 20 00 80 08 and the PIN's ASCII digits padded
 * with FF to 8 bytes (SP 800-73-4 Part 2 §2.4.3: 6 to 8 digits '0'–'9'). The caller
 * should wipe both the PIN and the returned command after use.
 */
export function verifyPin(pin: Uint8Array): Uint8Array {
  if (pin.length < PIN_MIN_DIGITS || pin.length > PIN_MAX_DIGITS) throw new Error(`The PIN must have ${PIN_DIGITS_TEXT}, it has ${pin.length} character${pin.length === 1 ? '' : 's'}`);
  if (pin.some((b) => b < 0x30 || b > 0x39)) throw new Error('The PIN must be digits 0–9 only');
  const command = new Uint8Array(13).fill(0xff);
  command.set([0x00, 0x20, 0x00, 0x80, 0x08], 0);
  command.set(pin, 5);
  return command;
}

/** GET RESPONSE (ISO/IEC 7816-4 §11.3.1) for `length` bytes, 1–256 (256 is sent as Le 00; 0 also means 00). */
export function getResponse(length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > 256) throw new RangeError(`GET RESPONSE length must be 0 to 256, got ${length}`);
  return Uint8Array.of(0x00, 0xc0, 0x00, 0x00, length & 0xff);
}

// ---------------------------------------------------------------------------- FASC-N

export interface Fascn {
  /** AC, 4 digits (SP 800-87 agency code; 9999 for non-federal issuers). */
  agencyCode: string;
  /** SC, 4 digits. */
  systemCode: string;
  /** CN, 6 digits. */
  credentialNumber: string;
  /** CS, 1 digit. */
  credentialSeries: string;
  /** ICI, 1 digit. */
  individualCredentialIssue: string;
  /** PI, 10 digits. */
  personIdentifier: string;
  /** OC, 1 digit: 1 federal, 2 state, 3 commercial enterprise, 4 foreign government. */
  organizationalCategory: string;
  /** OI, 4 digits. */
  organizationalIdentifier: string;
  /** POA, 1 digit: 1 employee, 2 civil, 3 executive staff, 4 uniformed service, 5 contractor, 6 affiliate, 7 beneficiary. */
  personAssociation: string;
  /** 'AAAA-SSSS-CCCCCC': agency code, system code, credential number. */
  display: string;
  /**
   * 'AAAA-SSSS-CCCCCC-S-I': the credential's full identity (TIG SCEPACS §6.1: agency code,
   * system code, credential number, credential series, individual credential issue). A
   * replacement card keeps the first three and changes the series or the issue.
   */
  identity: string;
}

type FascnField = Exclude<keyof Fascn, 'display' | 'identity'>;

/** Field order and digit counts (TIG SCEPACS v2.3 Table 6-1). Field separators follow the first five. */
const FASCN_LAYOUT: ReadonlyArray<readonly [FascnField, number]> = [
  ['agencyCode', 4],
  ['systemCode', 4],
  ['credentialNumber', 6],
  ['credentialSeries', 1],
  ['individualCredentialIssue', 1],
  ['personIdentifier', 10],
  ['organizationalCategory', 1],
  ['organizationalIdentifier', 4],
  ['personAssociation', 1],
];
const SS = 0xb; // start sentinel
const FS = 0xd; // field separator
const ES = 0xf; // end sentinel
const FASCN_CHARACTERS = 40; // SS, 32 digits, 5 FS, ES, LRC
const FASCN_BYTES = 25; // 40 × 5 bits

/**
 * Decodes the 25-byte FASC-N (TIG SCEPACS v2.3 §6): 40 characters of 5 bits, each 4 data
 * bits least significant first then an odd-parity bit, packed most significant bit first.
 * Checks every parity bit, the LRC (XOR of the data bits of the 39 characters SS … ES),
 * the sentinels and separators, and that the fields hold digits. Throws a clear Error.
 */
export function decodeFascn(bytes: Uint8Array): Fascn {
  if (bytes.length !== FASCN_BYTES) throw new Error(`A FASC-N is ${FASCN_BYTES} bytes, got ${bytes.length}`);
  const bit = (i: number): number => (bytes[i >> 3]! >> (7 - (i & 7))) & 1;
  const chars: number[] = [];
  for (let c = 0; c < FASCN_CHARACTERS; c++) {
    let value = 0;
    let ones = 0;
    for (let k = 0; k < 4; k++) {
      const b = bit(5 * c + k);
      value |= b << k;
      ones += b;
    }
    ones += bit(5 * c + 4);
    if (ones % 2 !== 1) throw new Error(`FASC-N character ${c + 1} of 40 fails its odd-parity check`);
    chars.push(value);
  }
  const lrc = chars.slice(0, FASCN_CHARACTERS - 1).reduce((a, v) => a ^ v, 0);
  if (chars[FASCN_CHARACTERS - 1] !== lrc) throw new Error(`FASC-N LRC check fails: the LRC character is ${chars[FASCN_CHARACTERS - 1]!.toString(16).toUpperCase()}, the characters give ${lrc.toString(16).toUpperCase()}`);
  if (chars[0] !== SS) throw new Error('FASC-N does not begin with the start sentinel');
  const fields: Partial<Record<FascnField, string>> = {};
  let at = 1;
  FASCN_LAYOUT.forEach(([name, length], index) => {
    const run = chars.slice(at, at + length);
    if (run.some((d) => d > 9)) throw new Error(`FASC-N ${name} holds a character that is not a digit`);
    fields[name] = run.join('');
    at += length;
    if (index < 5) {
      if (chars[at] !== FS) throw new Error(`FASC-N field separator missing after ${name}`);
      at += 1;
    }
  });
  if (chars[at] !== ES) throw new Error('FASC-N does not end with the end sentinel');
  const f = fields as Record<FascnField, string>;
  const display = `${f.agencyCode}-${f.systemCode}-${f.credentialNumber}`;
  return { ...f, display, identity: `${display}-${f.credentialSeries}-${f.individualCredentialIssue}` };
}

export interface FascnInput {
  agencyCode: string;
  systemCode: string;
  credentialNumber: string;
  /** Default '0'. */
  credentialSeries?: string;
  /** Default '1'. */
  individualCredentialIssue?: string;
  /** Default '0000000000'. */
  personIdentifier?: string;
  /** Default '3' (commercial enterprise). */
  organizationalCategory?: string;
  /** Default '0000'. */
  organizationalIdentifier?: string;
  /** Default '1' (employee). */
  personAssociation?: string;
}

const FASCN_DEFAULTS = {
  credentialSeries: '0',
  individualCredentialIssue: '1',
  personIdentifier: '0000000000',
  organizationalCategory: '3',
  organizationalIdentifier: '0000',
  personAssociation: '1',
} as const;

/** Encodes a FASC-N: the exact inverse of `decodeFascn`. Throws if a field is not exactly its number of digits. */
export function encodeFascn(fields: FascnInput): Uint8Array {
  const all: Record<FascnField, string> = { ...FASCN_DEFAULTS, ...stripUndefined(fields) } as Record<FascnField, string>;
  const chars = [SS];
  FASCN_LAYOUT.forEach(([name, length], index) => {
    const value = all[name];
    if (typeof value !== 'string' || !new RegExp(`^[0-9]{${length}}$`).test(value)) {
      throw new Error(`FASC-N ${name} must be ${length} digit${length === 1 ? '' : 's'}, got ${JSON.stringify(value)}`);
    }
    for (const d of value) chars.push(d.charCodeAt(0) - 0x30);
    if (index < 5) chars.push(FS);
  });
  chars.push(ES);
  chars.push(chars.reduce((a, v) => a ^ v, 0)); // LRC
  const out = new Uint8Array(FASCN_BYTES);
  let i = 0;
  const put = (b: number): void => {
    if (b) out[i >> 3]! |= 0x80 >> (i & 7);
    i += 1;
  };
  for (const v of chars) {
    let ones = 0;
    for (let k = 0; k < 4; k++) {
      const b = (v >> k) & 1;
      ones += b;
      put(b);
    }
    put(ones % 2 === 0 ? 1 : 0);
  }
  return out;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

// ---------------------------------------------------------------------------- CHUID

export interface Chuid {
  /** The decoded FASC-N, when tag 30 is present and passes its parity and LRC checks. */
  fascn?: Fascn;
  /** Tag 30 as hex without spaces ('' when absent), also when it does not decode. */
  fascnHex: string;
  /** Tag 34 as 8-4-4-4-12 lower-case hex; absent when missing or all zeros (SP 800-73-4: no UUID). */
  guid?: string;
  /** Tag 35 (YYYYMMDD) as YYYY-MM-DD, when well formed. */
  expirationDate?: string;
  /** The data as given (53 L …). */
  raw: Uint8Array;
}

const CHUID_TAG = 0x53;
const TAG = { fascn: 0x30, organizationId: 0x32, duns: 0x33, guid: 0x34, expiration: 0x35, cardholderUuid: 0x36, signature: 0x3e, lrc: 0xfe } as const;

const hexCompact = (bytes: Uint8Array): string => hex(bytes).replace(/ /g, '');

function formatGuid(bytes: Uint8Array): string {
  const h = hexCompact(bytes).toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The CHUID from a GET DATA response without its status word: 53 L { 30 FASC-N, 32 org id?,
 * 33 DUNS?, 34 GUID, 35 expiration YYYYMMDD, 36 cardholder UUID?, 3E signature, FE LRC }
 * (SP 800-73-4 Part 1 Table 9). Throws a clear Error if the data is not a CHUID (no tag
 * 53, not BER-TLV inside, or neither FASC-N nor GUID). A FASC-N that fails its checks is
 * kept as `fascnHex` only; an all-zero GUID is left out.
 */
export function parseChuid(data: Uint8Array): Chuid {
  let top: BerTlv[];
  try {
    top = parseBerTlv(data);
  } catch (error) {
    throw new Error(`Not a CHUID: ${(error as Error).message}`);
  }
  const container = top.find((t) => t.tag === CHUID_TAG);
  if (!container) throw new Error(`Not a CHUID: expected a data object with tag 53, got ${top.length ? top.map((t) => t.tag.toString(16).toUpperCase()).join(', ') : 'no data'}`);
  let inner: BerTlv[];
  try {
    inner = parseBerTlv(container.value);
  } catch (error) {
    throw new Error(`Not a CHUID: the contents of tag 53 are not BER-TLV (${(error as Error).message})`);
  }
  const get = (tag: number): Uint8Array | undefined => inner.find((t) => t.tag === tag)?.value;
  const fascnBytes = get(TAG.fascn);
  const guidBytes = get(TAG.guid);
  if (!fascnBytes && !guidBytes) throw new Error('Not a CHUID: it has neither a FASC-N (tag 30) nor a GUID (tag 34)');

  let fascn: Fascn | undefined;
  if (fascnBytes?.length === FASCN_BYTES) {
    try {
      fascn = decodeFascn(fascnBytes);
    } catch {
      fascn = undefined; // kept as fascnHex; the GUID may still identify the card
    }
  }
  const guid = guidBytes && guidBytes.length === 16 && guidBytes.some((b) => b !== 0) ? formatGuid(guidBytes) : undefined;
  const expiry = get(TAG.expiration);
  const expiryText = expiry ? String.fromCharCode(...expiry) : '';
  const expirationDate = /^[0-9]{8}$/.test(expiryText) ? `${expiryText.slice(0, 4)}-${expiryText.slice(4, 6)}-${expiryText.slice(6)}` : undefined;
  return {
    ...(fascn ? { fascn } : {}),
    fascnHex: fascnBytes ? hexCompact(fascnBytes) : '',
    ...(guid ? { guid } : {}),
    ...(expirationDate ? { expirationDate } : {}),
    raw: data.slice(),
  };
}

/**
 * A CHUID as GET DATA returns it (53 L { 30 FASC-N, 34 GUID, 35 YYYYMMDD, 3E 00, FE 00 }),
 * unsigned, for test cards. The inverse of `parseChuid` for these fields.
 */
export function encodeChuid(fields: { fascn: Uint8Array; guid: string; expirationDate: string }): Uint8Array {
  if (fields.fascn.length !== FASCN_BYTES) throw new Error(`A FASC-N is ${FASCN_BYTES} bytes, got ${fields.fascn.length}`);
  const guidHex = fields.guid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/.test(fields.guid) || guidHex.length !== 32) {
    throw new Error(`GUID must be 32 hex digits as 8-4-4-4-12, got ${JSON.stringify(fields.guid)}`);
  }
  const date = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(fields.expirationDate);
  if (!date) throw new Error(`Expiration date must be YYYY-MM-DD, got ${JSON.stringify(fields.expirationDate)}`);
  const guid = new Uint8Array(16);
  for (let i = 0; i < 16; i++) guid[i] = Number.parseInt(guidHex.slice(2 * i, 2 * i + 2), 16);
  const expiry = Uint8Array.from(`${date[1]}${date[2]}${date[3]}`, (c) => c.charCodeAt(0));
  const parts = [
    encodeBerTlv(TAG.fascn, fields.fascn),
    encodeBerTlv(TAG.guid, guid),
    encodeBerTlv(TAG.expiration, expiry),
    encodeBerTlv(TAG.signature, new Uint8Array(0)), // issuer asymmetric signature: empty, unsigned test card
    encodeBerTlv(TAG.lrc, new Uint8Array(0)), // error detection code: always empty in PIV
  ];
  const body = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    body.set(p, at);
    at += p.length;
  }
  return encodeBerTlv(CHUID_TAG, body);
}

/**
 * A FASC-N of 9999-9999-999999 says "no federal credential number here": PIV-I and other
 * non-federal cards carry it and are identified by the GUID (a UUID) instead
 * (PIV Interoperability for Non-Federal Issuers; SP 800-73-4 Part 1 §3.1.2).
 */
export function isNonFederalFascn(fascn: Fascn): boolean {
  return fascn.agencyCode === '9999' && fascn.systemCode === '9999' && fascn.credentialNumber === '999999';
}

/**
 * What the clerk sees as Serial Number, and what must be unique among enrolled cards: the
 * FASC-N's full credential identity 'AAAA-SSSS-CCCCCC-S-I' (agency, system, credential
 * number, credential series, individual credential issue) when the card has a real one, so
 * a replacement card (same number, new series or issue) is a different card; else the GUID;
 * a placeholder or undecodable FASC-N only when there is no GUID. Throws when the CHUID has
 * nothing to go by.
 */
export function pivSerialNumber(chuid: Chuid): string {
  if (chuid.fascn && !isNonFederalFascn(chuid.fascn)) return chuid.fascn.identity;
  if (chuid.guid) return chuid.guid;
  if (chuid.fascn) return chuid.fascn.identity;
  if (chuid.fascnHex) return chuid.fascnHex;
  throw new Error('The CHUID has neither a FASC-N nor a GUID');
}
