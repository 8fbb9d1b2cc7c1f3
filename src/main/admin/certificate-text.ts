import { X509Certificate } from 'node:crypto';
import { StationError } from '../../shared/contract/errors';

/**
 * A certificate file as an administrator uploads it: PEM text, or a DER file's bytes as
 * base64. Answers PEM (what the server takes), or refuses in words.
 */
export function certificatePem(text: string, what = 'certificate'): string {
  const pem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text)?.[0];
  let certificate: X509Certificate;
  try {
    if (pem) certificate = new X509Certificate(pem);
    else {
      const compact = text.replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]+=*$/.test(compact)) throw new Error('not base64');
      certificate = new X509Certificate(Buffer.from(compact, 'base64'));
    }
  } catch {
    throw new StationError('VALIDATION_FAILED', `The ${what} file could not be read: choose an X.509 certificate as PEM (-----BEGIN CERTIFICATE-----) or DER.`, {
      fieldErrors: { certificate: 'Not a readable X.509 certificate' },
    });
  }
  return certificate.toString();
}

/** PEM of a DER certificate read from a card. */
export function derToPem(der: Buffer): string {
  return new X509Certificate(der).toString();
}
