import { createHash, KeyObject, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

/**
 * A throw-away PKI for operator sign-in tests and the `operator-cards` dev command: an
 * organisation CA and operator certificates it issues, all ECDSA P-256 (fast to make; the
 * curve a PIV card's 9A key uses with algorithm 11). Nothing here is for production use.
 */

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;
const ORGANISATION = 'Enrollment Station Tests';

/** An operator's certificate with its key pair, as a virtual card or a test needs it. */
export interface OperatorIdentity {
  /** The CN of the certificate. */
  name: string;
  certificatePem: string;
  certificateDer: Buffer;
  /** Lower-case hex SHA-256 of the DER: how the registry names the operator. */
  fingerprint: string;
  /** Node key for crypto.sign / export as PEM. */
  privateKey: KeyObject;
  /** The raw 32-byte P-256 private scalar, for @noble/curves (the virtual card signs digests with it). */
  privateKeyScalar: Buffer;
  /** PKCS#8 PEM of the private key. */
  privateKeyPem: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
}

export interface IssueOptions {
  /** Common name, e.g. "Alice Clerk". */
  name: string;
  /** Default: one hour ago (so clock differences between test parts don't matter). */
  notBefore?: Date;
  /** Default: one year after notBefore. */
  notAfter?: Date;
  /** Shorthand: valid from two years ago until yesterday. Overrides notBefore/notAfter. */
  expired?: boolean;
  /** An RSA 2048 key instead of ECC P-256 (the station refuses it; `privateKeyScalar` is then empty). */
  rsa?: boolean;
}

/** An organisation CA able to issue operator certificates. */
export interface TestCa {
  name: string;
  certificatePem: string;
  certificateDer: Buffer;
  fingerprint: string;
  keys: CryptoKeyPair;
  /** Issues an operator certificate (new P-256 key pair) signed by this CA. */
  issue(options: IssueOptions): Promise<OperatorIdentity>;
}

export interface CreateCaOptions {
  notBefore?: Date;
  notAfter?: Date;
}

/** Lower-case hex SHA-256 of a DER certificate (the registry's fingerprint). */
export function certificateFingerprint(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

function toBuffer(data: ArrayBuffer): Buffer {
  return Buffer.from(new Uint8Array(data));
}

async function generateKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
}

/** Creates a self-signed CA "<name>" (default "Test Operator CA"), valid from a day ago for ten years. */
export async function createTestCa(name = 'Test Operator CA', options: CreateCaOptions = {}): Promise<TestCa> {
  const keys = await generateKeys();
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: [{ O: [ORGANISATION] }, { CN: [name] }],
    keys,
    signingAlgorithm: SIGNING,
    notBefore: options.notBefore ?? new Date(now - DAY_MS),
    notAfter: options.notAfter ?? new Date(now + 3650 * DAY_MS),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const certificateDer = toBuffer(certificate.rawData);

  const issue = async (opts: IssueOptions): Promise<OperatorIdentity> => {
    const operatorKeys = opts.rsa
      ? ((await webcrypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify'])) as unknown as CryptoKeyPair)
      : await generateKeys();
    const t = Date.now();
    const notBefore = opts.expired ? new Date(t - 730 * DAY_MS) : (opts.notBefore ?? new Date(t - 60 * 60 * 1000));
    const notAfter = opts.expired ? new Date(t - DAY_MS) : (opts.notAfter ?? new Date(notBefore.getTime() + 365 * DAY_MS));
    const operatorCert = await x509.X509CertificateGenerator.create({
      subject: [{ O: [ORGANISATION] }, { CN: [opts.name] }],
      issuer: certificate.subjectName,
      publicKey: operatorKeys.publicKey,
      signingKey: keys.privateKey,
      signingAlgorithm: SIGNING,
      notBefore,
      notAfter,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
        await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey),
        await x509.SubjectKeyIdentifierExtension.create(operatorKeys.publicKey),
      ],
    });
    const der = toBuffer(operatorCert.rawData);
    const privateKey = KeyObject.from(operatorKeys.privateKey as unknown as webcrypto.CryptoKey);
    const jwk = privateKey.export({ format: 'jwk' });
    if (!jwk.d) throw new Error('private key without its secret part');
    return {
      name: opts.name,
      certificatePem: operatorCert.toString('pem') + '\n',
      certificateDer: der,
      fingerprint: certificateFingerprint(der),
      privateKey,
      privateKeyScalar: opts.rsa ? Buffer.alloc(0) : Buffer.from(jwk.d, 'base64url'),
      privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      serialNumber: operatorCert.serialNumber,
      notBefore: operatorCert.notBefore,
      notAfter: operatorCert.notAfter,
    };
  };

  return {
    name,
    certificatePem: certificate.toString('pem') + '\n',
    certificateDer,
    fingerprint: certificateFingerprint(certificateDer),
    keys,
    issue,
  };
}

/** An operator certificate issued by a CA of its own ("Untrusted Operator CA"), which no station trusts. */
export async function untrustedOperator(name: string, options: Omit<IssueOptions, 'name'> = {}): Promise<OperatorIdentity> {
  const rogue = await createTestCa('Untrusted Operator CA');
  return rogue.issue({ ...options, name });
}
