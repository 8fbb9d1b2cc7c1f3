import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { p256 } from '@noble/curves/p256';
import { parseAtr } from './atr';
import { hex, sw } from './bytes';
import { encodeFascn, type FascnFields } from './fasc-n';
import { cardAuthenticationCertificate, cardCapabilityContainer, certificateContainer, discoveryObject, keyHistoryObject, securityObject } from './piv-objects';
import type { CardBehaviour } from './vpcd-card';

/**
 * Card behaviours for the vpcd virtual card: a PIV card, a contactless (storage) card as a
 * PC/SC reader presents it, and a card nobody recognises. Each is a plain object answering
 * APDUs; `VpcdCard` (vpcd-card.ts) puts one in a reader.
 */

/**
 * ATRs, all checked by `parseAtr` (structure and TCK) when a card is made.
 * - piv: Oberthur Cosmo v7 with the PIV applet (pcsc-tools' smartcard_list.txt); T=1,
 *   historical bytes carry the PIV AID. (3B 8C 80 01 80 31 80 65 B0 85 03 00 EF 12 0F FF
 *   82 90 00 is malformed: T0=8C announces 12 historical bytes and 15 follow.)
 * - contactless: a MIFARE Classic 1K as a PC/SC 2.01 part 3 reader builds it
 *   (RID A0 00 00 03 06, standard 03 = ISO 14443 A part 3, card name 00 01).
 * - unknown: made up for these tests, T=1 with ASCII historical bytes "UNKNOWN-1".
 */
export const ATRS = {
  piv: hex('3B DB 96 00 81 B1 FE 45 1F 83 80 F9 A0 00 00 03 08 00 00 10 00 98'),
  contactless: hex('3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A'),
  unknown: hex('3B D9 96 00 81 31 FE 45 55 4E 4B 4E 4F 57 4E 2D 31 10'),
} as const;

/** The full PIV application identifier (NIST SP 800-73-4 part 1 §2.2); SELECT may give a prefix of it. */
export const PIV_AID = hex('A0 00 00 03 08 00 00 10 00 01 00');

export const SW = {
  OK: 0x9000,
  WRONG_LENGTH: 0x6700,
  SECURITY_NOT_SATISFIED: 0x6982,
  PIN_BLOCKED: 0x6983,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  WRONG_DATA: 0x6a80,
  FUNCTION_NOT_SUPPORTED: 0x6a81,
  NOT_FOUND: 0x6a82,
  INCORRECT_P1P2: 0x6a86,
  REFERENCE_NOT_FOUND: 0x6a88,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
} as const;

/** A command APDU split into its parts (ISO/IEC 7816-4 §5.1, cases 1–4, short or extended length). */
export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data: Buffer;
  /** Expected response length; 256 for a short Le = 00, 65536 for an extended Le = 00 00; null when absent. */
  le: number | null;
  /** Whether Lc/Le were in the extended form (3 or 2 bytes). */
  extended: boolean;
}

/**
 * null for anything that is not a well-formed APDU. Extended length (7816-4 §5.1): a 00
 * byte after the header, then Lc on 2 bytes (cases 3E, 4E) or Le on 2 bytes (case 2E);
 * case 4E ends with a 2-byte Le.
 */
export function parseCommandApdu(apdu: Buffer): CommandApdu | null {
  if (apdu.length < 4) return null;
  const [cla, ins, p1, p2] = [apdu[0]!, apdu[1]!, apdu[2]!, apdu[3]!];
  const none = Buffer.alloc(0);
  if (apdu.length === 4) return { cla, ins, p1, p2, data: none, le: null, extended: false };
  const p3 = apdu[4]!;
  if (apdu.length === 5) return { cla, ins, p1, p2, data: none, le: p3 === 0 ? 256 : p3, extended: false };
  if (p3 === 0 && apdu.length >= 7) {
    const n = apdu.readUInt16BE(5);
    const extendedLe = (at: number): number => apdu.readUInt16BE(at) || 65536;
    if (apdu.length === 7) return { cla, ins, p1, p2, data: none, le: extendedLe(5), extended: true }; // case 2E
    if (n === 0) return null;
    const data = apdu.subarray(7, 7 + n);
    if (apdu.length === 7 + n) return { cla, ins, p1, p2, data, le: null, extended: true }; // case 3E
    if (apdu.length === 9 + n) return { cla, ins, p1, p2, data, le: extendedLe(7 + n), extended: true }; // case 4E
    return null;
  }
  if (p3 === 0) return null;
  const data = apdu.subarray(5, 5 + p3);
  if (apdu.length === 5 + p3) return { cla, ins, p1, p2, data, le: null, extended: false };
  if (apdu.length === 6 + p3) {
    const le = apdu[5 + p3]!;
    return { cla, ins, p1, p2, data, le: le === 0 ? 256 : le, extended: false };
  }
  return null;
}

