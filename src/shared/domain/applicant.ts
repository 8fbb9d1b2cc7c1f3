import { z } from 'zod';
import { CredentialTypeId, type CredentialType } from './credential-types';
import { codePointLength, findHiddenCharacter } from './text';

/** The procedure's field labels, so errors and the form use the same words. */
export const FIELD_LABELS = {
  firstName: 'FIRST NAME',
  middleName: 'MIDDLE NAME',
  lastName: 'LAST NAME',
  credentialTypeId: 'CREDENTIAL TYPE',
  externalLinkingKey: 'EXTERNAL IDENTITY LINKING KEY',
  email: 'EMAIL ADDRESS',
  userPrincipalName: 'USER PRINCIPAL NAME',
} as const;
export type ApplicantField = keyof typeof FIELD_LABELS;

export const LIMITS = {
  name: 64,
  externalLinkingKey: 128,
  email: 254,
  userPrincipalName: 256,
} as const;

/** Trims outer whitespace only; an empty optional field means "not given". */
const trimmed = z.string().transform((value) => value.trim());

function visibleText(label: string, max: number) {
  return trimmed.superRefine((value, ctx) => {
    if (codePointLength(value) > max) {
      ctx.addIssue({ code: 'custom', message: `${label} can be at most ${max} characters` });
    }
    const hidden = findHiddenCharacter(value);
    if (hidden) {
      ctx.addIssue({
        code: 'custom',
        message: `${label} contains an invisible or control character (${hidden}); retype it`,
      });
    }
  });
}

function requiredName(label: string) {
  return visibleText(label, LIMITS.name).superRefine((value, ctx) => {
    if (value.length === 0) ctx.addIssue({ code: 'custom', message: `${label} is required` });
    else if (!/\p{L}/u.test(value)) {
      ctx.addIssue({ code: 'custom', message: `${label} must contain at least one letter` });
    }
  });
}

function optional<T extends z.ZodType<string, string>>(schema: T) {
  return z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? undefined : value))
    .pipe(schema.optional());
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UPN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)*$/;

/** What the Add Applicant form submits. */
export const ApplicantInput = z.strictObject({
  firstName: requiredName(FIELD_LABELS.firstName),
  middleName: optional(visibleText(FIELD_LABELS.middleName, LIMITS.name)),
  lastName: requiredName(FIELD_LABELS.lastName),
  credentialTypeId: z
    .string({ error: `${FIELD_LABELS.credentialTypeId} is required` })
    .min(1, `${FIELD_LABELS.credentialTypeId} is required`)
    .pipe(CredentialTypeId),
  externalLinkingKey: optional(
    visibleText(FIELD_LABELS.externalLinkingKey, LIMITS.externalLinkingKey),
  ),
  email: optional(
    visibleText(FIELD_LABELS.email, LIMITS.email).refine((value) => EMAIL.test(value), {
      message: 'Enter an email address like name@example.org',
    }),
  ),
  userPrincipalName: optional(
    visibleText(FIELD_LABELS.userPrincipalName, LIMITS.userPrincipalName).refine(
      (value) => UPN.test(value),
      { message: 'Enter a user principal name like name@domain' },
    ),
  ),
});
/** The form's raw values, before trimming. */
export type ApplicantInputDraft = z.input<typeof ApplicantInput>;
/** Parsed, trimmed values. */
export type ApplicantInput = z.output<typeof ApplicantInput>;

export const EmployeeNumber = z.string().regex(/^[1-9]\d{7}$/, 'An Employee Number has 8 digits');
export type EmployeeNumber = z.infer<typeof EmployeeNumber>;

export const Applicant = z.strictObject({
  employeeNumber: EmployeeNumber,
  firstName: z.string(),
  middleName: z.string().optional(),
  lastName: z.string(),
  credentialTypeId: CredentialTypeId,
  externalLinkingKey: z.string().optional(),
  email: z.string().optional(),
  userPrincipalName: z.string().optional(),
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  /** The operator's certificate fingerprint (four eyes); absent before sign-in existed. */
  createdByFingerprint: z.string().optional(),
  stationId: z.string(),
  /** Set when a clerk merged this record into another after a possible duplicate was found at sync. */
  mergedInto: EmployeeNumber.optional(),
});
export type Applicant = z.infer<typeof Applicant>;

export type FieldErrors = Partial<Record<ApplicantField, string[]>>;

/**
 * Checks a parsed input against its credential type's policy: a mobile-capable
 * type, for example, makes EMAIL ADDRESS required.
 */
export function checkPolicy(input: ApplicantInput, type: CredentialType | undefined): FieldErrors {
  if (!type) {
    return { credentialTypeId: ['Invalid credential type: choose one from the list'] };
  }
  const errors: FieldErrors = {};
  for (const field of type.policy.requiredFields) {
    if (input[field] === undefined) {
      errors[field] = [`${FIELD_LABELS[field]} is required for the credential type ${type.name}`];
    }
  }
  return errors;
}

/** Field errors from a zod failure, keyed by form field. */
export function fieldErrorsFrom(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && field in FIELD_LABELS) {
      const key = field as ApplicantField;
      (errors[key] ??= []).push(issue.message);
    }
  }
  return errors;
}

/**
 * Full validation as both the form and the main process run it: syntax, then the
 * credential type's policy.
 */
export function validateApplicant(
  draft: unknown,
  credentialTypes: readonly CredentialType[],
): { ok: true; value: ApplicantInput } | { ok: false; fieldErrors: FieldErrors } {
  const parsed = ApplicantInput.safeParse(draft);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsFrom(parsed.error) };
  const type = credentialTypes.find((t) => t.id === parsed.data.credentialTypeId);
  const policyErrors = checkPolicy(parsed.data, type);
  if (Object.keys(policyErrors).length > 0) return { ok: false, fieldErrors: policyErrors };
  return { ok: true, value: parsed.data };
}

export function displayName(a: Pick<Applicant, 'firstName' | 'middleName' | 'lastName'>): string {
  return [a.firstName, a.middleName, a.lastName].filter(Boolean).join(' ');
}
