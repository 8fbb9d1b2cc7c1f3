/**
 * ATR (answer to reset) per ISO/IEC 7816-3:2006 §8.2:
 *
 *   TS T0 {TAi TBi TCi TDi}… T1…TK [TCK]
 *
 * - TS (§8.1): 3B direct convention, 3F inverse convention. A PC/SC reader hands the ATR
 *   over already decoded, so only the TS value tells the two apart.
 * - T0 (§8.2.2): high nibble Y1 says which of TA1 TB1 TC1 TD1 follow, low nibble K is the
 *   number of historical bytes. Each TDi in turn announces TA(i+1)…TD(i+1) in its high
 *   nibble and a protocol T in its low nibble (T=15: global interface bytes).
 * - TCK (§8.2.5): XOR of every byte from T0 to the byte before TCK, so T0…TCK XOR to 00.
 *   "If only T=0 is indicated, TCK shall be absent. … In all the other cases, TCK shall
 *   be present." A wrong TCK is reported (tck.valid, explain), not thrown: the bytes
 *   still say what the card is, and the diagnostics view should show them.
 *
 * `explain` holds one line per byte group for the diagnostics view.
 * Pure code: no Node built-ins, Uint8Array only.
 */
export interface AtrInterfaceGroup {
  /** i in TAi/TBi/TCi/TDi (1-based). */
  index: number;
  ta?: number;
  tb?: number;
  tc?: number;
  td?: number;
}

export interface ParsedAtr {
  /** Upper-case, space-separated: '3B 8F 80 01 …'. */
  hex: string;
  convention: 'direct' | 'inverse';
  t0: number;
  historicalBytes: Uint8Array;
  /** The groups that hold at least one interface byte, in order. */
  interfaceGroups: AtrInterfaceGroup[];
  /** Protocols offered, in the order the TDi bytes give them (T=15 left out); [0] when no TDi. */
  protocols: number[];
  /** Present exactly when the ATR has a TCK (a protocol other than T=0 is indicated). */
  tck?: { value: number; valid: boolean };
  /** One line each, e.g. 'TS 3B: direct convention', 'TCK 6A: checksum OK'. */
  explain: string[];
}

/** A malformed ATR: the bytes do not follow ISO/IEC 7816-3 §8.2. */
export class AtrError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AtrError';
  }
}

/** TS plus at most 32 characters (ISO/IEC 7816-3 §8.2.1); pcsc-lite's MAX_ATR_SIZE is 33 too. */
export const MAX_ATR_LENGTH = 33;

const byteHex = (b: number): string => b.toString(16).toUpperCase().padStart(2, '0');

/** 'A0 00 03' style: upper-case hex bytes separated by single spaces ('' for no bytes). */
export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, byteHex).join(' ');
}