/** BER-TLV with definite length (1, 2 or 3 length bytes). */
export function tlv(tag: Buffer | number, value: Buffer): Buffer {
  const tagBytes = typeof tag === 'number' ? Buffer.from([tag]) : tag;
  const n = value.length;
  const length = n < 0x80 ? Buffer.from([n]) : n <= 0xff ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([tagBytes, length, value]);
}

function checkedAtr(atr: Buffer): Buffer {
  parseAtr(atr);
  return atr;
}

// ---------------------------------------------------------------------------- PIV

export interface PivCardOptions {
  atr?: Buffer;
  /** 6–8 digits. Default 123456. */
  pin?: string;
  /** Wrong PINs allowed before the PIN blocks. Default 3. */
  pinTries?: number;
  /**
   * Digits only. Becomes the FASC-N credential number (last 6 digits, zero-padded) and
   * seeds the default GUID, so two cards with different serials differ everywhere.
   * Default "000001".
   */
  serial?: string;
  /** Overrides single FASC-N fields; the rest default as documented at `DEFAULT_FASCN`. */
  fascn?: Partial<FascnFields>;
  /** 16 bytes. Default: the first 16 bytes of SHA-256("virtual-piv:" + serial). */
  guid?: Buffer;
  /** CHUID expiration date, YYYYMMDD. Default 20301231. */
  expires?: string;
  /**
   * More data objects for GET DATA, by tag in hex ("5FC105") → the object's contents (the
   * card wraps them in tag 53). Used to exercise responses longer than 256 bytes.
   */
  objects?: Record<string, Buffer>;
  /**
   * Makes this an operator's card: GET DATA 5FC105 gives the certificate (PIV
   * Authentication, key 9A) and GENERAL AUTHENTICATE signs with its ECC P-256 key once the
   * PIN is verified. Without it the card has neither, as before.
   */
  operator?: PivOperatorKey;
}

export interface PivOperatorKey {
  certificateDer: Buffer;
  /** The raw 32-byte P-256 private scalar, or give `privateKey`. */
  privateKeyScalar?: Uint8Array;
  /** A Node P-256 private key, used when no scalar is given. */
  privateKey?: KeyObject;
  /** CertInfo byte (tag 71). Default 00: uncompressed; 01 says gzip-compressed (for refusal tests). */
  certInfo?: number;
}

/**
 * FASC-N fields used unless `fascn`/`serial` say otherwise: agency 9999 and system 9999
 * (the values non-federal issuers use), credential series 0, issue 1, person identifier
 * 0000000000, organisational category 3 (commercial), organisation 0000, association 1.
 */
export const DEFAULT_FASCN: FascnFields = {
  agencyCode: '9999',
  systemCode: '9999',
  credentialNumber: '000001',
  credentialSeries: '0',
  individualCredentialIssue: '1',
  personIdentifier: '0000000000',
  organizationalCategory: '3',
  organizationalIdentifier: '0000',
  personOrganizationAssociation: '1',
};

