import { z } from 'zod';
import { CreateCredentialTypeRequest, UpdateCredentialTypeRequest } from '../../../../shared/contract/admin-credential-types';
import type { CredentialType, OptionalApplicantField } from '../../../../shared/domain/credential-types';

/** The credential type form's state (text fields as typed). */
export interface PolicyDraft {
  id: string;
  name: string;
  mobileCapable: boolean;
  requiredFields: OptionalApplicantField[];
  pinRequiredForDeviceEnrollment: boolean;
  supervisorApprovalRequired: boolean;
  invitationValidMinutes: string;
  acceptedCardTypes: Array<'piv' | 'contactless-uid'>;
  mobilePartNumber: string;
  retired: boolean;
}

export const OPTIONAL_FIELDS: readonly OptionalApplicantField[] = ['email', 'externalLinkingKey', 'userPrincipalName'];
export const FIELD_NAMES: Record<OptionalApplicantField, string> = { email: 'Email address', externalLinkingKey: 'External identity linking key', userPrincipalName: 'User principal name' };
export const CARD_FAMILIES: ReadonlyArray<{ value: 'piv' | 'contactless-uid'; label: string }> = [
  { value: 'piv', label: 'PIV cards' },
  { value: 'contactless-uid', label: 'Contactless (proximity) cards' },
];

export const NEW_DRAFT: PolicyDraft = {
  id: '',
  name: '',
  mobileCapable: false,
  requiredFields: [],
  pinRequiredForDeviceEnrollment: true,
  supervisorApprovalRequired: false,
  invitationValidMinutes: '30',
  acceptedCardTypes: ['piv'],
  mobilePartNumber: '',
  retired: false,
};

export function draftOf(type: CredentialType): PolicyDraft {
  const p = type.policy;
  return {
    id: type.id,
    name: type.name,
    mobileCapable: p.mobileCapable,
    requiredFields: [...p.requiredFields],
    pinRequiredForDeviceEnrollment: p.pinRequiredForDeviceEnrollment,
    supervisorApprovalRequired: p.supervisorApprovalRequired,
    invitationValidMinutes: String(p.invitationValidMinutes),
    acceptedCardTypes: [...p.acceptedCardTypes],
    mobilePartNumber: p.mobilePartNumber ?? '',
    retired: type.retired ?? false,
  };
}

function policyOf(d: PolicyDraft) {
  return {
    mobileCapable: d.mobileCapable,
    requiredFields: d.requiredFields,
    pinRequiredForDeviceEnrollment: d.pinRequiredForDeviceEnrollment,
    supervisorApprovalRequired: d.supervisorApprovalRequired,
    invitationValidMinutes: d.invitationValidMinutes.trim() === '' ? Number.NaN : Number(d.invitationValidMinutes),
    acceptedCardTypes: d.acceptedCardTypes,
    ...(d.mobilePartNumber.trim() ? { mobilePartNumber: d.mobilePartNumber.trim() } : {}),
  };
}

export type DraftErrors = Partial<Record<'id' | 'name' | 'invitationValidMinutes' | 'acceptedCardTypes' | 'mobilePartNumber', string>>;

const KNOWN = new Set(['id', 'name', 'invitationValidMinutes', 'acceptedCardTypes', 'mobilePartNumber']);

function errorsOf(error: z.ZodError): DraftErrors {
  const out: DraftErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path.at(-1) ?? '');
    if (KNOWN.has(key)) out[key as keyof DraftErrors] ??= key === 'invitationValidMinutes' ? 'From 1 minute to 7 days (10080 minutes), whole minutes' : key === 'acceptedCardTypes' ? 'Choose at least one card family' : issue.message;
  }
  return out;
}

/** The create request, or what to fix (the same schema the server checks). */
export function createRequest(d: PolicyDraft): { ok: true; value: z.input<typeof CreateCredentialTypeRequest> } | { ok: false; errors: DraftErrors } {
  const parsed = CreateCredentialTypeRequest.safeParse({ id: d.id.trim(), name: d.name, policy: policyOf(d) });
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: errorsOf(parsed.error) };
}

/** The edit request (name, whole policy, retired), or what to fix. */
export function updateRequest(d: PolicyDraft): { ok: true; value: z.input<typeof UpdateCredentialTypeRequest> } | { ok: false; errors: DraftErrors } {
  const parsed = UpdateCredentialTypeRequest.safeParse({ name: d.name, policy: policyOf(d), retired: d.retired });
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: errorsOf(parsed.error) };
}
