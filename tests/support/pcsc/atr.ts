/**
 * ATR structure per ISO/IEC 7816-3 §8.2, parsed only as far as needed to prove an ATR is
 * well formed: interface bytes chained through TDi, K historical bytes, and TCK (the XOR
 * of T0..the last historical byte) present exactly when a protocol other than T=0 is
 * indicated. pcscd and applications reject or misread ATRs that get this wrong.
 */
export interface AtrInfo {
  /** Every T indicated by a TDi byte, in order (15 = global interface bytes). */
  indicated: number[];
  historical: Buffer;
  /** The check byte, or null when only T=0 is indicated (then there is none). */
  tck: number | null;
}

export function parseAtr(atr: Uint8Array): AtrInfo {
  const at = (i: number): number => {
    const b = atr[i];
    if (b === undefined) throw new Error(`ATR too short: byte ${i} is missing`);
    return b;
  };
  const ts = at(0);
  if (ts !== 0x3b && ts !== 0x3f) throw new Error(`ATR TS must be 3B or 3F, not ${ts.toString(16)}`);
  const t0 = at(1);
  const historicalCount = t0 & 0x0f;
  let presence = t0 >> 4;
  let i = 2;
  const indicated: number[] = [];
  for (;;) {
    if (presence & 0x1) i += 1; // TAi
    if (presence & 0x2) i += 1; // TBi
    if (presence & 0x4) i += 1; // TCi
    if (!(presence & 0x8)) break;
    const td = at(i);
    i += 1;
    indicated.push(td & 0x0f);
    presence = td >> 4;
  }
  const historical = Buffer.from(atr.subarray(i, i + historicalCount));
  if (historical.length !== historicalCount) throw new Error(`ATR announces ${historicalCount} historical bytes but has ${historical.length}`);
  i += historicalCount;
  const tckRequired = indicated.some((t) => t !== 0);
  if (!tckRequired) {
    if (atr.length !== i) throw new Error(`ATR has ${atr.length - i} byte(s) after the historical bytes and no TCK is expected`);
    return { indicated, historical, tck: null };
  }
  if (atr.length !== i + 1) throw new Error(`ATR should be ${i + 1} bytes (with TCK) but is ${atr.length}`);
  const tck = at(i);
  const expected = atrCheckByte(atr.subarray(0, i));
  if (tck !== expected) throw new Error(`ATR TCK is ${tck.toString(16)}, should be ${expected.toString(16)}`);
  return { indicated, historical, tck };
}

/** TCK for an ATR given without it: XOR of every byte from T0 on (TS excluded). */
export function atrCheckByte(atrWithoutTck: Uint8Array): number {
  let x = 0;
  for (const b of atrWithoutTck.subarray(1)) x ^= b;
  return x;
}