export interface PivCard extends CardBehaviour {
  respond(command: Buffer): Buffer;
  readonly kind: 'PIV';
  readonly serial: string;
  readonly fascnFields: FascnFields;
  /** 25 bytes. */
  readonly fascn: Buffer;
  readonly guid: Buffer;
  readonly expires: string;
  /** The whole CHUID object as GET DATA returns it (tag 53 …), without the status word. */
  readonly chuid: Buffer;
  /** Every data object by tag in hex ("5FC102", "7E", …) as GET DATA returns it, without the status word. */
  readonly objects: ReadonlyMap<string, Buffer>;
  /** The Card Authentication certificate (5FC101, key 9E), DER. */
  readonly cardAuthenticationCertificate: Buffer;
  readonly pinTriesLeft: number;
  readonly pinBlocked: boolean;
  readonly pinVerified: boolean;
  readonly selected: boolean;
  /** GENERAL AUTHENTICATE signatures the card has made (0 for a card without `operator`). */
  readonly signatures: number;
}

/**
 * A PIV card (NIST SP 800-73-4): SELECT of the PIV application, GET DATA of the CHUID
 * (and any extra objects), VERIFY of the PIV application PIN (reference 80) with a retry
 * counter, and GET RESPONSE for answers longer than Le. GET DATA before SELECT is refused
 * with 6985 so a reader that skips SELECT is caught. The retry counter and block survive
 * resets and re-insertions of the same object, as on a real card; "PIN verified" does not
 * (it does survive a re-SELECT). Besides the CHUID it holds the other mandatory objects of
 * SP 800-73-4 part 1 Table 3 (CCC, Discovery Object, Card Authentication certificate with
 * its key 9E, Security Object: piv-objects.ts) and takes extended-length APDUs.
 */
