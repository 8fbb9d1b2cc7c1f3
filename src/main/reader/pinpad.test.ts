import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CM_IOCTL_GET_FEATURE_REQUEST, FEATURE_IFD_PIN_PROPERTIES, FEATURE_MODIFY_PIN_DIRECT, FEATURE_VERIFY_PIN_DIRECT, parseFeatures, PIN_VERIFY_HEADER_BYTES, pinPadVerifyCode, pinVerifyStructure, scardCtlCode, verifyPinOnReader, type ControlChannel } from './pinpad';

/** pcsc-lite's reader.h (libpcsclite-dev, which `npm ci` needs to build the binding): the reference for the byte layouts. */
const READER_H = '/usr/include/PCSC/reader.h';
const header = readFileSync(READER_H, 'utf8');

/** A `typedef struct { … } NAME;` of reader.h as [field, offset, size] (the structs are packed: #pragma pack(1)). */
function packedLayout(name: string): Array<[string, number, number]> {
  const body = new RegExp(`typedef struct\\s*\\{([^}]*)\\}\\s*${name};`).exec(header)?.[1];
  if (!body) throw new Error(`${name} not in ${READER_H}`);
  const sizes: Record<string, number> = { uint8_t: 1, uint16_t: 2, uint32_t: 4 };
  const fields: Array<[string, number, number]> = [];
  let offset = 0;
  const withoutComments = body.replace(/\/\*[\s\S]*?\*\//g, '').replace(/#if[\s\S]*?#endif/g, '');
  for (const m of withoutComments.matchAll(/(uint8_t|uint16_t|uint32_t)\s+(\w+)\s*(?:\[(\d*)\])?/g)) {
    const size = sizes[m[1]!]! * (m[3] === undefined ? 1 : m[3] === '' ? 0 : Number(m[3]));
    fields.push([m[2]!, offset, size]);
    offset += size;
  }
  return fields;
}

describe('PC/SC part 10: PIN-pad readers', () => {
  it('uses reader.h’s control codes: SCARD_CTL_CODE is 0x42000000 + code, CM_IOCTL_GET_FEATURE_REQUEST is SCARD_CTL_CODE(3400), and the feature tags', () => {
    expect(header).toContain('#define SCARD_CTL_CODE(code) (0x42000000 + (code))');
    expect(header).toContain('#define CM_IOCTL_GET_FEATURE_REQUEST SCARD_CTL_CODE(3400)');
    expect(CM_IOCTL_GET_FEATURE_REQUEST).toBe(0x42000d48);
    expect(scardCtlCode(3400)).toBe(CM_IOCTL_GET_FEATURE_REQUEST);
    expect(header).toMatch(/#define FEATURE_VERIFY_PIN_DIRECT\s+0x06/);
    expect(header).toMatch(/#define FEATURE_MODIFY_PIN_DIRECT\s+0x07/);
    expect(header).toMatch(/#define FEATURE_IFD_PIN_PROPERTIES\s+0x0A/);
    expect([FEATURE_VERIFY_PIN_DIRECT, FEATURE_MODIFY_PIN_DIRECT, FEATURE_IFD_PIN_PROPERTIES]).toEqual([0x06, 0x07, 0x0a]);
  });

  it('reads the feature list: PCSC_TLV_STRUCTURE entries (tag, length 4, big-endian control code), as a CCID PIN-pad reader answers', () => {
    // reader.h's PCSC_TLV_STRUCTURE: tag, length, then the value "always in BIG ENDIAN".
    expect(packedLayout('PCSC_TLV_STRUCTURE')).toEqual([
      ['tag', 0, 1],
      ['length', 1, 1],
      ['value', 2, 4],
    ]);
    // The CCID driver's answer for an OMNIKEY 3821: each feature's code is SCARD_CTL_CODE(0x330000 + tag).
    const answer = Buffer.from('060442330006' + '070442330007' + '0a044233000a' + '120442330012', 'hex');
    const features = parseFeatures(answer);
    expect(features.get(FEATURE_VERIFY_PIN_DIRECT)).toBe(0x42330006);
    expect(features.get(FEATURE_MODIFY_PIN_DIRECT)).toBe(0x42330007);
    expect(features.get(FEATURE_IFD_PIN_PROPERTIES)).toBe(0x4233000a);
    expect(features.get(0x12)).toBe(0x42330012);
    expect(features.size).toBe(4);
    // A reader without part 10 features answers nothing.
    expect(parseFeatures(new Uint8Array()).size).toBe(0);
    // Malformed answers are refused, not guessed at.
    expect(() => parseFeatures(Buffer.from('06044233000607', 'hex'))).toThrow(/truncated entry at byte 6/);
    expect(() => parseFeatures(Buffer.from('06024233', 'hex'))).toThrow(/length 2, not 4/);
    expect(() => parseFeatures(Buffer.from('06044233', 'hex'))).toThrow(/cut short/);
  });

  it('builds PIN_VERIFY_STRUCTURE for PIV VERIFY (00 20 00 80, 8-byte block padded with FF, 6 to 8 ASCII digits) at reader.h’s offsets', () => {
    const layout = packedLayout('PIN_VERIFY_STRUCTURE');
    expect(layout.map(([f]) => f)).toEqual([
      'bTimerOut', 'bTimerOut2', 'bmFormatString', 'bmPINBlockString', 'bmPINLengthFormat', 'wPINMaxExtraDigit',
      'bEntryValidationCondition', 'bNumberMessage', 'wLangId', 'bMsgIndex', 'bTeoPrologue', 'ulDataLength', 'abData',
    ]);
    const at = Object.fromEntries(layout.map(([f, offset, size]) => [f, { offset, size }]));
    expect(at.abData!.offset).toBe(PIN_VERIFY_HEADER_BYTES);

    const s = pinVerifyStructure({ timeoutSeconds: 30, timeoutAfterKeySeconds: 15 });
    const field = (name: string): number[] => [...s.subarray(at[name]!.offset, at[name]!.offset + at[name]!.size)];
    expect(field('bTimerOut')).toEqual([30]);
    expect(field('bTimerOut2')).toEqual([15]);
    // bytes as system units, PIN at offset 0, left justified, ASCII.
    expect(field('bmFormatString')).toEqual([0x82]);
    // no PIN length field; an 8-byte PIN block.
    expect(field('bmPINBlockString')).toEqual([0x08]);
    expect(field('bmPINLengthFormat')).toEqual([0x00]);
    // 0xXXYY = min 6, max 8 digits, in the host's (little-endian) order.
    expect(field('wPINMaxExtraDigit')).toEqual([0x08, 0x06]);
    expect(field('bEntryValidationCondition')).toEqual([0x02]);
    expect(field('bNumberMessage')).toEqual([0x01]);
    expect(field('wLangId')).toEqual([0x09, 0x04]);
    expect(field('bMsgIndex')).toEqual([0x00]);
    expect(field('bTeoPrologue')).toEqual([0, 0, 0]);
    expect(field('ulDataLength')).toEqual([13, 0, 0, 0]);
    expect(Buffer.from(s.subarray(PIN_VERIFY_HEADER_BYTES)).toString('hex')).toBe('0020008008ffffffffffffffff');
    expect(s.length).toBe(PIN_VERIFY_HEADER_BYTES + 13);
    // The whole structure, byte for byte.
    expect(Buffer.from(s).toString('hex')).toBe('1e0f82080008060201090400000000' + '0d000000' + '0020008008ffffffffffffffff');
    expect(existsSync(READER_H)).toBe(true);
  });

  it('finds the reader’s VERIFY_PIN_DIRECT code, or none when the reader answers with an error, nothing, garbage or not in time; sends the structure to that code', async () => {
    const sent: Array<[number, string]> = [];
    const reader = (answer: (code: number) => Promise<Buffer>): ControlChannel => ({
      control: (code, data) => {
        sent.push([code, data ? data.toString('hex') : '']);
        return answer(code);
      },
    });
    const pinPad = reader(async (code) => (code === CM_IOCTL_GET_FEATURE_REQUEST ? Buffer.from('060442330006' + '0a044233000a', 'hex') : Buffer.from('9000', 'hex')));
    expect(await pinPadVerifyCode(pinPad, 1_000)).toBe(0x42330006);
    expect(sent).toEqual([[CM_IOCTL_GET_FEATURE_REQUEST, '']]);
    expect([...(await verifyPinOnReader(pinPad, 0x42330006))]).toEqual([0x90, 0x00]);
    expect(sent[1]).toEqual([0x42330006, Buffer.from(pinVerifyStructure()).toString('hex')]);

    expect(await pinPadVerifyCode(reader(async () => Promise.reject(new Error('SCardControl: Transaction failed'))), 1_000)).toBeUndefined();
    expect(await pinPadVerifyCode(reader(async () => Buffer.alloc(0)), 1_000)).toBeUndefined();
    expect(await pinPadVerifyCode(reader(async () => Buffer.from('0a044233000a', 'hex')), 1_000)).toBeUndefined();
    expect(await pinPadVerifyCode(reader(async () => Buffer.from('0604', 'hex')), 1_000)).toBeUndefined();
    const started = Date.now();
    expect(await pinPadVerifyCode(reader(() => new Promise<Buffer>(() => undefined)), 50)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
