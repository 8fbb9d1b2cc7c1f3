/**
 * APDU helpers (ISO/IEC 7816-4:2020): status words in plain words, response data, BER-TLV
 * (ISO/IEC 8825-1 as profiled by 7816-4 §6.3), a diagnostics-safe rendering of commands,
 * and PC/SC Part 3's GET DATA for a contactless card's UID.
 * Pure code: no Node built-ins, Uint8Array only.
 */
import { hex } from './atr';

export { hex };

/** PC/SC Part 3 §3.2.2.1.3 GET DATA (FF CA 00 00 00): the contactless card's UID, all of it (Le 00). */
export const GET_UID = Uint8Array.of(0xff, 0xca, 0x00, 0x00, 0x00);

export interface StatusWord {
  /** SW1 SW2 as one number, e.g. 0x9000; 0 when the response has no status word. */
  sw: number;
  kind: 'ok' | 'more-data' | 'wrong-le' | 'pin-wrong' | 'pin-blocked' | 'security-not-satisfied' | 'not-found' | 'not-supported' | 'wrong-data' | 'other';
  /** 63Cx: tries left before the PIN blocks. */
  triesLeft?: number;
  /** 61xx: bytes still available with GET RESPONSE (xx = 00 → 256 or more). */
  moreBytes?: number;
  /** 6Cxx: the Le the card wants (xx = 00 → 256). */
  correctLe?: number;
  /** Plain words, no trailing full stop, e.g. 'Wrong PIN: 2 tries left'. */
  message: string;
}

const swHex = (sw: number): string => sw.toString(16).toUpperCase().padStart(4, '0');

/** ISO/IEC 7816-4 §5.6 Table 6, for the status words that have no `kind` of their own. */
const OTHER_MESSAGES: Readonly<Record<number, string>> = {
  0x6200: 'Warning: state of non-volatile memory unchanged',
  0x6281: 'Warning: part of the returned data may be corrupted',
  0x6282: 'Warning: end of file or record reached before reading Ne bytes',
  0x6283: 'Warning: selected file deactivated',
  0x6284: 'Warning: file control information not formatted correctly',
  0x6300: 'Warning: authentication failed',
  0x6400: 'Execution error: state of non-volatile memory unchanged',
  0x6500: 'Execution error: state of non-volatile memory changed',
  0x6581: 'Memory failure',
  0x6700: 'Wrong length',
  0x6800: 'Functions in CLA not supported',
  0x6881: 'Logical channel not supported',
  0x6882: 'Secure messaging not supported',
  0x6884: 'Command chaining not supported',
  0x6900: 'Command not allowed',
  0x6981: 'Command incompatible with file structure',
  0x6984: 'Reference data not usable',
  0x6985: 'Conditions of use not satisfied',
  0x6986: 'Command not allowed (no current file)',
  0x6987: 'Expected secure messaging data objects missing',
  0x6988: 'Incorrect secure messaging data objects',
  0x6a81: 'Function not supported',
  0x6a84: 'Not enough memory space in the file',
  0x6a86: 'Incorrect parameters P1-P2',
  0x6a87: 'Nc inconsistent with parameters P1-P2',
  0x6a88: 'Referenced data or reference data not found',
  0x6b00: 'Wrong parameters P1-P2',
  0x6f00: 'No precise diagnosis',
};

