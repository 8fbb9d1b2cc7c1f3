import { createHash, sign } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, untrustedOperator, type OperatorIdentity, type TestCa } from '../../../tests/support/operator-pki';
import { checkOperatorCertificate, verifyChallengeSignature, type OperatorTrust } from './certificate-check';

const HOUR = 60 * 60 * 1000;
let ca: TestCa;
let alice: OperatorIdentity;
let now: Date;
let trust: OperatorTrust;

beforeAll(async () => {
  ca = await createTestCa('Example Org Operator CA');
  alice = await ca.issue({ name: 'Alice Clerk' });
  now = new Date();
  trust = { caCertificates: [ca.certificatePem], revokedCertificates: [], checkedAt: new Date(now.getTime() - HOUR).toISOString() };
});

describe('checkOperatorCertificate', () => {
  it('accepts a certificate from a trusted CA, in validity, not revoked, with a fresh list', () => {
    const result = checkOperatorCertificate(alice.certificateDer, trust, now);
    expect(result).toEqual({
      ok: true,
      fingerprint: alice.fingerprint,
      subject: 'Alice Clerk',
      serialNumber: alice.serialNumber.toUpperCase(),
      notAfter: alice.notAfter.toISOString(),
    });
  });

  it('gives the CN unescaped when the name holds a comma', async () => {
    const odd = await ca.issue({ name: 'Clerk, Alice' });
    const result = checkOperatorCertificate(odd.certificateDer, trust, now);
    expect(result.ok && result.subject).toBe('Clerk, Alice');
  });

  it('accepts the CA among several, and skips a CA entry that is not a certificate', async () => {
    const other = await createTestCa('Other CA');
    const pemLike = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
    const result = checkOperatorCertificate(alice.certificateDer, { ...trust, caCertificates: [pemLike, other.certificatePem, ca.certificatePem] }, now);
    expect(result.ok).toBe(true);
  });

  it('says sign-in is not configured when the station trusts no CA', () => {
    const result = checkOperatorCertificate(alice.certificateDer, { ...trust, caCertificates: [] }, now);
    expect(result).toMatchObject({ ok: false, code: 'SIGN_IN_NOT_CONFIGURED' });
    expect(!result.ok && result.message).toMatch(/system administrator/);
  });

  it('refuses an operator certificate with an RSA key in plain words (the station signs in with ECC P-256 only)', async () => {
    const rsa = await ca.issue({ name: 'Rita Rsa', rsa: true });
    const result = checkOperatorCertificate(rsa.certificateDer, trust, now);
    expect(result).toMatchObject({ ok: false, code: 'CERT_UNREADABLE', message: expect.stringContaining('ECC P-256') });
  });

  it('refuses bytes that are not a certificate as unreadable', () => {
    for (const der of [Buffer.alloc(0), Buffer.from('30820000', 'hex'), alice.certificateDer.subarray(0, 100)]) {
      const result = checkOperatorCertificate(der, trust, now);
      expect(result).toMatchObject({ ok: false, code: 'CERT_UNREADABLE' });
    }
  });

  it('refuses a certificate from another CA, even one with the same name as the trusted CA', async () => {
    const eve = await untrustedOperator('Eve Intruder');
    expect(checkOperatorCertificate(eve.certificateDer, trust, now)).toMatchObject({ ok: false, code: 'CERT_UNTRUSTED' });
    const lookalike = await createTestCa('Example Org Operator CA');
    const mallory = await lookalike.issue({ name: 'Mallory' });
    const result = checkOperatorCertificate(mallory.certificateDer, trust, now);
    expect(result).toMatchObject({ ok: false, code: 'CERT_UNTRUSTED' });
    expect(!result.ok && result.message).toContain('Mallory');
  });

  it('refuses a certificate whose signature was tampered with', () => {
    const tampered = Buffer.from(alice.certificateDer);
    tampered[tampered.length - 5]! ^= 0x01; // inside the CA's signature value
    expect(checkOperatorCertificate(tampered, trust, now)).toMatchObject({ ok: false, code: 'CERT_UNTRUSTED' });
  });

  it('refuses the CA certificate itself presented as an operator certificate', () => {
    expect(checkOperatorCertificate(ca.certificateDer, trust, now)).toMatchObject({ ok: false, code: 'CERT_UNTRUSTED' });
  });

  it('refuses when the issuing CA has expired', async () => {
    const oldCa = await createTestCa('Old CA', { notBefore: new Date(now.getTime() - 1000 * HOUR), notAfter: new Date(now.getTime() + 2 * HOUR) });
    const bob = await oldCa.issue({ name: 'Bob' });
    const oldTrust = { ...trust, caCertificates: [oldCa.certificatePem] };
    expect(checkOperatorCertificate(bob.certificateDer, oldTrust, now).ok).toBe(true);
    const later = new Date(now.getTime() + 3 * HOUR);
    const result = checkOperatorCertificate(bob.certificateDer, { ...oldTrust, checkedAt: later.toISOString() }, later);
    expect(result).toMatchObject({ ok: false, code: 'CERT_UNTRUSTED' });
    expect(!result.ok && result.message).toMatch(/certificate authority .* expired on/);
  });

  it('refuses an expired certificate, saying when it expired', async () => {
    const old = await ca.issue({ name: 'Old Timer', expired: true });
    const result = checkOperatorCertificate(old.certificateDer, trust, now);
    expect(result).toMatchObject({ ok: false, code: 'CERT_EXPIRED' });
    expect(!result.ok && result.message).toContain(old.notAfter.toISOString().slice(0, 10));
  });

  it('judges validity at the time it is given, not the wall clock', () => {
    const afterExpiry = new Date(alice.notAfter.getTime() + 1000);
    expect(checkOperatorCertificate(alice.certificateDer, { ...trust, checkedAt: afterExpiry.toISOString() }, afterExpiry)).toMatchObject({ ok: false, code: 'CERT_EXPIRED' });
    const beforeStart = new Date(alice.notBefore.getTime() - 1000);
    expect(checkOperatorCertificate(alice.certificateDer, { ...trust, checkedAt: beforeStart.toISOString() }, beforeStart)).toMatchObject({ ok: false, code: 'CERT_NOT_YET_VALID' });
  });

  it('refuses a certificate that is not valid yet', async () => {
    const future = await ca.issue({ name: 'Future Hire', notBefore: new Date(now.getTime() + 48 * HOUR) });
    const result = checkOperatorCertificate(future.certificateDer, trust, now);
    expect(result).toMatchObject({ ok: false, code: 'CERT_NOT_YET_VALID' });
    expect(!result.ok && result.message).toMatch(/date and time/);
  });

  it('refuses a revoked certificate, with the date and reason, whatever the case of the fingerprint', () => {
    const revokedCertificates = [{ fingerprint: alice.fingerprint.toUpperCase(), revokedAt: '2026-01-02T03:04:05.000Z', reason: 'card lost' }];
    const result = checkOperatorCertificate(alice.certificateDer, { ...trust, revokedCertificates }, now);
    expect(result).toMatchObject({ ok: false, code: 'CERT_REVOKED' });
    expect(!result.ok && result.message).toContain('revoked on 2026-01-02 (card lost)');
  });

  it('reports revocation even when the list is stale: a known revocation is certain', () => {
    const revokedCertificates = [{ fingerprint: alice.fingerprint, revokedAt: now.toISOString(), reason: '' }];
    const result = checkOperatorCertificate(alice.certificateDer, { ...trust, revokedCertificates, checkedAt: null }, now);
    expect(result).toMatchObject({ ok: false, code: 'CERT_REVOKED' });
  });

  it('refuses when the revocation list is older than 24 hours, and accepts it just under', () => {
    const stale = checkOperatorCertificate(alice.certificateDer, { ...trust, checkedAt: new Date(now.getTime() - 24 * HOUR - 1000).toISOString() }, now);
    expect(stale).toMatchObject({ ok: false, code: 'REVOCATION_LIST_STALE' });
    expect(!stale.ok && stale.message).toBe(
      'This station has not reached the central server for more than 24 hours, so it cannot check whether your certificate was revoked. Connect the station to the network and try again.',
    );
    const fresh = checkOperatorCertificate(alice.certificateDer, { ...trust, checkedAt: new Date(now.getTime() - 24 * HOUR + 1000).toISOString() }, now);
    expect(fresh.ok).toBe(true);
  });

  it('refuses when the station never got the revocation list', () => {
    const result = checkOperatorCertificate(alice.certificateDer, { ...trust, checkedAt: null }, now);
    expect(result).toMatchObject({ ok: false, code: 'REVOCATION_LIST_STALE' });
    expect(!result.ok && result.message).toMatch(/never received/);
  });
});

