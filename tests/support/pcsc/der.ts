/**
 * Just enough DER (ITU-T X.690) to build the virtual PIV card's certificates and its
 * Security Object synchronously, when a card is made (the WebCrypto-based @peculiar/x509
 * is asynchronous, and `pivCard()` is not).
 */

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function der(tag: number, ...content: Buffer[]): Buffer {
  const value = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(value.length), value]);
}

export const seq = (...content: Buffer[]): Buffer => der(0x30, ...content);
export const set = (...content: Buffer[]): Buffer => der(0x31, ...content);
export const octets = (value: Buffer): Buffer => der(0x04, value);
export const utf8 = (text: string): Buffer => der(0x0c, Buffer.from(text, 'utf8'));
export const ia5 = (text: string): Buffer => der(0x16, Buffer.from(text, 'ascii'));
export const bool = (value: boolean): Buffer => der(0x01, Buffer.from([value ? 0xff : 0x00]));
/** BIT STRING; `unused` trailing bits of the last byte (0 for keys and signatures). */
export const bits = (value: Buffer, unused = 0): Buffer => der(0x03, Buffer.from([unused]), value);
/** Context-specific constructed [n] (EXPLICIT, or IMPLICIT of a constructed type). */
export const explicit = (n: number, ...content: Buffer[]): Buffer => der(0xa0 | n, ...content);
/** Context-specific primitive [n] (IMPLICIT of a primitive type). */
export const implicit = (n: number, value: Buffer): Buffer => der(0x80 | n, value);

/** A non-negative INTEGER from a number or big-endian bytes. */
export function int(value: number | Buffer): Buffer {
  let bytes: Buffer;
  if (typeof value === 'number') {
    const digits = value.toString(16);
    bytes = Buffer.from(digits.length % 2 ? `0${digits}` : digits, 'hex');
  } else bytes = Buffer.from(value);
  while (bytes.length > 1 && bytes[0] === 0 && bytes[1]! < 0x80) bytes = bytes.subarray(1);
  if (bytes[0]! >= 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return der(0x02, bytes);
}

export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const out = [40 * arcs[0]! + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const chunk = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return der(0x06, Buffer.from(out));
}

/** A certificate's time (RFC 5280 §4.1.2.5): UTCTime through 2049, GeneralizedTime from 2050. */
export function time(date: Date): Buffer {
  const text = date.toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');
  return date.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(text.slice(2), 'ascii')) : der(0x18, Buffer.from(text, 'ascii'));
}

/** A Name with one RDN per attribute, e.g. [['2.5.4.3', 'Card Authentication']]. */
export function name(attributes: [string, string][]): Buffer {
  return seq(...attributes.map(([type, value]) => set(seq(oid(type), utf8(value)))));
}

export const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  ecPublicKey: '1.2.840.10045.2.1',
  prime256v1: '1.2.840.10045.3.1.7',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  serialNumber: '2.5.4.5',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  subjectKeyIdentifier: '2.5.29.14',
  /** id-PIV-cardAuth, SP 800-78 / Common Policy: the Card Authentication key's EKU. */
  pivCardAuth: '2.16.840.1.101.3.6.8',
  extKeyUsage: '2.5.29.37',
  /** pivFASC-N otherName in subjectAltName (SP 800-73-4 part 1 §3.3.3 footnote; FIPS 201). */
  pivFascn: '2.16.840.1.101.3.6.6',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  /** id-icao-ldsSecurityObject (ICAO 9303 part 10), the Security Object's content type in SP 800-73-4. */
  ldsSecurityObject: '2.23.136.1.1.1',
} as const;