export function pivCard(options: PivCardOptions = {}): PivCard {
  const atr = checkedAtr(options.atr ?? ATRS.piv);
  const pin = options.pin ?? '123456';
  if (!/^\d{6,8}$/.test(pin)) throw new Error('PIV PIN must be 6 to 8 digits');
  const maxTries = options.pinTries ?? 3;
  const serial = options.serial ?? '000001';
  if (!/^\d+$/.test(serial)) throw new Error(`serial must be digits, got ${JSON.stringify(serial)}`);
  const fascnFields: FascnFields = { ...DEFAULT_FASCN, credentialNumber: serial.slice(-6).padStart(6, '0'), ...options.fascn };
  const fascn = encodeFascn(fascnFields);
  const guid = options.guid ?? createHash('sha256').update(`virtual-piv:${serial}`).digest().subarray(0, 16);
  if (guid.length !== 16) throw new Error('GUID must be 16 bytes');
  const expires = options.expires ?? '20301231';
  if (!/^\d{8}$/.test(expires)) throw new Error('expires must be YYYYMMDD');

  const chuid = tlv(
    0x53,
    Buffer.concat([
      tlv(0x30, fascn),
      tlv(0x34, guid),
      tlv(0x35, Buffer.from(expires, 'ascii')),
      tlv(0x3e, Buffer.alloc(0)), // issuer signature: empty, this card is not signed
      tlv(0xfe, Buffer.alloc(0)), // error detection code: always empty in PIV
    ]),
  );
  // The mandatory objects of SP 800-73-4 part 1 Table 3 (piv-objects.ts). The Card
  // Authentication key (9E) is the card's own, made with it; no PIN guards it.
  const cardAuthKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const cardAuthScalar = operatorKeyScalar({ certificateDer: Buffer.alloc(0), privateKey: cardAuthKey.privateKey });
  const cakCertificate = cardAuthenticationCertificate({
    fascn,
    guid,
    publicKey: cardAuthKey.publicKey,
    serial,
    expires: new Date(`${expires.slice(0, 4)}-${expires.slice(4, 6)}-${expires.slice(6, 8)}T23:59:59Z`),
  });
  const objects = new Map<string, Buffer>([
    ['5FC107', tlv(0x53, cardCapabilityContainer(createHash('sha256').update(`virtual-piv-ccc:${serial}`).digest().subarray(0, 14)))],
    ['5FC102', chuid],
    ['5FC101', tlv(0x53, certificateContainer(cakCertificate))],
    ['7E', discoveryObject(PIV_AID)],
    ['5FC10C', tlv(0x53, keyHistoryObject())],
  ]);
  for (const [tag, contents] of Object.entries(options.objects ?? {})) objects.set(tag.toUpperCase(), tlv(0x53, contents));
  const operatorScalar = options.operator ? operatorKeyScalar(options.operator) : null;
  if (options.operator) {
    // X.509 Certificate for PIV Authentication (SP 800-73-4 part 1 Table 10).
    objects.set('5FC105', tlv(0x53, certificateContainer(options.operator.certificateDer, options.operator.certInfo ?? 0x00)));
  }
  // Security Object last: it signs the hash of the CHUID's contents (DG 1 → container 3000).
  objects.set('5FC106', tlv(0x53, securityObject([{ dataGroup: 1, containerId: 0x3000, contents: chuid.subarray(2) }])));

  // Application property template returned by SELECT (SP 800-73-4 part 2 §3.1.1).
  const applicationProperties = tlv(
    0x61,
    Buffer.concat([
      tlv(0x4f, hex('00 00 10 00 01 00')),
      tlv(0x79, tlv(0x4f, hex('A0 00 00 03 08'))),
      tlv(0x50, Buffer.from('Virtual PIV', 'ascii')),
    ]),
  );
  const paddedPin = Buffer.alloc(8, 0xff);
  paddedPin.write(pin, 'ascii');

  let triesLeft = maxTries;
  let verified = false;
  let selected = false;
  let pendingResponse: Buffer | null = null;
  let signatures = 0;

  /** Data with 9000, or the first `le` bytes with 61xx and the rest kept for GET RESPONSE. */
  const answer = (data: Buffer, le: number | null): Buffer => {
    const max = le ?? 256; // an extended Le (up to 65536) takes the whole answer at once
    if (data.length <= max) return Buffer.concat([data, sw(SW.OK)]);
    pendingResponse = data.subarray(max);
    return Buffer.concat([data.subarray(0, max), sw(0x6100 | (Math.min(pendingResponse.length, 256) & 0xff))]);
  };
  const status = (value: number): Buffer => sw(value);

  const verify = (apdu: CommandApdu): Buffer => {
    if (apdu.p1 === 0xff && apdu.data.length === 0) {
      verified = false; // "reset security status" (SP 800-73-4 part 2 §3.2.1)
      return status(SW.OK);
    }
    if (apdu.p1 !== 0x00) return status(SW.INCORRECT_P1P2);
    if (apdu.p2 !== 0x80) return status(SW.REFERENCE_NOT_FOUND);
    if (apdu.data.length === 0) {
      if (triesLeft === 0) return status(SW.PIN_BLOCKED);
      return status(verified ? SW.OK : 0x63c0 | triesLeft);
    }
    if (triesLeft === 0) return status(SW.PIN_BLOCKED);
    if (apdu.data.length !== 8) return status(SW.WRONG_LENGTH);
    if (!/^\d{6,8}\xff{0,2}$/.test(apdu.data.toString('latin1'))) return status(SW.WRONG_DATA);
    if (apdu.data.equals(paddedPin)) {
      triesLeft = maxTries;
      verified = true;
      return status(SW.OK);
    }
    triesLeft -= 1;
    verified = false;
    return status(0x63c0 | triesLeft);
  };

  const getData = (apdu: CommandApdu): Buffer => {
    if (apdu.p1 !== 0x3f || apdu.p2 !== 0xff) return status(SW.INCORRECT_P1P2);
    if (!selected) return status(SW.CONDITIONS_NOT_SATISFIED);
    const d = apdu.data;
    if (d.length < 2 || d[0] !== 0x5c || d[1] !== d.length - 2) return status(SW.WRONG_DATA);
    const object = objects.get(d.subarray(2).toString('hex').toUpperCase());
    return object ? answer(object, apdu.le) : status(SW.NOT_FOUND);
  };

  /**
   * GENERAL AUTHENTICATE, algorithm 11 (SP 800-73-4 part 2 §3.2.4), with key 9A (operator
   * cards; PIN required) or 9E (Card Authentication, every card; no PIN, part 1 §3.2.1):
   * template 7C { 82 00, 81 <32-byte digest> } → 7C { 82 <DER ECDSA signature> }. The card
   * signs the digest as given (no hashing of its own), as a real PIV card does.
   */
  const generalAuthenticate = (apdu: CommandApdu): Buffer => {
    if (!selected) return status(SW.CONDITIONS_NOT_SATISFIED);
    const scalar = apdu.p1 !== 0x11 ? null : apdu.p2 === 0x9a ? operatorScalar : apdu.p2 === 0x9e ? cardAuthScalar : null;
    if (!scalar) return status(SW.INCORRECT_P1P2);
    if (apdu.p2 === 0x9a && !verified) return status(SW.SECURITY_NOT_SATISFIED);
    const digest = authenticationDigest(apdu.data);
    if (!digest) return status(SW.WRONG_DATA);
    const signature = Buffer.from(p256.sign(digest, scalar, { prehash: false }).toDERRawBytes());
    signatures += 1;
    return answer(tlv(0x7c, tlv(0x82, signature)), apdu.le);
  };

  const card: PivCard = {
    kind: 'PIV',
    atr,
    serial,
    fascnFields,
    fascn,
    guid,
    expires,
    chuid,
    objects,
    cardAuthenticationCertificate: cakCertificate,
    get pinTriesLeft() {
      return triesLeft;
    },
    get pinBlocked() {
      return triesLeft === 0;
    },
    get pinVerified() {
      return verified;
    },
    get selected() {
      return selected;
    },
    get signatures() {
      return signatures;
    },
    reset() {
      verified = false;
      selected = false;
      pendingResponse = null;
    },
    respond(command) {
      const apdu = parseCommandApdu(command);
      if (!apdu) return status(SW.WRONG_LENGTH);
      if (apdu.cla !== 0x00) return status(SW.CLA_NOT_SUPPORTED);
      const pending = pendingResponse;
      pendingResponse = null;
      switch (apdu.ins) {
        case 0xc0: // GET RESPONSE
          if (!pending) return status(SW.CONDITIONS_NOT_SATISFIED);
          return answer(pending, apdu.le);
        case 0xa4: // SELECT
          if (apdu.p1 !== 0x04) return status(SW.INCORRECT_P1P2);
          if (apdu.data.length >= 5 && PIV_AID.subarray(0, apdu.data.length).equals(apdu.data)) {
            // A verified PIN survives a re-SELECT of the PIV application, as on real
            // applets (only a reset, power-off or VERIFY FF 80 clears it).
            selected = true;
            return answer(applicationProperties, apdu.le);
          }
          return status(SW.NOT_FOUND);
        case 0xcb:
          return getData(apdu);
        case 0x20:
          return verify(apdu);
        case 0x87: // GENERAL AUTHENTICATE: 9E on every card, 9A on operator cards
          return generalAuthenticate(apdu);
        default:
          return status(SW.INS_NOT_SUPPORTED);
      }
    },
  };
  return card;
}

