import {
  ApplicantInput,
  checkPolicy,
  FIELD_LABELS,
  fieldErrorsFrom,
  type ApplicantField,
  type FieldErrors,
} from '../../../shared/domain/applicant';
import type { CredentialType, OptionalApplicantField } from '../../../shared/domain/credential-types';

/** The form's fields in the procedure's order (also the tab order and the order errors are reached). */
export const FORM_FIELDS: readonly ApplicantField[] = [
  'firstName',
  'middleName',
  'lastName',
  'credentialTypeId',
  'externalLinkingKey',
  'email',
  'userPrincipalName',
];

/** What the clerk typed, exactly: sent as is, the station trims and checks it. */
export type ApplicantDraft = Record<ApplicantField, string>;

export const EMPTY_DRAFT: ApplicantDraft = {
  firstName: '',
  middleName: '',
  lastName: '',
  credentialTypeId: '',
  externalLinkingKey: '',
  email: '',
  userPrincipalName: '',
};

const OPTIONAL_FIELDS: readonly OptionalApplicantField[] = ['externalLinkingKey', 'email', 'userPrincipalName'];

/**
 * Every problem in the draft at once, so the clerk fixes them in one pass: the schema's
 * messages plus the credential type's required fields. Same rules and words as
 * `validateApplicant`, which the station runs again; the station's answer wins.
 */
export function draftErrors(draft: ApplicantDraft, types: readonly CredentialType[]): FieldErrors {
  const parsed = ApplicantInput.safeParse(draft);
  const errors: FieldErrors = parsed.success ? {} : fieldErrorsFrom(parsed.error);
  if (draft.credentialTypeId === '' || errors.credentialTypeId) return errors;

  const type = types.find((t) => t.id === draft.credentialTypeId);
  // checkPolicy only looks at which optional fields are given; build just that view of the draft.
  const given = Object.fromEntries(
    OPTIONAL_FIELDS.map((field) => [field, draft[field].trim() === '' ? undefined : draft[field]]),
  ) as Pick<ApplicantInput, OptionalApplicantField>;
  const policy = checkPolicy({ ...given } as ApplicantInput, type);
  for (const [field, messages] of Object.entries(policy) as [ApplicantField, string[]][]) {
    errors[field] ??= messages;
  }
  return errors;
}

/** Fields the selected credential type makes required, besides the names and the type. */
export function requiredByType(type: CredentialType | undefined): ReadonlySet<ApplicantField> {
  return new Set<ApplicantField>(type?.policy.requiredFields ?? []);
}

/** "EMAIL ADDRESS", "EMAIL ADDRESS and USER PRINCIPAL NAME". */
export function fieldList(fields: readonly ApplicantField[]): string {
  const labels = fields.map((f) => FIELD_LABELS[f]);
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

/** Reads the station's field errors (VALIDATION_FAILED, INVALID_CREDENTIAL_TYPE details). */
export function fieldErrorsFromDetails(details: Record<string, unknown> | undefined): FieldErrors {
  const raw = details?.fieldErrors;
  if (typeof raw !== 'object' || raw === null) return {};
  const errors: FieldErrors = {};
  for (const [field, messages] of Object.entries(raw)) {
    if (field in FIELD_LABELS && Array.isArray(messages)) {
      const texts = messages.filter((m): m is string => typeof m === 'string');
      if (texts.length > 0) errors[field as ApplicantField] = texts;
    }
  }
  return errors;
}

export interface DuplicateFound {
  employeeNumber: string;
  matchedOn: OptionalApplicantField[];
}

/** Reads USER_ALREADY_EXISTS details: which record, and on which identifiers. */
export function duplicateFromDetails(details: Record<string, unknown> | undefined): DuplicateFound | undefined {
  const employeeNumber = details?.employeeNumber;
  if (typeof employeeNumber !== 'string' || !/^\d{8}$/.test(employeeNumber)) return undefined;
  const matchedOn = Array.isArray(details?.matchedOn)
    ? details.matchedOn.filter((f): f is OptionalApplicantField => (OPTIONAL_FIELDS as readonly unknown[]).includes(f))
    : [];
  return { employeeNumber, matchedOn };
}