describe('verifyChallengeSignature', () => {
  const challenge = Buffer.from('a fresh challenge of the station, 32 bytes or more');

  it('accepts an ECDSA signature over SHA-256(challenge) by the certificate key', () => {
    const signature = sign('sha256', challenge, alice.privateKey);
    expect(verifyChallengeSignature(alice.certificateDer, challenge, signature)).toBe(true);
  });

  it('accepts what a PIV card returns: a signature over the digest, made without hashing again', async () => {
    const { p256 } = await import('@noble/curves/p256');
    const digest = createHash('sha256').update(challenge).digest();
    const signature = Buffer.from(p256.sign(digest, alice.privateKeyScalar, { prehash: false }).toDERRawBytes());
    expect(verifyChallengeSignature(alice.certificateDer, challenge, signature)).toBe(true);
  });

  it('refuses a tampered signature, another challenge, another key, and garbage', async () => {
    const signature = sign('sha256', challenge, alice.privateKey);
    const tampered = Buffer.from(signature);
    tampered[tampered.length - 1]! ^= 0x01;
    expect(verifyChallengeSignature(alice.certificateDer, challenge, tampered)).toBe(false);
    expect(verifyChallengeSignature(alice.certificateDer, Buffer.from('another challenge'), signature)).toBe(false);
    const bob = await ca.issue({ name: 'Bob' });
    expect(verifyChallengeSignature(alice.certificateDer, challenge, sign('sha256', challenge, bob.privateKey))).toBe(false);
    expect(verifyChallengeSignature(alice.certificateDer, challenge, Buffer.alloc(0))).toBe(false);
    expect(verifyChallengeSignature(Buffer.from('not a certificate'), challenge, signature)).toBe(false);
  });
});