/** The status word (ISO/IEC 7816-4 §5.6) at the end of a response, in words. */
export function statusWord(response: Uint8Array): StatusWord {
  if (response.length < 2) return { sw: 0, kind: 'other', message: `No status word (the response has ${response.length} byte${response.length === 1 ? '' : 's'})` };
  const sw1 = response[response.length - 2]!;
  const sw2 = response[response.length - 1]!;
  const sw = (sw1 << 8) | sw2;
  if (sw === 0x9000) return { sw, kind: 'ok', message: 'OK' };
  if (sw1 === 0x61) {
    const moreBytes = sw2 === 0 ? 256 : sw2;
    return { sw, kind: 'more-data', moreBytes, message: `More data: ${moreBytes}${sw2 === 0 ? ' or more' : ''} bytes to fetch with GET RESPONSE` };
  }
  if (sw1 === 0x6c) {
    const correctLe = sw2 === 0 ? 256 : sw2;
    return { sw, kind: 'wrong-le', correctLe, message: `Wrong Le: the card has ${correctLe} bytes to send` };
  }
  if (sw1 === 0x63 && (sw2 & 0xf0) === 0xc0) {
    const triesLeft = sw2 & 0x0f;
    const words = triesLeft === 0 ? 'no tries left' : `${triesLeft} ${triesLeft === 1 ? 'try' : 'tries'} left`;
    return { sw, kind: 'pin-wrong', triesLeft, message: `Wrong PIN: ${words}` };
  }
  if (sw === 0x6983) return { sw, kind: 'pin-blocked', message: 'PIN blocked: too many wrong tries (SW 6983)' };
  if (sw === 0x6982) return { sw, kind: 'security-not-satisfied', message: 'Security status not satisfied (SW 6982)' };
  if (sw === 0x6a82) return { sw, kind: 'not-found', message: 'File or application not found (SW 6A82)' };
  if (sw === 0x6d00) return { sw, kind: 'not-supported', message: 'Instruction not supported (SW 6D00)' };
  if (sw === 0x6e00) return { sw, kind: 'not-supported', message: 'Class not supported (SW 6E00)' };
  if (sw === 0x6a80) return { sw, kind: 'wrong-data', message: 'Incorrect data in the command (SW 6A80)' };
  const known = OTHER_MESSAGES[sw];
  return { sw, kind: 'other', message: known ? `${known} (SW ${swHex(sw)})` : `Status word ${swHex(sw)}` };
}

/** The response without its status word (a copy). */
export function responseData(response: Uint8Array): Uint8Array {
  return response.slice(0, Math.max(0, response.length - 2));
}

export interface BerTlv {
  /** All tag bytes as one number: 0x53, 0x5FC102, 0x7F49. */
  tag: number;
  value: Uint8Array;
  /** The parsed contents of a constructed data object (bit 6 of the first tag byte set), when they are BER-TLV. */
  children?: BerTlv[];
}

const byteHex = (b: number): string => b.toString(16).toUpperCase().padStart(2, '0');
const tagHex = (tag: number): string => {
  const digits = tag.toString(16).toUpperCase();
  return digits.length % 2 ? `0${digits}` : digits;
};

/**
 * BER-TLV data objects (ISO/IEC 7816-4 §6.3): tags of one or more bytes (5F C1 02), short
 * lengths and long ones (81 xx, 82 xx xx, 83 xx xx xx, 84 …). Constructed objects (bit 6
 * of the first tag byte) get `children` when their contents are BER-TLV themselves.
 * 00 and FF bytes between objects are padding (§6.3.1) and skipped.
 * Throws a clear Error on truncated input or an indefinite length.
 */
