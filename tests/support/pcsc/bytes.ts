/** Hex helpers shared by the virtual cards, their tests and `npm run card`. */

/** Bytes from hex written the way APDUs are usually quoted: "00 A4 04 00", "00a40400", "00:A4". */
export function hex(text: string): Buffer {
  const digits = text.replace(/[\s:]/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(digits)) throw new Error(`not an even run of hex digits: ${JSON.stringify(text)}`);
  return Buffer.from(digits, 'hex');
}

/** "3B 8F 80 01": upper case, one space between bytes (the form pcsc_scan and smartcard_list.txt use). */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase().replace(/(..)(?=.)/g, '$1 ');
}

/** A status word as two bytes. */
export function sw(value: number): Buffer {
  return Buffer.from([(value >> 8) & 0xff, value & 0xff]);
}
