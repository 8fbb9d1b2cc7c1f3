import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { hex } from './bytes';
import { bits, bool, explicit, implicit, int, name, octets, oid, OID, seq, set, time } from './der';

/**
 * The mandatory PIV data objects of NIST SP 800-73-4 part 1 (Table 3) that the virtual card
 * holds besides the CHUID and the PIV Authentication certificate: the Card Capability
 * Container, the Discovery Object, the Card Authentication certificate and the Security
 * Object, encoded as the tables of part 1 §3 say. Each function returns the object's
 * contents (what goes inside tag 53), except `discoveryObject`, which is its own
 * `7E` template (part 1 §3.3.2: it is not wrapped in 53).
 */

/** BER-TLV with 1-byte or 2-byte tags and definite length, for the PIV containers. */
export function pivTlv(tag: number | Buffer, value: Buffer): Buffer {
  const tagBytes = typeof tag === 'number' ? Buffer.from([tag]) : tag;
  const n = value.length;
  const length = n < 0x80 ? Buffer.from([n]) : n <= 0xff ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([tagBytes, length, value]);
}

/**
 * Card Capability Container, 5FC107 (part 1 Table 8). Card Identifier F0 = GSC-RID
 * A0 00 00 01 16, manufacturer ID FF, card type 02 (Java Card), 14 bytes of card ID;
 * versions 21; no CardURL; PKCS#15 00; data model 10; the optional tuples empty.
 */
export function cardCapabilityContainer(cardId14: Buffer): Buffer {
  if (cardId14.length !== 14) throw new Error('CCC card identifier must be 14 bytes');
  const empty = Buffer.alloc(0);
  return Buffer.concat([
    pivTlv(0xf0, Buffer.concat([hex('A0 00 00 01 16'), Buffer.from([0xff, 0x02]), cardId14])),
    pivTlv(0xf1, Buffer.from([0x21])), // Capability Container version number
    pivTlv(0xf2, Buffer.from([0x21])), // Capability Grammar version number
    pivTlv(0xf3, empty), // Applications CardURL
    pivTlv(0xf4, Buffer.from([0x00])), // PKCS#15
    pivTlv(0xf5, Buffer.from([0x10])), // Registered Data Model number
    pivTlv(0xf6, empty), // Access Control Rule Table
    pivTlv(0xf7, empty), // Card APDUs
    pivTlv(0xfa, empty), // Redirection Tag
    pivTlv(0xfb, empty), // Capability Tuples
    pivTlv(0xfc, empty), // Status Tuples
    pivTlv(0xfd, empty), // Next CCC
    pivTlv(0xfe, empty), // Error Detection Code
  ]);
}

/**
 * Discovery Object, 7E (part 1 §3.3.2, Table 18): the full PIV AID and the PIN Usage
 * Policy 40 00 — only the PIV Card Application PIN satisfies the PIV access control rules
 * (no Global PIN, no pairing code, no VCI).
 */
export function discoveryObject(pivAid: Buffer): Buffer {
  return pivTlv(0x7e, Buffer.concat([pivTlv(0x4f, pivAid), pivTlv(hex('5F 2F'), hex('40 00'))]));
}

/**
 * Key History Object, 5FC10C (part 1 Table 19): no retired key management keys —
 * C1 keysWithOnCardCerts 00, C2 keysWithOffCardCerts 00 (so no F3 offCardCertURL), FE.
 */
export function keyHistoryObject(): Buffer {
  return Buffer.concat([pivTlv(0xc1, Buffer.from([0])), pivTlv(0xc2, Buffer.from([0])), pivTlv(0xfe, Buffer.alloc(0))]);
}

/** An X.509 certificate container's contents (part 1 Tables 10, 15): 70 certificate, 71 CertInfo, FE. */
export function certificateContainer(certificateDer: Buffer, certInfo = 0x00): Buffer {
  return Buffer.concat([pivTlv(0x70, certificateDer), pivTlv(0x71, Buffer.from([certInfo])), pivTlv(0xfe, Buffer.alloc(0))]);
}

// ---------------------------------------------------------------------------- the virtual issuer

interface Issuer {
  name: Buffer;
  privateKey: KeyObject;
  certificateDer: Buffer;
  keyId: Buffer;
}

let issuer: Issuer | undefined;

const algorithmEcdsaSha256 = (): Buffer => seq(oid(OID.ecdsaWithSha256));
const keyIdOf = (spki: Buffer): Buffer => createHash('sha1').update(spki).digest();

/** Builds and signs a v3 certificate (RFC 5280) with ECDSA P-256 / SHA-256. */
function certificate(options: { serial: Buffer; issuerName: Buffer; subjectName: Buffer; spki: Buffer; extensions: Buffer[]; signer: KeyObject; notAfter: Date }): Buffer {
  const tbs = seq(
    explicit(0, int(2)),
    int(options.serial),
    algorithmEcdsaSha256(),
    options.issuerName,
    seq(time(new Date(Date.UTC(2024, 0, 1))), time(options.notAfter)),
    options.subjectName,
    options.spki,
    explicit(3, seq(...options.extensions)),
  );
  return seq(tbs, algorithmEcdsaSha256(), bits(sign('sha256', tbs, options.signer)));
}

