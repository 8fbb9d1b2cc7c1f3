import { z } from 'zod';
import { AuditEntry, ChainHeadSchema } from '../domain/audit-chain';
import { Operator, CertificateFingerprint, OperatorRegistry, PemCertificate } from '../domain/operator';
import { Role } from '../domain/roles';

/**
 * Operators, roles and the audit trail between a station and the central server (`/v1`).
 *
 * - A station acting for a signed-in operator sends `X-Operator: <fingerprint>` with every
 *   online request and `operator` in every pushed outbox entry. Once the server's registry
 *   names a CA, a request or mutation without a known, unrevoked operator holding the role
 *   for it is refused (`OPERATOR_REQUIRED`, `OPERATOR_UNKNOWN`, `OPERATOR_REVOKED`,
 *   `FORBIDDEN_ROLE`, `FOUR_EYES`). The station proved the operator's card (certificate
 *   chain + a signed challenge); the server trusts the authenticated station for that.
 * - The registry reaches stations through the change feed (`operator-registry.set`) and
 *   `GET /v1/operators/registry`.
 * - Audit entries are pushed in order to `POST /v1/audit/entries`; the server checks the
 *   chain against the head it holds and the station's audit key, and keeps them.
 */

export const OPERATOR_HEADER = 'x-operator';

export const RegistryResponse = z.strictObject({
  registry: OperatorRegistry,
  serverTime: z.iso.datetime(),
});
export type RegistryResponse = z.infer<typeof RegistryResponse>;

export const MAX_AUDIT_BATCH = 500;

export const AuditPushRequest = z.strictObject({
  /** The station's Ed25519 audit public key (hex). The first push registers it; it never changes. */
  publicKey: z.string().regex(/^[0-9a-f]{64}$/),
  entries: z.array(AuditEntry).min(1).max(MAX_AUDIT_BATCH),
});
export type AuditPushRequest = z.infer<typeof AuditPushRequest>;


/** `GET /v1/audit/head`, and the answer to a push (the head after it, also for a harmless re-push). */
export const AuditHeadResponse = z.strictObject({
  /** The last entry the server holds from this station (null before the first push). */
  head: ChainHeadSchema.nullable(),
  publicKey: z.string().nullable(),
  serverTime: z.iso.datetime(),
});
export type AuditHeadResponse = z.infer<typeof AuditHeadResponse>;

// ── Administration (administrator operators through a station, or the server's admin key) ──

export const AddCaRequest = z.strictObject({ certificatePem: PemCertificate });
export const AddOperatorRequest = z.strictObject({
  certificatePem: PemCertificate,
  name: z.string().trim().min(1).max(120),
  roles: z.array(Role).min(1),
});
export const SetOperatorRequest = z.strictObject({
  roles: z.array(Role).min(1).optional(),
  disabled: z.boolean().optional(),
});
export const RevokeCertificateRequest = z.strictObject({
  fingerprint: CertificateFingerprint,
  reason: z.string().trim().min(1).max(500),
});
export const OperatorResponse = z.strictObject({ operator: Operator });
