import { z } from 'zod';
import { Role } from './roles';

/**
 * A certificate's SHA-256 fingerprint (of its DER encoding), lower-case hex. An operator
 * is known by their certificate's fingerprint. The organisation's registry (kept on the
 * central server, synced to stations) says which certificates belong to which operator and
 * with which roles, which CA certificates are trusted, and which certificates are revoked.
 */
export const CertificateFingerprint = z.string().regex(/^[0-9a-f]{64}$/, 'a certificate fingerprint is 64 lower-case hex digits (SHA-256 of the DER)');
export type CertificateFingerprint = z.infer<typeof CertificateFingerprint>;

export const PemCertificate = z
  .string()
  .max(20_000)
  .regex(/^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\r?\n?$/, 'a PEM certificate (-----BEGIN CERTIFICATE----- …)');

export const Operator = z.strictObject({
  fingerprint: CertificateFingerprint,
  name: z.string().trim().min(1).max(120),
  roles: z.array(Role).min(1),
  disabled: z.boolean().default(false),
});
export type Operator = z.infer<typeof Operator>;

export const RevokedCertificate = z.strictObject({
  fingerprint: CertificateFingerprint,
  revokedAt: z.iso.datetime(),
  reason: z.string().max(500).default(''),
});
export type RevokedCertificate = z.infer<typeof RevokedCertificate>;

export const OperatorRegistry = z.strictObject({
  /** Trusted issuing CAs of operator certificates (PEM). Empty: sign-in is not configured yet. */
  caCertificates: z.array(PemCertificate).max(20),
  operators: z.array(Operator).max(10_000),
  revokedCertificates: z.array(RevokedCertificate).max(100_000),
  /** Server time of the registry's last change. */
  updatedAt: z.iso.datetime(),
});
export type OperatorRegistry = z.infer<typeof OperatorRegistry>;

/** Offline, a station trusts its copy of the revocation list for at most this long. */
export const REVOCATION_LIST_MAX_AGE_HOURS = 24;
