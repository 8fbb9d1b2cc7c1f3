import { z } from 'zod';
import { formatInvitationCode, InvitationCode, MobileCredential, PhoneDetails } from '../domain/mobile-credential';

/**
 * Mobile credential pickup over the central server's `/v1` API: the station asks for an
 * invitation, the wallet (the phone app) redeems it with its public key, a door checks a
 * signed challenge. Parsed with these schemas on both sides; described in docs/api.md.
 */

// ── Station → server (station credential) ───────────────────────────────────

/** `POST /v1/invitations`: a new invitation for a device credential (replaces any open one). */
export const InvitationRequest = z.strictObject({
  credentialId: z.string().min(1).max(100),
  /** Who asked (shown in the server's records); the station's operator. */
  requestedBy: z.string().min(1).max(200),
});
export type InvitationRequest = z.infer<typeof InvitationRequest>;

/**
 * Who issues and manages this server's mobile credentials (server.config.json `mobile.provider`):
 * the pickup screen's "Device Type", "Device Management System" and "Certificate Authority"
 * (Step 10 of the procedure), and the phone app the person uses.
 */
export const MobileProviderInfo = z.strictObject({
  id: z.enum(['reference', 'hid-origo']),
  /** The app the person opens on the phone, e.g. "HID Mobile Access". */
  appName: z.string().min(1).max(100),
  deviceType: z.string().min(1).max(100),
  deviceManagementSystem: z.string().min(1).max(200),
  certificateAuthority: z.string().min(1).max(200),
});
export type MobileProviderInfo = z.infer<typeof MobileProviderInfo>;

export const InvitationResponse = z.strictObject({
  invitationId: z.uuid(),
  /** `XXXX-XXXX-XXXX-XXXX`. Shown once: the server keeps only its hash. */
  code: z.string().regex(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/),
  expiresAt: z.iso.datetime(),
  /** What the QR code holds: `pickupUri` for the reference wallet, the bare code for HID Mobile Access. */
  pickupUri: z.string().min(1).max(2000),
  credential: MobileCredential,
  provider: MobileProviderInfo,
  serverTime: z.iso.datetime(),
});
export type InvitationResponse = z.infer<typeof InvitationResponse>;

/** `POST /v1/credentials/:credentialId/status`: Suspend / Resume / Revoke with a reason. */
export const StatusChangeRequest = z.strictObject({
  action: z.enum(['suspend', 'resume', 'revoke']),
  reason: z.string().trim().min(3, 'Give a reason of at least 3 characters').max(500),
  changedBy: z.string().min(1).max(200),
});
export type StatusChangeRequest = z.infer<typeof StatusChangeRequest>;

export const CredentialResponse = z.strictObject({
  credential: MobileCredential,
  serverTime: z.iso.datetime(),
});
export type CredentialResponse = z.infer<typeof CredentialResponse>;

// ── Wallet → server (no station credential: the code is the proof) ─────────

/** `POST /v1/wallet/redeem` */
export const RedeemRequest = z.strictObject({
  code: InvitationCode,
  phone: PhoneDetails,
  /** The wallet's ECDSA P-256 public key, SPKI DER in base64: the credential is bound to it. */
  publicKey: z.string().min(80).max(400).regex(/^[A-Za-z0-9+/]+=*$/),
});
export type RedeemRequest = z.input<typeof RedeemRequest>;

export const RedeemResponse = z.strictObject({
  credential: z.strictObject({
    credentialId: z.string(),
    status: z.literal('ACTIVE'),
    holderName: z.string(),
    employeeNumber: z.string(),
    credentialTypeName: z.string(),
    organization: z.string(),
  }),
  serverTime: z.iso.datetime(),
});
export type RedeemResponse = z.infer<typeof RedeemResponse>;

// ── Door → server ───────────────────────────────────────────────────────────

/** `POST /v1/doors/:doorId/challenges` → a one-time challenge, valid for a minute. */
export const ChallengeResponse = z.strictObject({
  challengeId: z.uuid(),
  nonce: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  expiresAt: z.iso.datetime(),
});
export type ChallengeResponse = z.infer<typeof ChallengeResponse>;

/** The exact bytes the wallet signs (UTF-8), ECDSA P-256 with SHA-256, DER signature. */
export function challengeMessage(doorId: string, challengeId: string, nonce: string): string {
  return `enrollment-station/door-challenge/v1\n${doorId}\n${challengeId}\n${nonce}`;
}

/** `POST /v1/doors/:doorId/access` */
export const AccessRequest = z.strictObject({
  challengeId: z.uuid(),
  credentialId: z.string().min(1).max(100),
  /** base64 DER ECDSA signature over `challengeMessage(...)`. */
  signature: z.string().min(8).max(200).regex(/^[A-Za-z0-9+/]+=*$/),
});
export type AccessRequest = z.infer<typeof AccessRequest>;

export const AccessReason = z.enum([
  'granted',
  'suspended',
  'revoked',
  'not-active',
  'unknown-credential',
  'bad-signature',
  'replayed',
  'expired-challenge',
  'unknown-challenge',
]);
/** Always HTTP 200: a door wants a decision. Each decision is logged on the server. */
export const AccessResponse = z.strictObject({
  decision: z.enum(['GRANTED', 'DENIED']),
  reason: AccessReason,
  at: z.iso.datetime(),
});
export type AccessResponse = z.infer<typeof AccessResponse>;

// ── The QR code ─────────────────────────────────────────────────────────────

/**
 * What the QR code encodes: `enrollment-station://pickup?v=1&server=<url>&code=<XXXX-XXXX-XXXX-XXXX>`.
 * The server address travels with the code so any wallet can redeem it.
 */
export function pickupUri(serverUrl: string, code: string): string {
  const query = new URLSearchParams({ v: '1', server: serverUrl, code: formatInvitationCode(code) });
  return `enrollment-station://pickup?${query}`;
}

export function parsePickupUri(uri: string): { serverUrl: string; code: string } | undefined {
  const match = /^enrollment-station:\/\/pickup\?(.*)$/.exec(uri.trim());
  if (!match) return undefined;
  const query = new URLSearchParams(match[1]);
  const serverUrl = query.get('server');
  const code = query.get('code');
  if (query.get('v') !== '1' || !serverUrl || !code || !/^https?:\/\//.test(serverUrl)) return undefined;
  return { serverUrl, code };
}
