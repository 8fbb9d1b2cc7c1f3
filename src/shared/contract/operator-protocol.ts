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

// ── Station › Administration (issue 17): operators in detail, four-eyes grants, trust ──

/** An operator as the administration screens show them. `certificate-revoked` / `-expired` win over `disabled`. */
export const OperatorStatus = z.enum(['active', 'disabled', 'certificate-revoked', 'certificate-expired']);
export type OperatorStatus = z.infer<typeof OperatorStatus>;

export const OperatorDetail = z.strictObject({
  fingerprint: CertificateFingerprint,
  name: z.string(),
  roles: z.array(Role),
  disabled: z.boolean(),
  status: OperatorStatus,
  certificateSubject: z.string(),
  certificateExpiresAt: z.iso.datetime(),
  addedAt: z.iso.datetime(),
  /** The last `operator.signed-in` entry a station delivered in its audit chain (null: none yet). */
  lastSignInAt: z.iso.datetime().nullable(),
});
export type OperatorDetail = z.infer<typeof OperatorDetail>;

/** Granting Administrator waits for a second Administrator (four eyes). */
export const PendingGrant = z.strictObject({
  id: z.uuid(),
  fingerprint: CertificateFingerprint,
  name: z.string(),
  /** The roles the operator holds once approved. */
  roles: z.array(Role),
  /** True when approving also adds the operator (added with Administrator). */
  newOperator: z.boolean(),
  certificateSubject: z.string(),
  requestedBy: z.string(),
  requestedByName: z.string(),
  requestedAt: z.iso.datetime(),
});
export type PendingGrant = z.infer<typeof PendingGrant>;

export const OperatorsAdminResponse = z.strictObject({
  operators: z.array(OperatorDetail),
  pendingGrants: z.array(PendingGrant),
  registryUpdatedAt: z.iso.datetime(),
  serverTime: z.iso.datetime(),
});
export type OperatorsAdminResponse = z.infer<typeof OperatorsAdminResponse>;

/** 202: the change waits for a second Administrator's approval. */
export const ApprovalRequiredResponse = z.strictObject({
  code: z.literal('APPROVAL_REQUIRED'),
  message: z.string(),
  grant: PendingGrant,
});
export type ApprovalRequiredResponse = z.infer<typeof ApprovalRequiredResponse>;

/** What adding an operator or changing their roles answers: done (200) or waiting (202). */
export const OperatorChangeResponse = z.union([OperatorResponse, ApprovalRequiredResponse]);
export type OperatorChangeResponse = z.infer<typeof OperatorChangeResponse>;

export const DecideGrantRequest = z.strictObject({ reason: z.string().trim().max(500).default('') });
export const GrantDecisionResponse = z.strictObject({
  grant: PendingGrant,
  decision: z.enum(['approved', 'rejected']),
  /** The operator after an approval. */
  operator: Operator.nullable(),
});
export type GrantDecisionResponse = z.infer<typeof GrantDecisionResponse>;

export const TrustedCaDetail = z.strictObject({
  fingerprint: CertificateFingerprint,
  subject: z.string(),
  validFrom: z.iso.datetime(),
  validTo: z.iso.datetime(),
  addedAt: z.iso.datetime(),
});
export type TrustedCaDetail = z.infer<typeof TrustedCaDetail>;

export const RevocationDetail = z.strictObject({
  fingerprint: CertificateFingerprint,
  revokedAt: z.iso.datetime(),
  reason: z.string(),
  /** The registered operator holding that certificate, if any. */
  operatorName: z.string().nullable(),
});
export type RevocationDetail = z.infer<typeof RevocationDetail>;

export const TrustResponse = z.strictObject({
  cas: z.array(TrustedCaDetail),
  revokedCertificates: z.array(RevocationDetail),
  /** When the registry (and so the revocation list) last changed on the server. */
  registryUpdatedAt: z.iso.datetime(),
  serverTime: z.iso.datetime(),
});
export type TrustResponse = z.infer<typeof TrustResponse>;
