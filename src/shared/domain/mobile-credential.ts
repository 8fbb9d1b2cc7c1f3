import { z } from 'zod';

/**
 * Mobile credentials (Phase 4 of the procedure): an invitation code the person redeems
 * in the mobile app, then a credential bound to that phone's key.
 */

/** 32 symbols without look-alikes (no 0/O, 1/I): 16 of them carry 80 bits. */
export const INVITATION_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const INVITATION_LENGTH = 16;

/** `ADS7H65HYTJNRXR6` → `ADS7-H65H-YTJN-RXR6`, as the clerk's screen and the procedure show it. */
export function formatInvitationCode(code: string): string {
  const compact = code.replaceAll('-', '');
  return compact.match(/.{1,4}/g)?.join('-') ?? compact;
}

/**
 * What a person typed, as a code: case, spaces and hyphens (any dash) do not matter.
 * Undefined when it cannot be a code at all (such input never counts as a guess).
 */
export function normalizeInvitationCode(typed: string): string | undefined {
  const compact = typed.toUpperCase().replace(/[\s\-‐‑‒–—―_]/g, '');
  if (compact.length !== INVITATION_LENGTH) return undefined;
  for (const c of compact) if (!INVITATION_ALPHABET.includes(c)) return undefined;
  return compact;
}

/** A typed or scanned invitation code, normalised to its 16 symbols. */
export const InvitationCode = z.string().max(64).transform((typed, ctx) => {
  const code = normalizeInvitationCode(typed);
  if (!code) {
    ctx.addIssue({ code: 'custom', message: 'An invitation code has 16 letters and digits, like ADS7-H65H-YTJN-RXR6' });
    return z.NEVER;
  }
  return code;
});

/**
 * A credential's life on the server: *PENDING* approval → *ISSUED* → an invitation is
 * redeemed → *ACTIVE* on a phone; a supervisor may suspend and resume it; *REVOKED* is final,
 * and so is *REJECTED* (a supervisor refused the Pending credential).
 */
export const CredentialStatus = z.enum(['PENDING', 'ISSUED', 'ACTIVE', 'SUSPENDED', 'REVOKED', 'REJECTED']);
export type CredentialStatus = z.infer<typeof CredentialStatus>;

export type LifecycleAction = 'approve' | 'activate' | 'suspend' | 'resume' | 'revoke' | 'reissue';

const TRANSITIONS: Record<LifecycleAction, Partial<Record<CredentialStatus, CredentialStatus>>> = {
  approve: { PENDING: 'ISSUED' },
  activate: { ISSUED: 'ACTIVE' },
  suspend: { ACTIVE: 'SUSPENDED', ISSUED: 'SUSPENDED' },
  resume: { SUSPENDED: 'ACTIVE' },
  revoke: { PENDING: 'REVOKED', ISSUED: 'REVOKED', ACTIVE: 'REVOKED', SUSPENDED: 'REVOKED' },
  /** A new phone: the credential goes back to ISSUED and waits for a new invitation. */
  reissue: { ACTIVE: 'ISSUED', SUSPENDED: 'ISSUED' },
};

/** The status after `action`, or undefined when the action is not allowed from `from`. */
export function nextStatus(from: CredentialStatus, action: LifecycleAction): CredentialStatus | undefined {
  return TRANSITIONS[action][from];
}

/** What the phone reports about itself when it redeems (the procedure's "Expected Mobile Device Details"). */
export const PhoneDetails = z.strictObject({
  deviceId: z.string().trim().min(1).max(100),
  osVersion: z.string().trim().min(1).max(100),
  secureElementType: z.string().trim().min(1).max(50),
  manufacturer: z.string().trim().min(1).max(100),
  model: z.string().trim().min(1).max(100),
  applicationVersion: z.string().trim().min(1).max(50),
});
export type PhoneDetails = z.infer<typeof PhoneDetails>;

/** A mobile credential as the server holds it and the stations show it. */
export const MobileCredential = z.strictObject({
  /** The device credential it belongs to (the Credentials tab's ISSUED credential). */
  credentialId: z.string().min(1).max(100),
  deviceId: z.string().min(1).max(100),
  employeeNumber: z.string().regex(/^\d{8}$/),
  credentialTypeId: z.string(),
  status: CredentialStatus,
  statusReason: z.string().max(500).optional(),
  statusChangedAt: z.iso.datetime(),
  statusChangedBy: z.string().optional(),
  /** The newest invitation: its id and times (never the code, which exists only as a hash). */
  invitation: z
    .strictObject({
      id: z.uuid(),
      createdAt: z.iso.datetime(),
      expiresAt: z.iso.datetime(),
      state: z.enum(['open', 'redeemed', 'expired', 'replaced', 'revoked']),
    })
    .optional(),
  phone: PhoneDetails.optional(),
  activatedAt: z.iso.datetime().optional(),
  /** Set when a door granted access with this credential (the checklist's last item). */
  lastAccessGrantedAt: z.iso.datetime().optional(),
});
export type MobileCredential = z.infer<typeof MobileCredential>;