function operatorKeyScalar(operator: PivOperatorKey): Uint8Array {
  if (operator.privateKeyScalar) {
    if (operator.privateKeyScalar.length !== 32) throw new Error('operator privateKeyScalar must be 32 bytes (P-256)');
    return Uint8Array.from(operator.privateKeyScalar);
  }
  if (!operator.privateKey) throw new Error('operator needs privateKeyScalar or privateKey');
  const jwk = operator.privateKey.export({ format: 'jwk' });
  if (jwk.crv !== 'P-256' || !jwk.d) throw new Error('operator privateKey must be an EC P-256 private key');
  return Buffer.from(jwk.d, 'base64url');
}

/** The 32-byte digest from 7C L { 82 00, 81 20 <digest> } (in either order), or null. */
function authenticationDigest(data: Buffer): Buffer | null {
  const template = readTlvs(data);
  if (!template || template.length !== 1 || template[0]!.tag !== 0x7c) return null;
  const inner = readTlvs(template[0]!.value);
  if (!inner || inner.length !== 2) return null;
  const response = inner.find((t) => t.tag === 0x82);
  const challenge = inner.find((t) => t.tag === 0x81);
  if (!response || response.value.length !== 0 || !challenge || challenge.value.length !== 32) return null;
  return challenge.value;
}

