/**
 * PIN-pad readers (PC/SC Part 10, "IFDs with Secure PIN Entry Capabilities", v2.02): the
 * reader tells which features it has through SCardControl(CM_IOCTL_GET_FEATURE_REQUEST),
 * and FEATURE_VERIFY_PIN_DIRECT takes a PIN_VERIFY_STRUCTURE: the reader asks for the PIN
 * on its own keypad, puts it into the APDU and sends the APDU to the card itself, so the
 * PIN never reaches the station. Byte layouts as in pcsc-lite's reader.h (packed structs,
 * multi-byte fields in the host's byte order, which is little-endian on the station's
 * machines; the feature TLV's value is big-endian, Part 10 §2.2).
 */

/** SCARD_CTL_CODE(code) on pcsc-lite (reader.h): 0x42000000 + code. */
export function scardCtlCode(code: number): number {
  return 0x42000000 + code;
}

/** reader.h: CM_IOCTL_GET_FEATURE_REQUEST = SCARD_CTL_CODE(3400). */
export const CM_IOCTL_GET_FEATURE_REQUEST = scardCtlCode(3400);

/** Part 10 feature tags (reader.h), those the station looks at. */
export const FEATURE_VERIFY_PIN_DIRECT = 0x06;
export const FEATURE_MODIFY_PIN_DIRECT = 0x07;
export const FEATURE_IFD_PIN_PROPERTIES = 0x0a;

/**
 * The answer to CM_IOCTL_GET_FEATURE_REQUEST: PCSC_TLV_STRUCTURE entries, each tag (1 byte),
 * length (1 byte, always 4) and the control code to use for that feature (4 bytes,
 * big-endian). Returns tag → control code. Throws on a malformed answer.
 */
export function parseFeatures(answer: Uint8Array): Map<number, number> {
  const features = new Map<number, number>();
  let at = 0;
  while (at < answer.length) {
    if (at + 2 > answer.length) throw new Error(`Part 10 feature list: a truncated entry at byte ${at}`);
    const tag = answer[at]!;
    const length = answer[at + 1]!;
    if (length !== 4) throw new Error(`Part 10 feature list: feature 0x${tag.toString(16).padStart(2, '0')} has length ${length}, not 4`);
    if (at + 2 + length > answer.length) throw new Error(`Part 10 feature list: feature 0x${tag.toString(16).padStart(2, '0')} is cut short`);
    const view = new DataView(answer.buffer, answer.byteOffset + at + 2, 4);
    features.set(tag, view.getUint32(0, false));
    at += 2 + length;
  }
  return features;
}

/** PIV VERIFY of the card holder's PIN (SP 800-73-4 part 2 §3.2.1): CLA 00 INS 20 P1 00 P2 80, 8 bytes, padded with FF. */
export const PIV_PIN = { minDigits: 6, maxDigits: 8, blockBytes: 8, apduHeader: [0x00, 0x20, 0x00, 0x80] } as const;

/** Size of PIN_VERIFY_STRUCTURE before abData (reader.h, packed). */
export const PIN_VERIFY_HEADER_BYTES = 19;

export interface PinVerifyOptions {
  /** Seconds the reader waits for the PIN (0: the reader's default). */
  timeoutSeconds?: number;
  /** Seconds after the first key (0: the reader's default). */
  timeoutAfterKeySeconds?: number;
  /** wLangId: the language of the reader's own prompts (0x0409 English, US). */
  langId?: number;
}

/**
 * The PIN_VERIFY_STRUCTURE for PIV VERIFY with the PIN typed on the reader:
 * - bmFormatString 0x82: system units are bytes (bit 7), PIN at offset 0 of the APDU data
 *   (bits 6-3), left justified (bit 2 clear), ASCII (bits 1-0 = 10);
 * - bmPINBlockString 0x08: no PIN length field (bits 7-4 = 0), an 8-byte PIN block;
 * - bmPINLengthFormat 0x00: no PIN length in the APDU;
 * - wPINMaxExtraDigit 0x0608: at least 6 digits, at most 8;
 * - bEntryValidationCondition 0x02: the reader's OK (validation) key ends the entry;
 * - bNumberMessage 0x01: the reader shows its "enter PIN" message;
 * - abData: 00 20 00 80 08 FF×8, the PIN block pre-filled with the PIV padding FF, which the
 *   reader overwrites from the left with the digits it reads.
 */
export function pinVerifyStructure(options: PinVerifyOptions = {}): Uint8Array {
  const apdu = [...PIV_PIN.apduHeader, PIV_PIN.blockBytes, ...new Array<number>(PIV_PIN.blockBytes).fill(0xff)];
  const out = new Uint8Array(PIN_VERIFY_HEADER_BYTES + apdu.length);
  const view = new DataView(out.buffer);
  view.setUint8(0, options.timeoutSeconds ?? 30); // bTimerOut
  view.setUint8(1, options.timeoutAfterKeySeconds ?? 15); // bTimerOut2
  view.setUint8(2, 0x82); // bmFormatString
  view.setUint8(3, PIV_PIN.blockBytes); // bmPINBlockString
  view.setUint8(4, 0x00); // bmPINLengthFormat
  view.setUint16(5, (PIV_PIN.minDigits << 8) | PIV_PIN.maxDigits, true); // wPINMaxExtraDigit 0xXXYY
  view.setUint8(7, 0x02); // bEntryValidationCondition
  view.setUint8(8, 0x01); // bNumberMessage
  view.setUint16(9, options.langId ?? 0x0409, true); // wLangId
  view.setUint8(11, 0x00); // bMsgIndex
  // bTeoPrologue[3] at 12..14: zeros.
  view.setUint32(15, apdu.length, true); // ulDataLength
  out.set(apdu, PIN_VERIFY_HEADER_BYTES);
  return out;
}

/** What the station needs of a connected card for part 10: SCardControl on its reader. */
export interface ControlChannel {
  control(code: number, data?: Buffer): Promise<Buffer>;
}

/**
 * The control code for FEATURE_VERIFY_PIN_DIRECT when the reader has a PIN pad, else
 * undefined: a reader (or driver, like vpcd) that answers the feature request with an error,
 * nothing, a malformed list or not within `timeoutMs` has none, and the PIN is typed on the
 * keyboard.
 */
export async function pinPadVerifyCode(card: ControlChannel, timeoutMs: number): Promise<number | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const answer = await Promise.race([
      card.control(CM_IOCTL_GET_FEATURE_REQUEST),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer to the part 10 feature request')), timeoutMs);
      }),
    ]);
    return parseFeatures(answer).get(FEATURE_VERIFY_PIN_DIRECT);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** FEATURE_VERIFY_PIN_DIRECT: the reader takes the PIN on its keypad and sends PIV VERIFY; the answer is the status word. */
export async function verifyPinOnReader(card: ControlChannel, verifyCode: number, options: PinVerifyOptions = {}): Promise<Uint8Array> {
  return new Uint8Array(await card.control(verifyCode, Buffer.from(pinVerifyStructure(options))));
}
