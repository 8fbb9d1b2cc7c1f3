import { createHash, verify, X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { ContentInfo, SignedData } from '@peculiar/asn1-cms';
import { describe, expect, it } from 'vitest';
import { hex, toHex } from '../support/pcsc/bytes';
import { set } from '../support/pcsc/der';
import { virtualIssuer } from '../support/pcsc/piv-objects';
import { APDU, parseCommandApdu, PIV_AID, pivCard, SW } from '../support/pcsc/virtual-cards';

/**
 * The virtual PIV card's answers at the APDU level (issue 14, item 6): what a real PIV
 * card (NIST SP 800-73-4) does and the card did not — a verified PIN kept across a
 * re-SELECT, extended-length APDUs, and the mandatory data objects (CCC, Discovery
 * Object, Security Object, Card Authentication certificate with its key 9E). No pcscd here;
 * opensc-interop.test.ts reads the same card through the real stack.
 */

const swOf = (response: Buffer): number => response.readUInt16BE(response.length - 2);
const dataOf = (response: Buffer): Buffer => response.subarray(0, response.length - 2);

/** Top-level BER-TLVs (1–2 byte tags, 1–3 byte lengths) of a PIV container. */
function tlvs(data: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let i = 0;
  while (i < data.length) {
    let tagEnd = i + 1;
    if ((data[i]! & 0x1f) === 0x1f) while (data[tagEnd++]! & 0x80);
    const tag = data.subarray(i, tagEnd).toString('hex').toUpperCase();
    let length = data[tagEnd]!;
    let at = tagEnd + 1;
    if (length === 0x81) [length, at] = [data[at]!, at + 1];
    else if (length === 0x82) [length, at] = [data.readUInt16BE(at), at + 2];
    out.set(tag, data.subarray(at, at + length));
    i = at + length;
  }
  return out;
}

/** SELECT, then an extended GET DATA's answer (the whole object at once), its 53 wrapper taken off. */
function container(card: ReturnType<typeof pivCard>, tag: string): Map<string, Buffer> {
  expect(swOf(card.respond(APDU.selectPiv))).toBe(SW.OK);
  const response = card.respond(extendedGetData(tag));
  expect(swOf(response)).toBe(SW.OK);
  const outer = tlvs(dataOf(response));
  expect([...outer.keys()]).toEqual(['53']);
  return tlvs(outer.get('53')!);
}

/** GET DATA as a case 4E APDU (00 Lc Lc … Le Le = 00 00: up to 65536 bytes back at once). */
function extendedGetData(tagHex: string): Buffer {
  const tag = hex(tagHex);
  const data = Buffer.concat([Buffer.from([0x5c, tag.length]), tag]);
  return Buffer.concat([hex('00 CB 3F FF 00'), Buffer.from([0, data.length]), data, hex('00 00')]);
}

describe('virtual PIV card (SP 800-73-4 behaviour)', () => {
  it('keeps a verified PIN across a re-SELECT of the PIV application; a reset or VERIFY FF 80 clears it', () => {
    const card = pivCard();
    card.reset();
    card.respond(APDU.selectPiv);
    expect(swOf(card.respond(APDU.verifyPin('123456')))).toBe(SW.OK);
    expect(swOf(card.respond(APDU.selectPiv))).toBe(SW.OK);
    expect(card.pinVerified).toBe(true);
    expect(swOf(card.respond(APDU.pinStatus))).toBe(SW.OK);
    // A SELECT of another application fails and leaves the PIV application and its PIN as they were.
    expect(swOf(card.respond(hex('00 A4 04 00 07 A0 00 00 00 03 10 10 00')))).toBe(SW.NOT_FOUND);
    expect(swOf(card.respond(APDU.pinStatus))).toBe(SW.OK);
    expect(swOf(card.respond(hex('00 20 FF 80')))).toBe(SW.OK);
    expect(swOf(card.respond(APDU.pinStatus))).toBe(0x63c3);
    card.respond(APDU.verifyPin('123456'));
    card.reset();
    card.respond(APDU.selectPiv);
    expect(swOf(card.respond(APDU.pinStatus))).toBe(0x63c3);
  });

  it('parses extended-length APDUs (cases 2E, 3E, 4E) and refuses malformed ones', () => {
    expect(parseCommandApdu(hex('00 CB 3F FF 00 01 00'))).toMatchObject({ le: 256, extended: true, data: Buffer.alloc(0) });
    expect(parseCommandApdu(hex('00 CB 3F FF 00 00 00'))).toMatchObject({ le: 65536, extended: true });
    expect(parseCommandApdu(hex('00 20 00 80 00 00 02 31 32'))).toMatchObject({ le: null, extended: true, data: hex('31 32') });
    expect(parseCommandApdu(extendedGetData('5FC102'))).toMatchObject({ le: 65536, extended: true, data: hex('5C 03 5F C1 02') });
    expect(parseCommandApdu(hex('00 CB 3F FF 00 00 05 5C 03 5F C1'))).toBeNull(); // Lc says 5, 4 follow
    expect(parseCommandApdu(hex('00 CB 3F FF 05 5C 03 5F C1 02 00'))).toMatchObject({ le: 256, extended: false });
  });

  it('answers an extended GET DATA with the whole object at once, and an extended VERIFY', () => {
    const card = pivCard({ objects: { '5FC105': Buffer.alloc(1500, 0xab) } });
    card.reset();
    card.respond(APDU.selectPiv);
    const whole = card.respond(extendedGetData('5FC105'));
    expect(swOf(whole)).toBe(SW.OK);
    expect(toHex(whole.subarray(0, 4))).toBe('53 82 05 DC');
    expect(whole.length).toBe(4 + 1500 + 2);
    // Extended Le smaller than the object: the first Le bytes and 61xx, as with a short Le.
    const part = card.respond(Buffer.concat([extendedGetData('5FC105').subarray(0, -2), hex('01 00')]));
    expect(part.length).toBe(256 + 2);
    expect(part[256]).toBe(0x61);
    const pin = Buffer.alloc(8, 0xff);
    pin.write('123456', 'ascii');
    expect(swOf(card.respond(Buffer.concat([hex('00 20 00 80 00 00 08'), pin])))).toBe(SW.OK);
    expect(card.pinVerified).toBe(true);
  });

  it('holds the Card Capability Container (5FC107) as part 1 Table 8 lays it out', () => {
    const card = pivCard({ serial: '4242' });
    card.reset();
    card.respond(APDU.selectPiv);
    const ccc = container(card, '5FC107');
    expect([...ccc.keys()]).toEqual(['F0', 'F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'FA', 'FB', 'FC', 'FD', 'FE']);
    const cardId = ccc.get('F0')!;
    expect(cardId.length).toBe(21);
    expect(toHex(cardId.subarray(0, 5))).toBe('A0 00 00 01 16'); // GSC-RID
    expect(toHex(ccc.get('F1')!)).toBe('21');
    expect(toHex(ccc.get('F2')!)).toBe('21');
    expect(toHex(ccc.get('F5')!)).toBe('10');
    expect(cardId).not.toEqual(container(pivCard({ serial: '4343' }), '5FC107').get('F0')); // per card
  });

  it('holds the Discovery Object (7E, not wrapped in 53): the PIV AID and PIN usage policy 40 00', () => {
    const card = pivCard();
    card.reset();
    card.respond(APDU.selectPiv);
    const response = card.respond(hex('00 CB 3F FF 03 5C 01 7E 00'));
    expect(swOf(response)).toBe(SW.OK);
    expect(toHex(dataOf(response))).toBe(`7E 12 4F 0B ${toHex(PIV_AID)} 5F 2F 02 40 00`);
  });

  it('holds a Key History Object (5FC10C) with no retired keys, as OpenSC asks for it', () => {
    const history = container(pivCard(), '5FC10C');
    expect([...history.keys()]).toEqual(['C1', 'C2', 'FE']);
    expect(toHex(history.get('C1')!)).toBe('00');
    expect(toHex(history.get('C2')!)).toBe('00');
  });

  it('holds a Card Authentication certificate (5FC101) and signs with key 9E without the PIN', () => {
    const card = pivCard({ serial: '4242' });
    card.reset();
    card.respond(APDU.selectPiv);
    const object = container(card, '5FC101');
    expect([...object.keys()]).toEqual(['70', '71', 'FE']);
    expect(toHex(object.get('71')!)).toBe('00');
    const certificate = new X509Certificate(object.get('70')!);
    expect(certificate.subject).toMatch(/CN=Card Authentication/);
    expect(certificate.verify(new X509Certificate(virtualIssuer().certificateDer).publicKey)).toBe(true);
    const g = card.guid.toString('hex');
    expect(certificate.subjectAltName).toContain(`URI:urn:uuid:${g.slice(0, 8)}-${g.slice(8, 12)}-${g.slice(12, 16)}-${g.slice(16, 20)}-${g.slice(20)}`);
    expect(certificate.toLegacyObject().ext_key_usage).toEqual(['2.16.840.1.101.3.6.8']); // id-PIV-cardAuth
    // The FASC-N is in the subjectAltName's otherName pivFASC-N: 04 19 <25 bytes>.
    expect(object.get('70')!.includes(Buffer.concat([hex('04 19'), card.fascn]))).toBe(true);

    const digest = createHash('sha256').update('door challenge').digest();
    expect(card.pinVerified).toBe(false);
    const answer = card.respond(APDU.generalAuthenticate(digest, 0x11, 0x9e));
    expect(swOf(answer)).toBe(SW.OK);
    const signature = tlvs(tlvs(dataOf(answer)).get('7C')!).get('82')!;
    // The card signs the digest as given, so the signature verifies over the message.
    expect(verify('sha256', Buffer.from('door challenge'), certificate.publicKey, signature)).toBe(true);
    // Key 9A on a card that is not an operator's: no such key.
    expect(swOf(card.respond(APDU.generalAuthenticate(digest)))).toBe(SW.INCORRECT_P1P2);
    expect(card.signatures).toBe(1);
  });

  it('holds a Security Object (5FC106): DG 1 → CHUID, a CMS SignedData with the CHUID hash, signed by the issuer', () => {
    const card = pivCard();
    card.reset();
    card.respond(APDU.selectPiv);
    const object = container(card, '5FC106');
    expect([...object.keys()]).toEqual(['BA', 'BB', 'FE']);
    expect(toHex(object.get('BA')!)).toBe('01 30 00');
    const contentInfo = AsnConvert.parse(object.get('BB')!, ContentInfo);
    expect(contentInfo.contentType).toBe('1.2.840.113549.1.7.2');
    const signedData = AsnConvert.parse(contentInfo.content, SignedData);
    expect(signedData.encapContentInfo.eContentType).toBe('2.23.136.1.1.1'); // id-icao-ldsSecurityObject
    const lds = Buffer.from(signedData.encapContentInfo.eContent!.single!.buffer);
    // LDSSecurityObject { 0, sha256, { { 1, SHA-256(CHUID contents) } } }
    const chuidHash = createHash('sha256').update(card.chuid.subarray(2)).digest();
    expect(lds.includes(Buffer.concat([hex('30 25 02 01 01 04 20'), chuidHash]))).toBe(true);
    const signer = signedData.signerInfos[0]!;
    // Signed as a SET OF the attributes (RFC 5652 §5.4), not as their [0] IMPLICIT form.
    const attributes = set(...signer.signedAttrs!.map((a) => Buffer.from(AsnConvert.serialize(a))));
    const issuer = new X509Certificate(virtualIssuer().certificateDer);
    expect(verify('sha256', attributes, issuer.publicKey, Buffer.from(signer.signature.buffer))).toBe(true);
    const digestAttribute = signer.signedAttrs!.find((a) => a.attrType === '1.2.840.113549.1.9.4')!;
    expect(Buffer.from(digestAttribute.attrValues[0]!).subarray(2)).toEqual(createHash('sha256').update(lds).digest());
  });
});
