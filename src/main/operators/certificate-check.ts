import { createHash, verify, X509Certificate } from 'node:crypto';
import { REVOCATION_LIST_MAX_AGE_HOURS } from '../../shared/domain/operator';

/**
 * Whether an operator certificate read from a card may sign in: issued by one of the
 * organisation's CAs (itself valid), within its own validity, not revoked, and the
 * revocation list recent enough to say so. Plus the check that the card's signature over
 * a challenge was made with the certificate's key. Everything is decided against `now`
 * (the server-corrected time the caller passes), never the wall clock here.
 */

export interface OperatorTrust {
  /** Trusted issuing CAs (PEM). Empty: sign-in is not configured. */
  caCertificates: string[];
  revokedCertificates: { fingerprint: string; revokedAt: string; reason: string }[];
  /** Server time when the station last got the registry (and so the revocation list); null: never. */
  checkedAt: string | null;
}

export type CertificateCheckCode = 'CERT_UNREADABLE' | 'CERT_UNTRUSTED' | 'CERT_EXPIRED' | 'CERT_NOT_YET_VALID' | 'CERT_REVOKED' | 'REVOCATION_LIST_STALE' | 'SIGN_IN_NOT_CONFIGURED';

export type CertificateCheck =
  | {
      ok: true;
      /** Lower-case hex SHA-256 of the DER. */
      fingerprint: string;
      /** The subject's common name (the whole subject when it has none). */
      subject: string;
      /** Upper-case hex, as Node gives it. */
      serialNumber: string;
      /** ISO 8601. */
      notAfter: string;
    }
  | { ok: false; code: CertificateCheckCode; message: string };

const HOUR_MS = 60 * 60 * 1000;

export function checkOperatorCertificate(der: Buffer, trust: OperatorTrust, now: Date): CertificateCheck {
  const refuse = (code: CertificateCheckCode, message: string): CertificateCheck => ({ ok: false, code, message });

  if (trust.caCertificates.length === 0) {
    return refuse(
      'SIGN_IN_NOT_CONFIGURED',
      "Operator sign-in is not set up on this station yet: it trusts no certificate authority. Ask your system administrator to register the organisation's CA on the central server, then sync this station.",
    );
  }

  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(der);
  } catch {
    return refuse('CERT_UNREADABLE', 'The certificate on this card cannot be read. Ask the card issuer to check your operator card.');
  }
  const subject = commonName(certificate.subject);
  // The card signs with GENERAL AUTHENTICATE for ECC P-256 (decision 0009): say so plainly for any other key.
  const key = certificate.publicKey;
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    return refuse(
      'CERT_UNREADABLE',
      `The certificate on this card (${subject}) has a ${key.asymmetricKeyType?.toUpperCase() ?? 'unknown'} key; this station signs operators in with ECC P-256 keys only. Ask your system administrator for an ECC P-256 operator card.`,
    );
  }

  // An unreadable CA entry must not stop the others from working.
  const cas = trust.caCertificates.flatMap((pem) => {
    try {
      return [new X509Certificate(pem)];
    } catch {
      return [];
    }
  });
  const issuers = cas.filter((ca) => ca.ca && certificate.checkIssued(ca) && safeVerify(certificate, ca));
  if (certificate.ca || issuers.length === 0) {
    return refuse(
      'CERT_UNTRUSTED',
      `The certificate on this card (${subject}) was not issued by a certificate authority this station trusts. Use the operator card your organisation gave you; if it is yours, ask your system administrator.`,
    );
  }
  // A renewed CA may share its key with an expired one: any valid issuer will do.
  if (!issuers.some((ca) => within(ca, now))) {
    const ca = issuers[0]!;
    const when = validity(ca);
    const what = now < when.from ? `is not valid until ${day(when.from)}` : `expired on ${day(when.to)}`;
    return refuse(
      'CERT_UNTRUSTED',
      `The organisation's certificate authority that issued your certificate (${commonName(ca.subject)}) ${what}. Ask your system administrator to renew it, or check the station's date.`,
    );
  }

  const { from, to } = validity(certificate);
  if (now < from) {
    return refuse('CERT_NOT_YET_VALID', `Your certificate is valid only from ${minute(from)}. Check the station's date and time, or sign in once the certificate is valid.`);
  }
  if (now > to) {
    return refuse('CERT_EXPIRED', `Your certificate expired on ${day(to)}. Ask the card issuer for a new operator certificate.`);
  }

  const fingerprint = createHash('sha256').update(der).digest('hex');
  const revoked = trust.revokedCertificates.find((r) => r.fingerprint.toLowerCase() === fingerprint);
  if (revoked) {
    const reason = revoked.reason.trim() ? ` (${revoked.reason.trim()})` : '';
    const on = Number.isNaN(Date.parse(revoked.revokedAt)) ? '' : ` on ${day(new Date(revoked.revokedAt))}`;
    return refuse('CERT_REVOKED', `Your certificate was revoked${on}${reason}, so this card can no longer sign in. Contact your system administrator.`);
  }

  const checkedAt = trust.checkedAt === null ? Number.NaN : Date.parse(trust.checkedAt);
  if (Number.isNaN(checkedAt)) {
    return refuse(
      'REVOCATION_LIST_STALE',
      'This station has never received the revocation list from the central server, so it cannot check whether your certificate was revoked. Connect the station to the network and try again.',
    );
  }
  if (now.getTime() - checkedAt > REVOCATION_LIST_MAX_AGE_HOURS * HOUR_MS) {
    return refuse(
      'REVOCATION_LIST_STALE',
      `This station has not reached the central server for more than ${REVOCATION_LIST_MAX_AGE_HOURS} hours, so it cannot check whether your certificate was revoked. Connect the station to the network and try again.`,
    );
  }

  return { ok: true, fingerprint, subject, serialNumber: certificate.serialNumber, notAfter: to.toISOString() };
}

/** Whether `signature` (DER ECDSA, or RSA PKCS#1 v1.5) over SHA-256 of `challenge` was made with the certificate's key. */
export function verifyChallengeSignature(der: Buffer, challenge: Buffer, signature: Buffer): boolean {
  try {
    return verify('sha256', challenge, new X509Certificate(der).publicKey, signature);
  } catch {
    return false; // unreadable certificate or signature: not a proof
  }
}

function safeVerify(certificate: X509Certificate, ca: X509Certificate): boolean {
  try {
    return certificate.verify(ca.publicKey);
  } catch {
    return false;
  }
}

function validity(certificate: X509Certificate): { from: Date; to: Date } {
  return { from: new Date(certificate.validFrom), to: new Date(certificate.validTo) };
}

function within(certificate: X509Certificate, now: Date): boolean {
  const { from, to } = validity(certificate);
  return now >= from && now <= to;
}

/** CN from Node's subject text ("O=Org\nCN=Alice\, Clerk"), unescaped. */
function commonName(subject: string): string {
  for (const line of subject.split('\n')) {
    for (const part of line.split(' + ')) {
      if (part.startsWith('CN=')) return part.slice(3).replace(/\\(.)/g, '$1');
    }
  }
  return subject.replace(/\n/g, ', ');
}

const day = (d: Date): string => d.toISOString().slice(0, 10);
const minute = (d: Date): string => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