/** Hex bytes to Uint8Array. Accepts spaces and colons between digits ('3B:8F 80'); throws on anything else or an odd digit count. */
export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/[\s:]/g, '');
  if (!/^[0-9a-fA-F]*$/.test(clean)) throw new Error(`Not hexadecimal bytes: ${JSON.stringify(text)}`);
  if (clean.length % 2 !== 0) throw new Error(`Hexadecimal bytes need an even number of digits, got ${clean.length}: ${JSON.stringify(text)}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** XOR of the bytes from T0 (index 1) up to, not including, `end`: the TCK an ATR of that length needs. */
export function atrCheckByte(atr: Uint8Array, end = atr.length): number {
  let x = 0;
  for (let i = 1; i < end; i++) x ^= atr[i]!;
  return x;
}

// ISO/IEC 7816-3 Table 7 (Fi, f max in MHz) and Table 8 (Di); undefined = RFU.
const FI: ReadonlyArray<readonly [number, number] | undefined> = [
  [372, 4], [372, 5], [558, 6], [744, 8], [1116, 12], [1488, 16], [1860, 20], undefined,
  undefined, [512, 5], [768, 7.5], [1024, 10], [1536, 15], [2048, 20], undefined, undefined,
];
const DI: ReadonlyArray<number | undefined> = [undefined, 1, 2, 4, 8, 16, 32, 64, 12, 20];

const PRESENCE_NAMES = ['TA', 'TB', 'TC', 'TD'] as const;

/** 'TA2, TD2 present' from the high nibble of T0 or TDi (which announces group `next`). */
function announced(y: number, next: number): string {
  const names = PRESENCE_NAMES.filter((_, bit) => y & (1 << bit)).map((n) => `${n}${next}`);
  return names.length === 0 ? 'no further interface bytes' : `${names.join(', ')} present`;
}

function protocolName(t: number): string {
  return t === 15 ? 'T=15 (global interface bytes follow)' : `protocol T=${t}`;
}

function explainTa1(v: number): string {
  const fi = FI[v >> 4];
  const di = DI[v & 0x0f];
  const f = fi ? `Fi ${fi[0]} (f max ${fi[1]} MHz)` : 'Fi RFU';
  return `TA1 ${byteHex(v)}: clock rate conversion ${f}, baud rate adjustment ${di === undefined ? 'Di RFU' : `Di ${di}`}`;
}

/** TAi/TBi/TCi for i ≥ 2, read for the protocol T announced by TD(i-1). */
function explainSpecific(kind: 'TA' | 'TB' | 'TC', index: number, v: number, t: number): string {
  const label = `${kind}${index} ${byteHex(v)}`;
  if (index === 2) {
    if (kind === 'TA') {
      const mode = v & 0x80 ? 'unable to change mode' : 'able to change to negotiable mode';
      const params = v & 0x10 ? 'parameters implicitly known' : 'parameters from TA1';
      return `${label}: specific mode, protocol T=${v & 0x0f}, ${mode}, ${params}`;
    }
    if (kind === 'TB') return `${label}: programming voltage PI2 (deprecated, ignored)`;
    return `${label}: T=0 waiting time integer WI ${v}`;
  }
  if (t === 1) {
    if (kind === 'TA') return `${label}: T=1 information field size IFSC ${v === 0x00 || v === 0xff ? 'RFU' : `${v} bytes`}`;
    if (kind === 'TB') return `${label}: T=1 block waiting integer BWI ${v >> 4}, character waiting integer CWI ${v & 0x0f}`;
    return `${label}: T=1 error detection ${v & 0x01 ? 'CRC' : 'LRC'}`;
  }
  if (t === 15) {
    if (kind === 'TA') {
      const clockStop = ['not supported', 'state L', 'state H', 'no preference'][v >> 6]!;
      const classes = [
        ['A (5 V)', 0x01],
        ['B (3 V)', 0x02],
        ['C (1.8 V)', 0x04],
      ].flatMap(([name, bit]) => (v & (bit as number) ? [name as string] : []));
      return `${label}: clock stop ${clockStop}, class ${classes.length ? classes.join(', ') : 'not indicated'}`;
    }
    if (kind === 'TB') return `${label}: use of contact C6 (SPU) ${v === 0 ? 'not used' : byteHex(v)}`;
    return `${label}: global interface byte`;
  }
  return `${label}: parameter for T=${t}`;
}

/** Category indicator of the historical bytes (ISO/IEC 7816-4 §8.1.1.1). */
function historicalCategory(h: Uint8Array): string {
  const c = h[0]!;
  if (c === 0x00) return 'category 00, COMPACT-TLV data objects then a 3-byte status indicator';
  if (c === 0x10) return 'category 10, DIR data reference';
  if (c === 0x80) return 'category 80, COMPACT-TLV data objects';
  if (c >= 0x81 && c <= 0x8f) return `category ${byteHex(c)}, reserved for future use`;
  return `category ${byteHex(c)}, proprietary format`;
}

/** The longest run of at least 4 printable ASCII characters, as ' "text"', else ''. */
function printableRun(bytes: Uint8Array): string {
  let best = '';
  let run = '';
  for (const b of bytes) {
    run = b >= 0x20 && b <= 0x7e ? run + String.fromCharCode(b) : '';
    if (run.length > best.length) best = run;
  }
  return best.length >= 4 ? `, text "${best}"` : '';
}

const PCSC_PART3_PREFIX = [0x80, 0x4f, 0x0c, 0xa0, 0x00, 0x00, 0x03, 0x06];
const PCSC_STANDARDS: Readonly<Record<number, string>> = {
  0x01: 'ISO/IEC 14443 A, part 1', 0x02: 'ISO/IEC 14443 A, part 2', 0x03: 'ISO/IEC 14443 A, part 3',
  0x05: 'ISO/IEC 14443 B, part 1', 0x06: 'ISO/IEC 14443 B, part 2', 0x07: 'ISO/IEC 14443 B, part 3',
  0x09: 'ISO/IEC 15693, part 1', 0x0a: 'ISO/IEC 15693, part 2', 0x0b: 'ISO/IEC 15693, part 3', 0x0c: 'ISO/IEC 15693, part 4',
  0x0d: 'contact (7816-10) I2C', 0x0e: 'contact (7816-10) extended I2C', 0x0f: 'contact (7816-10) 2WBP', 0x10: 'contact (7816-10) 3WBP',
  0x11: 'FeliCa', 0x40: 'low frequency contactless',
};

/**
 * PC/SC Part 3 §3.1.3.2.3.1: a reader builds the ATR of a contactless storage card as
 * 3B 8F 80 01 80 4F 0C <RID A0 00 00 03 06> <SS standard> <C0 C1 card name> 00 00 00 00 TCK.
 */
function explainPcscPart3(h: Uint8Array): string | undefined {
  if (h.length < 11 || PCSC_PART3_PREFIX.some((b, i) => h[i] !== b)) return undefined;
  const ss = h[8]!;
  return `PC/SC Part 3 contactless card: standard ${byteHex(ss)} (${PCSC_STANDARDS[ss] ?? 'not listed'}), card name ${byteHex(h[9]!)} ${byteHex(h[10]!)}`;
}

/**
 * Parses and checks an ATR. Throws AtrError when the bytes are not an ATR (too short or
 * long, bad TS, fewer or more bytes than T0/TDi/K announce, TCK missing). A TCK that does
 * not match is reported in `tck.valid` and `explain`, not thrown.
 */
export function parseAtr(bytes: Uint8Array): ParsedAtr {
  if (bytes.length < 2) throw new AtrError(`ATR too short: ${bytes.length} byte(s), TS and T0 at least are needed`);
  if (bytes.length > MAX_ATR_LENGTH) throw new AtrError(`ATR too long: ${bytes.length} bytes, at most ${MAX_ATR_LENGTH} are allowed`);
  const ts = bytes[0]!;
  if (ts !== 0x3b && ts !== 0x3f) throw new AtrError(`TS must be 3B or 3F (direct or inverse convention), not ${byteHex(ts)}`);
  const convention = ts === 0x3b ? 'direct' : 'inverse';
  const t0 = bytes[1]!;
  const k = t0 & 0x0f;
  const explain = [`TS ${byteHex(ts)}: ${convention} convention`, `T0 ${byteHex(t0)}: ${announced(t0 >> 4, 1)}, ${k} historical byte${k === 1 ? '' : 's'}`];

  const groups: AtrInterfaceGroup[] = [];
  const indicated: number[] = [];
  let presence = t0 >> 4;
  let protocol = 0; // the T that TD(i-1) indicated, which TAi…TCi (i ≥ 3) relate to
  let i = 2;
  const take = (name: string): number => {
    const b = bytes[i];
    if (b === undefined) throw new AtrError(`ATR shorter than its interface bytes say: ${name} is missing after ${bytes.length} bytes`);
    i += 1;
    return b;
  };
  for (let index = 1; presence !== 0; index++) {
    const group: AtrInterfaceGroup = { index };
    if (presence & 0x1) group.ta = take(`TA${index}`);
    if (presence & 0x2) group.tb = take(`TB${index}`);
    if (presence & 0x4) group.tc = take(`TC${index}`);
    if (presence & 0x8) group.td = take(`TD${index}`);
    groups.push(group);
    if (index === 1) {
      if (group.ta !== undefined) explain.push(explainTa1(group.ta));
      if (group.tb !== undefined) explain.push(`TB1 ${byteHex(group.tb)}: ${group.tb === 0 ? 'no programming voltage (VPP not connected)' : 'programming voltage (deprecated, ignored)'}`);
      if (group.tc !== undefined) {
        const n = group.tc;
        explain.push(`TC1 ${byteHex(n)}: ${n === 0 ? 'no extra guard time' : n === 0xff ? 'minimum guard time (N = 255)' : `extra guard time ${n} etu`}`);
      }
    } else {
      if (group.ta !== undefined) explain.push(explainSpecific('TA', index, group.ta, protocol));
      if (group.tb !== undefined) explain.push(explainSpecific('TB', index, group.tb, protocol));
      if (group.tc !== undefined) explain.push(explainSpecific('TC', index, group.tc, protocol));
    }
    if (group.td === undefined) break;
    protocol = group.td & 0x0f;
    indicated.push(protocol);
    presence = group.td >> 4;
    explain.push(`TD${index} ${byteHex(group.td)}: ${presence === 0 ? `${protocolName(protocol)}, no further interface bytes` : `${announced(presence, index + 1)}, ${protocolName(protocol)}`}`);
  }

  const protocols = [...new Set(indicated.filter((t) => t !== 15))];
  if (protocols.length === 0) protocols.push(0);

  if (i + k > bytes.length) {
    throw new AtrError(`ATR shorter than its interface bytes say: T0 announces ${k} historical bytes, only ${bytes.length - i} follow`);
  }
  const historicalBytes = bytes.slice(i, i + k);
  explain.push(k === 0 ? 'No historical bytes' : `Historical bytes (${k}): ${hex(historicalBytes)} — ${historicalCategory(historicalBytes)}${printableRun(historicalBytes)}`);
  const part3 = explainPcscPart3(historicalBytes);
  if (part3) explain.push(part3);
  i += k;

  // §8.2.5: TCK is absent when only T=0 is indicated (or nothing: T=0 implied), present otherwise.
  const tckRequired = indicated.some((t) => t !== 0);
  let tck: ParsedAtr['tck'];
  if (tckRequired) {
    if (i >= bytes.length) {
      throw new AtrError(`ATR shorter than its interface bytes say: TCK is missing (required because ${indicated.filter((t) => t !== 0).map((t) => `T=${t}`).join(', ')} is indicated)`);
    }
    if (bytes.length > i + 1) throw new AtrError(`ATR longer than its interface bytes say: ${bytes.length - i - 1} byte(s) after the TCK`);
    const value = bytes[i]!;
    const expected = atrCheckByte(bytes, i);
    tck = { value, valid: value === expected };
    explain.push(`TCK ${byteHex(value)}: ${tck.valid ? 'checksum OK' : `checksum wrong, should be ${byteHex(expected)}`}`);
  } else {
    if (bytes.length > i) {
      throw new AtrError(`ATR longer than its interface bytes say: ${bytes.length - i} byte(s) after the historical bytes, and no TCK is allowed when only T=0 is indicated`);
    }
    explain.push('No TCK: only T=0 is indicated');
  }

  return { hex: hex(bytes), convention, t0, historicalBytes, interfaceGroups: groups, protocols, ...(tck ? { tck } : {}), explain };
}
