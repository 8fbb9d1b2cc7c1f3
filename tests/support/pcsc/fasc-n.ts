/**
 * FASC-N (Federal Agency Smart Credential Number) as stored in a PIV CHUID: 40 characters
 * of 5 bits each = 25 bytes, per TIG SCEPACS v2.3 §6 / SP 800-73. Each character is a BCD
 * value written least significant bit first, followed by an odd-parity bit; bits are
 * packed most significant bit first. The 40th character is the LRC: the XOR of the data
 * bits of the 39 before it, with its own odd-parity bit.
 */
export interface FascnFields {
  /** 4 digits */
  agencyCode: string;
  /** 4 digits */
  systemCode: string;
  /** 6 digits */
  credentialNumber: string;
  /** 1 digit (CS) */
  credentialSeries: string;
  /** 1 digit (ICI) */
  individualCredentialIssue: string;
  /** 10 digits (PI) */
  personIdentifier: string;
  /** 1 digit (OC): 1 federal, 2 state, 3 commercial, 4 foreign */
  organizationalCategory: string;
  /** 4 digits (OI) */
  organizationalIdentifier: string;
  /** 1 digit (POA): 1 employee, 2 civil, 3 executive staff, 4 uniformed service, 5 contractor, 6 affiliate, 7 beneficiary */
  personOrganizationAssociation: string;
}

const START_SENTINEL = 0xb;
const FIELD_SEPARATOR = 0xd;
const END_SENTINEL = 0xf;

const LAYOUT: ReadonlyArray<[keyof FascnFields, number]> = [
  ['agencyCode', 4],
  ['systemCode', 4],
  ['credentialNumber', 6],
  ['credentialSeries', 1],
  ['individualCredentialIssue', 1],
  ['personIdentifier', 10],
  ['organizationalCategory', 1],
  ['organizationalIdentifier', 4],
  ['personOrganizationAssociation', 1],
];

/** The 39 character values (SS … ES) before the LRC. */
function characters(fields: FascnFields): number[] {
  const digits = (name: keyof FascnFields, length: number): number[] => {
    const value = fields[name];
    if (!new RegExp(`^\\d{${length}}$`).test(value)) throw new Error(`FASC-N ${name} must be ${length} digit(s), got ${JSON.stringify(value)}`);
    return [...value].map(Number);
  };
  const out = [START_SENTINEL];
  // AC FS SC FS CN FS CS FS ICI FS, then PI OC OI POA run together, then ES.
  LAYOUT.forEach(([name, length], index) => {
    out.push(...digits(name, length));
    if (index < 5) out.push(FIELD_SEPARATOR);
  });
  out.push(END_SENTINEL);
  return out;
}

/** Five bits: the value LSB first, then odd parity. */
function fiveBits(value: number): number[] {
  const bits = [value & 1, (value >> 1) & 1, (value >> 2) & 1, (value >> 3) & 1];
  const ones = bits.reduce((a, b) => a + b, 0);
  bits.push(ones % 2 === 0 ? 1 : 0);
  return bits;
}

export function encodeFascn(fields: FascnFields): Buffer {
  const chars = characters(fields);
  const lrc = chars.reduce((a, c) => a ^ c, 0);
  const bits = [...chars, lrc].flatMap(fiveBits);
  const out = Buffer.alloc(25);
  bits.forEach((bit, i) => {
    if (bit) out[i >> 3]! |= 0x80 >> (i & 7);
  });
  return out;
}

/** Reverse of `encodeFascn`, checking every parity bit, the sentinels, separators and the LRC. */
export function decodeFascn(fascn: Uint8Array): FascnFields {
  if (fascn.length !== 25) throw new Error(`FASC-N must be 25 bytes, got ${fascn.length}`);
  const bit = (i: number): number => ((fascn[i >> 3]! >> (7 - (i & 7))) & 1);
  const chars: number[] = [];
  for (let c = 0; c < 40; c++) {
    const b = [0, 1, 2, 3, 4].map((k) => bit(c * 5 + k));
    if ((b[0]! + b[1]! + b[2]! + b[3]! + b[4]!) % 2 !== 1) throw new Error(`FASC-N character ${c} fails its parity check`);
    chars.push(b[0]! | (b[1]! << 1) | (b[2]! << 2) | (b[3]! << 3));
  }
  const lrc = chars.slice(0, 39).reduce((a, c) => a ^ c, 0);
  if (chars[39] !== lrc) throw new Error('FASC-N LRC does not match');
  if (chars[0] !== START_SENTINEL || chars[38] !== END_SENTINEL) throw new Error('FASC-N sentinels are wrong');
  const fields: Partial<FascnFields> = {};
  let at = 1;
  LAYOUT.forEach(([name, length], index) => {
    const run = chars.slice(at, at + length);
    if (run.some((d) => d > 9)) throw new Error(`FASC-N ${name} holds a non-digit`);
    fields[name] = run.join('');
    at += length;
    if (index < 5) {
      if (chars[at] !== FIELD_SEPARATOR) throw new Error(`FASC-N field separator missing after ${name}`);
      at += 1;
    }
  });
  return fields as FascnFields;
}