/** Single-byte tags with definite lengths (all GENERAL AUTHENTICATE uses); null when malformed. */
function readTlvs(data: Buffer): { tag: number; value: Buffer }[] | null {
  const out: { tag: number; value: Buffer }[] = [];
  let i = 0;
  while (i < data.length) {
    if (i + 2 > data.length) return null;
    const tag = data[i]!;
    let length = data[i + 1]!;
    i += 2;
    if (length === 0x81) {
      if (i >= data.length) return null;
      length = data[i]!;
      i += 1;
    } else if (length > 0x80) return null;
    if (i + length > data.length) return null;
    out.push({ tag, value: data.subarray(i, i + length) });
    i += length;
  }
  return out;
}

// ---------------------------------------------------------------------------- contactless

export interface ContactlessCardOptions {
  /** 4, 7 or 10 bytes (single, double, triple size ISO 14443-3 UID), as bytes or hex. */
  uid: Buffer | string;
  atr?: Buffer;
}

export interface ContactlessCard extends CardBehaviour {
  readonly kind: 'contactless';
  respond(command: Buffer): Buffer;
  readonly uid: Buffer;
}

/**
 * A contactless card behind a PC/SC reader: only the reader's own pseudo-APDU GET DATA
 * (FF CA 00 00 Le, PC/SC part 3 §3.2.2.1.3) answers, with the UID; everything else is 6D00,
 * as from a MIFARE Classic that speaks no ISO 7816-4.
 */
export function contactlessCard(options: ContactlessCardOptions): ContactlessCard {
  const uid = typeof options.uid === 'string' ? hex(options.uid) : options.uid;
  if (![4, 7, 10].includes(uid.length)) throw new Error(`UID must be 4, 7 or 10 bytes, got ${uid.length}`);
  const atr = checkedAtr(options.atr ?? ATRS.contactless);
  return {
    kind: 'contactless',
    atr,
    uid,
    reset() {},
    respond(command) {
      const apdu = parseCommandApdu(command);
      if (!apdu || apdu.cla !== 0xff || apdu.ins !== 0xca || apdu.p1 !== 0x00 || apdu.p2 !== 0x00) return sw(SW.INS_NOT_SUPPORTED);
      if (apdu.le !== null && apdu.le < uid.length) return sw(0x6c00 | uid.length); // wrong Le: here is the right one
      return Buffer.concat([uid, sw(SW.OK)]);
    },
  };
}

// ---------------------------------------------------------------------------- unknown

/** A card with an ATR nobody knows that refuses every command with 6D00. */
export function unknownCard(options: { atr?: Buffer } = {}): CardBehaviour {
  const atr = checkedAtr(options.atr ?? ATRS.unknown);
  return {
    kind: 'unknown',
    atr,
    reset() {},
    respond: () => sw(SW.INS_NOT_SUPPORTED),
  };
}

// ---------------------------------------------------------------------------- misbehaving and T=0 cards

/**
 * The card answers through the T=0 transport as a real T=0 card does (ISO/IEC 7816-3
 * §12.2, 7816-4 §5.3.4): a command with data and Le (case 4) gets `61 xx` and its answer
 * comes with GET RESPONSE (00 C0 00 00 Le); a command with only Le (case 2) whose Le is not
 * the answer's length gets `6C xx`.
 */
