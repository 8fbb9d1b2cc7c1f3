import { z } from 'zod';
import { CertificateFingerprint } from '../domain/operator';
import { Role } from '../domain/roles';
import { channel } from './define';
import { GrantDecisionResponse, OperatorDetail, PendingGrant } from './operator-protocol';

export type { GrantDecisionResponse, OperatorDetail, OperatorStatus, PendingGrant, RevocationDetail, TrustedCaDetail } from './operator-protocol';

/**
 * Station › Administration (issue 17): channels between the renderer and main for this area.
 * Channel names start with "admin-operators:" (window.station.adminOperators.*).
 */

/** Where a list came from: the server now, or (offline) this station's last copy of the registry. */
export const AdminSource = z.strictObject({
  kind: z.enum(['server', 'station-copy']),
  /** Offline: why administration is read-only (the station's words). */
  offlineReason: z.string().nullable(),
  /** station-copy: when this station last had the registry from the server. */
  copyCheckedAt: z.iso.datetime().nullable(),
});
export type AdminSource = z.infer<typeof AdminSource>;

export const OperatorsView = z.strictObject({
  source: AdminSource,
  operators: z.array(OperatorDetail),
  pendingGrants: z.array(PendingGrant),
  /** The signed-in operator (their own grants cannot be approved by them, nor their own Administrator role removed). */
  me: CertificateFingerprint.nullable(),
});
export type OperatorsView = z.infer<typeof OperatorsView>;

/** A certificate file: PEM text, or the DER file's bytes as base64. */
export const CertificateText = z.string().trim().min(1, 'Choose a certificate file').max(40_000, 'That file is too large for a certificate');

export const OperatorCertificateSource = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('card'), readerName: z.string().min(1).max(200) }),
  z.strictObject({ kind: z.literal('file'), certificate: CertificateText }),
]);
export type OperatorCertificateSource = z.infer<typeof OperatorCertificateSource>;

const RoleList = z.array(Role).min(1, 'Choose at least one role').max(3);

export const AddOperatorInput = z.strictObject({
  source: OperatorCertificateSource,
  name: z.string().trim().min(1, 'Enter the operator\'s name').max(120, 'At most 120 characters'),
  roles: RoleList,
});
export type AddOperatorInput = z.infer<typeof AddOperatorInput>;

/** A change done at once, or waiting for a second Administrator (four eyes). */
export const OperatorChangeResult = z.strictObject({
  outcome: z.enum(['done', 'pending']),
  message: z.string(),
  fingerprint: CertificateFingerprint,
  grant: PendingGrant.nullable(),
});
export type OperatorChangeResult = z.infer<typeof OperatorChangeResult>;

export const SetRolesInput = z.strictObject({ fingerprint: CertificateFingerprint, roles: RoleList });
export const SetDisabledInput = z.strictObject({ fingerprint: CertificateFingerprint, disabled: z.boolean() });
export const RevokeOperatorInput = z.strictObject({
  fingerprint: CertificateFingerprint,
  reason: z.string().trim().min(1, 'Say why the certificate is revoked').max(500, 'At most 500 characters'),
});
export const DecideGrantInput = z.strictObject({
  grantId: z.uuid(),
  decision: z.enum(['approve', 'reject']),
  reason: z.string().trim().max(500, 'At most 500 characters').default(''),
});

export const adminOperatorsChannels = {
  /** Operators, their status and last sign-in, and pending Administrator grants (offline: the station's copy). */
  'admin-operators:list': channel(z.undefined(), OperatorsView),
  /** Adds an operator from the card in a reader or a certificate file. */
  'admin-operators:add': channel(AddOperatorInput, OperatorChangeResult),
  'admin-operators:set-roles': channel(SetRolesInput, OperatorChangeResult),
  'admin-operators:set-disabled': channel(SetDisabledInput, OperatorChangeResult),
  'admin-operators:revoke': channel(RevokeOperatorInput, OperatorChangeResult),
  'admin-operators:decide-grant': channel(DecideGrantInput, GrantDecisionResponse),
};

export const adminOperatorsEvents = {};