export function parseBerTlv(bytes: Uint8Array): BerTlv[] {
  const out: BerTlv[] = [];
  let i = 0;
  while (i < bytes.length) {
    const first = bytes[i]!;
    if (first === 0x00 || first === 0xff) {
      i += 1;
      continue;
    }
    const start = i;
    let tag = first;
    i += 1;
    if ((first & 0x1f) === 0x1f) {
      let next: number;
      do {
        if (i >= bytes.length) throw new Error(`BER-TLV truncated: tag starting ${byteHex(first)} at offset ${start} is cut short`);
        if (i - start >= 4) throw new Error(`BER-TLV tag at offset ${start} is longer than 4 bytes`);
        next = bytes[i]!;
        tag = tag * 256 + next;
        i += 1;
      } while (next & 0x80);
    }
    if (i >= bytes.length) throw new Error(`BER-TLV truncated: tag ${tagHex(tag)} at offset ${start} has no length`);
    let length = bytes[i]!;
    i += 1;
    if (length === 0x80) throw new Error(`BER-TLV tag ${tagHex(tag)} at offset ${start} has an indefinite length, which is not allowed here`);
    if (length > 0x80) {
      const count = length & 0x7f;
      if (count > 4) throw new Error(`BER-TLV tag ${tagHex(tag)} at offset ${start} has a ${count}-byte length, at most 4 are supported`);
      if (i + count > bytes.length) throw new Error(`BER-TLV truncated: the length of tag ${tagHex(tag)} at offset ${start} is cut short`);
      length = 0;
      for (let n = 0; n < count; n++) length = length * 256 + bytes[i + n]!;
      i += count;
    }
    if (i + length > bytes.length) {
      throw new Error(`BER-TLV truncated: tag ${tagHex(tag)} at offset ${start} says ${length} bytes, only ${bytes.length - i} follow`);
    }
    const value = bytes.slice(i, i + length);
    i += length;
    const children = (first & 0x20) !== 0 && value.length > 0 ? tryParse(value) : undefined;
    out.push(children ? { tag, value, children } : { tag, value });
  }
  return out;
}

/**
 * The contents of a constructed object, when they are BER-TLV. Not all are: SP 800-73-4
 * uses 30, 34, 35 … inside the CHUID as plain tags for primitive values (the FASC-N, the
 * GUID), although BER reads bit 6 of those tags as "constructed".
 */
function tryParse(value: Uint8Array): BerTlv[] | undefined {
  try {
    return parseBerTlv(value);
  } catch {
    return undefined;
  }
}

/** One BER-TLV data object: `tag` as a number (0x5FC102) or its bytes, with a definite length in the shortest form. */
export function encodeBerTlv(tag: number | Uint8Array, value: Uint8Array): Uint8Array {
  let tagBytes: Uint8Array;
  if (typeof tag === 'number') {
    if (!Number.isInteger(tag) || tag < 1 || tag > 0xffffffff) throw new Error(`BER-TLV tag must be 1 to 4 bytes, got ${tag}`);
    const digits: number[] = [];
    for (let t = tag; t > 0; t = Math.floor(t / 256)) digits.unshift(t % 256);
    tagBytes = Uint8Array.from(digits);
  } else {
    tagBytes = tag;
  }
  const n = value.length;
  const length =
    n < 0x80 ? [n] : n <= 0xff ? [0x81, n] : n <= 0xffff ? [0x82, n >> 8, n & 0xff] : n <= 0xffffff ? [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff] : undefined;
  if (!length) throw new Error(`BER-TLV value too long: ${n} bytes`);
  const out = new Uint8Array(tagBytes.length + length.length + n);
  out.set(tagBytes, 0);
  out.set(length, tagBytes.length);
  out.set(value, tagBytes.length + length.length);
  return out;
}

/** VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER: their data fields hold PINs and PUKs. */
const SECRET_INS = new Set([0x20, 0x24, 0x2c]);

/**
 * A command APDU as hex for the diagnostics log. For VERIFY (20), CHANGE REFERENCE DATA
 * (24) and RESET RETRY COUNTER (2C) the data field is shown as '**' per byte; a trailing
 * Le stays visible. If Lc does not fit the command, everything after the header is masked.
 */
export function maskApdu(command: Uint8Array): string {
  if (command.length <= 5 || !SECRET_INS.has(command[1]!)) return hex(command);
  const masked = Array.from(command, byteHex);
  let dataStart = 5;
  let lc = command[4]!;
  if (lc === 0 && command.length >= 7) {
    // Extended length: 00 Lc1 Lc2 (ISO/IEC 7816-4 §5.1).
    dataStart = 7;
    lc = (command[5]! << 8) | command[6]!;
  }
  const dataEnd = lc > 0 && dataStart + lc <= command.length ? dataStart + lc : command.length;
  for (let i = dataStart; i < dataEnd; i++) masked[i] = '**';
  return masked.join(' ');
}
