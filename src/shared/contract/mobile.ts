import { z } from 'zod';
import { EmployeeNumber } from '../domain/applicant';
import { MobileCredential } from '../domain/mobile-credential';
import { channel, event } from './define';

/** What the full-screen pickup modal shows (Step 10 of the procedure). */
export const Invitation = z.strictObject({
  invitationId: z.uuid(),
  /** `XXXX-XXXX-XXXX-XXXX`; kept in memory only, never saved on the station. */
  code: z.string(),
  /** The QR code's content. */
  pickupUri: z.string(),
  expiresAt: z.iso.datetime(),
  /** Server time minus station time, so the countdown follows the server's clock. */
  clockOffsetMs: z.number(),
  /** "User ID and email address" */
  userId: z.string(),
  email: z.string().optional(),
  holderName: z.string(),
  /** The phone app that scans the code (the server's provider: "HID Mobile Access" for HID Origo). */
  appName: z.string(),
  deviceType: z.string(),
  deviceManagementSystem: z.string(),
  certificateAuthority: z.string(),
  credential: MobileCredential,
});
export type Invitation = z.infer<typeof Invitation>;

export const InviteInput = z.strictObject({
  employeeNumber: EmployeeNumber,
  /** The device credential (Credentials tab) the mobile credential is issued for. */
  credentialId: z.string().min(1).max(100),
});

export const SetStatusInput = z.strictObject({
  credentialId: z.string().min(1).max(100),
  action: z.enum(['suspend', 'resume', 'revoke']),
  reason: z.string().trim().min(3, 'Give a reason of at least 3 characters').max(500),
});
export type SetStatusInput = z.infer<typeof SetStatusInput>;

export const mobileChannels = {
  /** Action › Pick up your HID Mobile Credential: a new invitation (the previous one stops working). */
  'mobile:invite': channel(InviteInput, Invitation),
  /** The person's mobile credentials as the server last reported them. */
  'mobile:list': channel(z.strictObject({ employeeNumber: EmployeeNumber }), z.array(MobileCredential)),
  'mobile:set-status': channel(SetStatusInput, MobileCredential),
};

export const mobileEvents = {
  /** A mobile credential changed on the server (redeemed → ACTIVE with the phone, suspended, …). */
  'mobile:changed': event(z.strictObject({ employeeNumber: EmployeeNumber, credential: MobileCredential })),
};
