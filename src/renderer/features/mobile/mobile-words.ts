import type { CredentialType } from '../../../shared/domain/credential-types';
import type { Device, DeviceCredential } from '../../../shared/domain/device';
import { nextStatus, type CredentialStatus, type MobileCredential, type PhoneDetails } from '../../../shared/domain/mobile-credential';
import type { Fact } from '../../components/FactList';
import { toneSx } from '../../app/theme';

/** The procedure's menu item (Step 9), also the pickup screen's title. */
export const PICKUP_LABEL = 'Pick up your HID Mobile Credential';

export type StatusAction = 'suspend' | 'resume' | 'revoke';

/** What each lifecycle action is called, and what it does, in words the clerk can read out. */
export const STATUS_ACTIONS: Record<StatusAction, { label: string; consequence: string; done: string }> = {
  suspend: {
    label: 'Suspend',
    consequence: 'The phone stops opening doors until the credential is resumed.',
    done: 'Mobile credential SUSPENDED',
  },
  resume: {
    label: 'Resume',
    consequence: 'The phone opens doors again.',
    done: 'Mobile credential ACTIVE again',
  },
  revoke: {
    label: 'Revoke',
    consequence: 'The phone stops opening doors for good. This cannot be undone.',
    done: 'Mobile credential REVOKED',
  },
};

/** An item of the Action menu: whether it can be chosen now and, when not, why. */
export interface Availability {
  enabled: boolean;
  reason?: string;
}

/** The device's credential a mobile credential is issued for: the first of a mobile-capable type. */
export function mobileCandidate(device: Device, types: readonly CredentialType[]): DeviceCredential | undefined {
  const capable = (c: DeviceCredential) => types.find((t) => t.id === c.credentialTypeId)?.policy.mobileCapable === true;
  return device.credentials.find(capable) ?? device.credentials[0];
}

/** Pick up is for an ISSUED credential of a mobile-capable type that is not yet on a phone. */
export function pickupAvailability(
  credential: DeviceCredential | undefined,
  type: CredentialType | undefined,
  mobile: MobileCredential | undefined,
): Availability {
  if (!credential) return { enabled: false, reason: 'No credential on this device' };
  if (!type?.policy.mobileCapable) {
    return { enabled: false, reason: `Invalid credential type: ${type?.name ?? credential.credentialTypeId} is not configured for mobile credentials` };
  }
  if (credential.status === 'PENDING') return { enabled: false, reason: "Pending approval: a supervisor's approval comes first" };
  if (credential.status === 'REJECTED') return { enabled: false, reason: 'REJECTED by a supervisor: enroll again after resolving the reason' };
  switch (mobile?.status) {
    case undefined:
    case 'ISSUED':
      return { enabled: true };
    case 'PENDING':
      return { enabled: false, reason: "Pending approval: a supervisor's approval comes first" };
    case 'ACTIVE':
      return { enabled: false, reason: `Already ACTIVE on ${phoneName(mobile.phone)}` };
    case 'SUSPENDED':
      return { enabled: false, reason: `Not while SUSPENDED on ${phoneName(mobile.phone)}` };
    case 'REVOKED':
      return { enabled: false, reason: 'REVOKED: a revoked credential stays revoked' };
    case 'REJECTED':
      return { enabled: false, reason: 'REJECTED by a supervisor: enroll again after resolving the reason' };
  }
}

/** Suspend / Resume / Revoke follow the credential's lifecycle on the server. */
export function statusActionAvailability(action: StatusAction, mobile: MobileCredential | undefined): Availability {
  if (!mobile) return { enabled: false, reason: 'No mobile credential yet' };
  if (nextStatus(mobile.status, action)) return { enabled: true };
  return { enabled: false, reason: `Not possible while ${mobile.status}` };
}

/** "Apple iPhone X", or "a phone" before one redeemed the invitation. */
export function phoneName(phone: PhoneDetails | undefined): string {
  return phone ? `${phone.manufacturer} ${phone.model}` : 'a phone';
}

/** The procedure's "Expected Mobile Device Details", in its order and words. */
export function phoneFacts(phone: PhoneDetails, status: CredentialStatus): Fact[] {
  return [
    ['Device ID', phone.deviceId],
    ['Status', status],
    ['OS Version', phone.osVersion],
    ['Secure Element Type', phone.secureElementType],
    ['Manufacturer', phone.manufacturer],
    ['Model', phone.model],
    ['Application Version', phone.applicationVersion],
  ];
}

/** Status chips: green when it opens doors, amber when held, red when ended, neutral while invited. Always with the word. */
export const STATUS_LOOKS: Record<CredentialStatus, { bgcolor: string; color: string }> = {
  ACTIVE: toneSx('good'),
  SUSPENDED: toneSx('caution'),
  REVOKED: toneSx('bad'),
  ISSUED: toneSx('neutral'),
  PENDING: toneSx('neutral'),
  REJECTED: toneSx('bad'),
};

/** The newest mobile credential for a device credential, if any. */
export function mobileFor(credentialId: string | undefined, mobiles: readonly MobileCredential[]): MobileCredential | undefined {
  return credentialId === undefined ? undefined : mobiles.find((m) => m.credentialId === credentialId);
}

/** "29:41", "0:09", "1:05:09", "2 d 03:04:05": what is left of an invitation, never negative. */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  const seconds = total % 60;
  const minutes = Math.floor(total / 60) % 60;
  const hours = Math.floor(total / 3600) % 24;
  const days = Math.floor(total / 86400);
  if (days > 0) return `${days} d ${two(hours)}:${two(minutes)}:${two(seconds)}`;
  if (hours > 0) return `${hours}:${two(minutes)}:${two(seconds)}`;
  return `${minutes}:${two(seconds)}`;
}