export function t0Transport(base: CardBehaviour, options: { atr?: Buffer } = {}): CardBehaviour {
  let pending: Buffer | null = null;
  let pendingSw = Buffer.from([0x90, 0x00]);
  const more = (): Buffer => {
    if (!pending || pending.length === 0) {
      pending = null;
      return pendingSw;
    }
    return sw(0x6100 | (pending.length >= 256 ? 0 : pending.length));
  };
  return {
    kind: `${base.kind} (T=0)`,
    atr: checkedAtr(options.atr ?? base.atr),
    reset() {
      pending = null;
      base.reset();
    },
    respond(command) {
      const apdu = parseCommandApdu(command);
      if (apdu && apdu.ins === 0xc0 && pending) {
        const n = Math.min(apdu.le ?? 256, pending.length);
        const out = pending.subarray(0, n);
        pending = pending.subarray(n);
        return Buffer.concat([out, more()]);
      }
      pending = null;
      const answer = base.respond(command);
      if (answer instanceof Promise) return answer;
      const data = answer.subarray(0, answer.length - 2);
      if (apdu && apdu.data.length > 0 && apdu.le !== null && data.length > 0) {
        pending = Buffer.from(data);
        pendingSw = Buffer.from(answer.subarray(answer.length - 2));
        return more();
      }
      if (apdu && apdu.data.length === 0 && apdu.le !== null && apdu.le !== 256 && data.length > 0 && data.length < 256 && apdu.le !== data.length) {
        return sw(0x6c00 | data.length);
      }
      return answer;
    },
  };
}

/** How a misbehaving card goes wrong. */
export type Misbehaviour =
  /** Every command gets `61 10`, and so does every GET RESPONSE, with 16 bytes, for ever. */
  | { kind: 'endless-more-data' }
  /** Every command gets `6C 10` whatever its Le, for ever. */
  | { kind: 'endless-wrong-le' }
  /** Every answer comes after `ms` milliseconds. */
  | { kind: 'slow'; ms: number };

/** `base` with its ATR, misbehaving as told (issue 14: cards that hang a station with no limits). */
export function misbehavingCard(base: CardBehaviour, how: Misbehaviour): CardBehaviour {
  return {
    kind: `${base.kind} (${how.kind})`,
    atr: base.atr,
    reset: () => base.reset(),
    respond(command) {
      if (how.kind === 'endless-more-data') return Buffer.concat([command[1] === 0xc0 ? Buffer.alloc(16, 0xa5) : Buffer.alloc(0), sw(0x6110)]);
      if (how.kind === 'endless-wrong-le') return sw(0x6c10);
      const answer = base.respond(command);
      return new Promise<Buffer>((resolve) => setTimeout(() => void Promise.resolve(answer).then(resolve), how.ms));
    },
  };
}

// ---------------------------------------------------------------------------- APDUs the tests send

export const APDU = {
  /** SELECT the PIV application by its 9-byte prefix, Le 00. */
  selectPiv: hex('00 A4 04 00 09 A0 00 00 03 08 00 00 10 00 00'),
  /** GET DATA of the CHUID (tag 5FC102), Le 00. */
  getChuid: hex('00 CB 3F FF 05 5C 03 5F C1 02 00'),
  /** GET DATA of any object by its tag, e.g. "5FC105". */
  getData: (tagHex: string): Buffer => {
    const tag = hex(tagHex);
    return Buffer.concat([hex('00 CB 3F FF'), Buffer.from([tag.length + 2, 0x5c, tag.length]), tag, Buffer.from([0x00])]);
  },
  getResponse: (le: number): Buffer => Buffer.from([0x00, 0xc0, 0x00, 0x00, le & 0xff]),
  /** VERIFY the PIV application PIN (reference 80), padded with FF to 8 bytes. */
  verifyPin: (pin: string): Buffer => {
    const padded = Buffer.alloc(8, 0xff);
    padded.write(pin, 'ascii');
    return Buffer.concat([hex('00 20 00 80 08'), padded]);
  },
  /** VERIFY without data: asks for the retry counter (63Cx) or 9000 when already verified. */
  pinStatus: hex('00 20 00 80'),
  /** GENERAL AUTHENTICATE with key 9A, ECC P-256: template 7C { 82 00, 81 <digest> }, Le 00. */
  generalAuthenticate: (digest: Buffer, p1 = 0x11, p2 = 0x9a): Buffer => {
    const template = tlv(0x7c, Buffer.concat([tlv(0x82, Buffer.alloc(0)), tlv(0x81, digest)]));
    return Buffer.concat([Buffer.from([0x00, 0x87, p1, p2, template.length]), template, Buffer.from([0x00])]);
  },
  /** PC/SC part 3 GET DATA: the contactless UID. */
  getUid: hex('FF CA 00 00 00'),
} as const;