const extension = (id: string, critical: boolean, value: Buffer): Buffer => seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));

/**
 * "Virtual PIV Card Issuer": one self-signed P-256 CA per process, which signs every
 * virtual card's Card Authentication certificate and Security Object (as a real issuer's
 * content signer does). Made on first use.
 */
export function virtualIssuer(): Issuer {
  if (issuer) return issuer;
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const issuerName = name([
    [OID.organization, 'Enrollment Station Tests'],
    [OID.commonName, 'Virtual PIV Card Issuer'],
  ]);
  const keyId = keyIdOf(spki);
  const certificateDer = certificate({
    serial: Buffer.from([0x01]),
    issuerName,
    subjectName: issuerName,
    spki,
    signer: privateKey,
    notAfter: new Date(Date.UTC(2049, 11, 31, 23, 59, 59)),
    extensions: [
      extension(OID.basicConstraints, true, seq(bool(true))),
      extension(OID.keyUsage, true, bits(Buffer.from([0x06]), 1)), // keyCertSign, cRLSign
      extension(OID.subjectKeyIdentifier, false, octets(keyId)),
    ],
  });
  issuer = { name: issuerName, privateKey, certificateDer, keyId };
  return issuer;
}

/**
 * The Card Authentication certificate (key 9E, part 1 §3.3.4 / FIPS 201-3 §4.2.2.1): the
 * card's own P-256 key, issued by the virtual issuer, subject alternative name with the
 * FASC-N (otherName pivFASC-N) and the GUID as urn:uuid, EKU id-PIV-cardAuth.
 */
export function cardAuthenticationCertificate(options: { fascn: Buffer; guid: Buffer; publicKey: KeyObject; serial: string; expires: Date }): Buffer {
  const ca = virtualIssuer();
  const spki = options.publicKey.export({ type: 'spki', format: 'der' });
  const g = options.guid.toString('hex');
  const uuid = `${g.slice(0, 8)}-${g.slice(8, 12)}-${g.slice(12, 16)}-${g.slice(16, 20)}-${g.slice(20)}`;
  return certificate({
    serial: createHash('sha256').update(`virtual-piv-cak:${options.serial}`).digest().subarray(0, 16),
    issuerName: ca.name,
    subjectName: name([
      [OID.organization, 'Enrollment Station Tests'],
      [OID.serialNumber, options.serial],
      [OID.commonName, 'Card Authentication'],
    ]),
    spki,
    signer: ca.privateKey,
    notAfter: options.expires,
    extensions: [
      extension(OID.keyUsage, true, bits(Buffer.from([0x80]), 7)), // digitalSignature
      extension(OID.extKeyUsage, false, seq(oid(OID.pivCardAuth))),
      extension(OID.subjectAltName, false, seq(explicit(0, oid(OID.pivFascn), explicit(0, octets(options.fascn))), implicit(6, Buffer.from(`urn:uuid:${uuid}`, 'ascii')))),
      extension(OID.subjectKeyIdentifier, false, octets(keyIdOf(spki))),
    ],
  });
}

/**
 * Security Object, 5FC106 (part 1 Table 12): BA the mapping of data groups to container
 * IDs (3 bytes each: DG number, container ID), BB a CMS SignedData (RFC 5652) of an ICAO
 * LDSSecurityObject holding the SHA-256 of each mapped container's contents (the bytes
 * inside its tag 53), signed by the virtual issuer, FE.
 */
export function securityObject(groups: { dataGroup: number; containerId: number; contents: Buffer }[]): Buffer {
  const ca = virtualIssuer();
  const sha256 = seq(oid(OID.sha256));
  const lds = seq(
    int(0),
    sha256,
    seq(...groups.map((g) => seq(int(g.dataGroup), octets(createHash('sha256').update(g.contents).digest())))),
  );
  const signedAttributes = [
    seq(oid(OID.contentType), set(oid(OID.ldsSecurityObject))),
    seq(oid(OID.messageDigest), set(octets(createHash('sha256').update(lds).digest()))),
  ];
  // The signature covers the attributes as a SET (RFC 5652 §5.4); they travel as [0] IMPLICIT.
  const signature = sign('sha256', set(...signedAttributes), ca.privateKey);
  const signerInfo = seq(int(3), implicit(0, ca.keyId), sha256, explicit(0, ...signedAttributes), algorithmEcdsaSha256(), octets(signature));
  const signedData = seq(int(3), set(sha256), seq(oid(OID.ldsSecurityObject), explicit(0, octets(lds))), explicit(0, ca.certificateDer), set(signerInfo));
  const contentInfo = seq(oid(OID.signedData), explicit(0, signedData));
  const mapping = Buffer.concat(groups.map((g) => Buffer.from([g.dataGroup, g.containerId >> 8, g.containerId & 0xff])));
  return Buffer.concat([pivTlv(0xba, mapping), pivTlv(0xbb, contentInfo), pivTlv(0xfe, Buffer.alloc(0))]);
}
