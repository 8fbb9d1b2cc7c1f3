import { z } from 'zod';

/** Optional applicant fields a credential type's policy can make required. */
export const OptionalApplicantField = z.enum(['externalLinkingKey', 'email', 'userPrincipalName']);
export type OptionalApplicantField = z.infer<typeof OptionalApplicantField>;

export const CredentialTypePolicy = z.strictObject({
  /** Whether a mobile credential (HID Origo style) can be issued for this type. */
  mobileCapable: z.boolean(),
  /** Optional fields that become required for this type. */
  requiredFields: z.array(OptionalApplicantField).default([]),
  /** Whether the card PIN must be verified when a device is enrolled. */
  pinRequiredForDeviceEnrollment: z.boolean(),
  /** Whether new credentials stay Pending until a supervisor approves them. */
  supervisorApprovalRequired: z.boolean(),
  /** Which cards can be enrolled for this type (+ Device). */
  acceptedCardTypes: z.array(z.enum(['piv', 'contactless-uid'])).min(1).default(['piv']),
  /** How long a mobile credential invitation stays valid: 30 minutes for an on-screen pickup, at most 7 days. */
  invitationValidMinutes: z.number().int().min(1).max(7 * 24 * 60).default(30),
  /**
   * The mobile provider's part number for this type (HID Origo); without it the server's
   * `mobile.origo.partNumbers` entry is used.
   */
  mobilePartNumber: z.string().trim().min(1, 'The part number cannot be empty: leave it out to use the server configuration').max(64).optional(),
});
export type CredentialTypePolicy = z.infer<typeof CredentialTypePolicy>;

/** The types a new applicant may be given (not retired). */
export const offeredCredentialTypes = <T extends { retired?: boolean | undefined }>(types: readonly T[]): T[] => types.filter((t) => !t.retired);

export const CredentialTypeId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'Use lower-case letters, digits and hyphens');

export const CredentialType = z.strictObject({
  id: CredentialTypeId,
  name: z.string().trim().min(1, 'Give the credential type a name').max(80),
  policy: CredentialTypePolicy,
  /**
   * Retired by an administrator: stays on existing applicants and credentials (shown as
   * retired) but is neither offered nor accepted for new applicants.
   */
  retired: z.boolean().optional(),
});
export type CredentialType = z.infer<typeof CredentialType>;

/** Seeded when a station's configuration names no credential types. */
export const DEFAULT_CREDENTIAL_TYPES: readonly CredentialType[] = [
  {
    id: 'mobile-pacs-employee',
    name: 'Mobile PACS – Employee',
    policy: {
      mobileCapable: true,
      requiredFields: ['email'],
      pinRequiredForDeviceEnrollment: true,
      supervisorApprovalRequired: false,
      acceptedCardTypes: ['piv'],
      invitationValidMinutes: 30,
    },
  },
  {
    id: 'mobile-pacs-contractor',
    name: 'Mobile PACS – Contractor',
    policy: {
      mobileCapable: true,
      requiredFields: ['email'],
      pinRequiredForDeviceEnrollment: true,
      supervisorApprovalRequired: true,
      acceptedCardTypes: ['piv'],
      invitationValidMinutes: 30,
    },
  },
  {
    id: 'piv-card-employee',
    name: 'PIV Card – Employee',
    policy: {
      mobileCapable: false,
      requiredFields: [],
      pinRequiredForDeviceEnrollment: true,
      supervisorApprovalRequired: false,
      acceptedCardTypes: ['piv'],
      invitationValidMinutes: 30,
    },
  },
  {
    id: 'prox-card-visitor',
    name: 'Proximity Card – Visitor',
    policy: {
      mobileCapable: false,
      requiredFields: [],
      pinRequiredForDeviceEnrollment: false,
      supervisorApprovalRequired: false,
      acceptedCardTypes: ['contactless-uid'],
      invitationValidMinutes: 30,
    },
  },
];
