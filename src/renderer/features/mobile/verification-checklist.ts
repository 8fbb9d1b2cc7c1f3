import type { Applicant } from '../../../shared/domain/applicant';
import type { CredentialType } from '../../../shared/domain/credential-types';
import type { Device } from '../../../shared/domain/device';
import type { MobileCredential } from '../../../shared/domain/mobile-credential';
import { formatLocal } from '../../lib/format-time';

export interface ChecklistItem {
  /** The procedure's words. */
  label: string;
  done: boolean;
  /** What shows it is done, or what is missing, in a few words. */
  note: string;
}

export interface ChecklistInput {
  applicant: Applicant;
  types: readonly CredentialType[];
  /** Undefined while the device report is being obtained. */
  devices: readonly Device[] | undefined;
  /** Undefined while the mobile credentials are being obtained. */
  mobiles: readonly MobileCredential[] | undefined;
}

const CHECKING = 'Checking…';

/** The one mobile credential the checklist follows: an ACTIVE one, else the most recently changed that is not revoked. */
export function followedCredential(mobiles: readonly MobileCredential[]): MobileCredential | undefined {
  const byRecent = [...mobiles].sort((a, b) => b.statusChangedAt.localeCompare(a.statusChangedAt));
  return byRecent.find((m) => m.status === 'ACTIVE') ?? byRecent.find((m) => m.status !== 'REVOKED') ?? byRecent[0];
}

/**
 * The procedure's Verification Checklist, each item ticked only from what the station
 * and the server actually recorded.
 */
export function verificationChecklist({ applicant, types, devices, mobiles }: ChecklistInput): ChecklistItem[] {
  const type = types.find((t) => t.id === applicant.credentialTypeId);
  const missing = [!applicant.firstName && 'first name', !applicant.lastName && 'last name', !applicant.email && 'email address'].filter(Boolean);
  const withSerial = devices?.find((d) => d.serialNumber.trim() !== '');
  const credentials = devices?.flatMap((d) => d.credentials) ?? [];
  const issued = credentials.some((c) => c.status === 'ISSUED');
  const mobile = mobiles && followedCredential(mobiles);
  const scanned = mobile !== undefined && (mobile.invitation?.state === 'redeemed' || mobile.phone !== undefined);

  const mobileNote = (fallback: string) => (mobiles === undefined ? CHECKING : fallback);
  return [
    {
      label: 'User successfully added to IDMS with unique Employee Number',
      done: applicant.employeeNumber !== '',
      note: `Employee Number ${applicant.employeeNumber}`,
    },
    {
      label: 'All required user information entered correctly (name, email)',
      done: missing.length === 0,
      note: missing.length === 0 ? `${applicant.firstName} ${applicant.lastName}, ${applicant.email}` : `Missing: ${missing.join(', ')} (Details tab)`,
    },
    {
      label: 'Appropriate credential type selected and assigned',
      done: type?.policy.mobileCapable === true,
      note: !type
        ? `${applicant.credentialTypeId} is not configured on this station`
        : type.policy.mobileCapable
          ? type.name
          : `${type.name} is not configured for mobile credentials`,
    },
    {
      label: 'Physical device enrolled with valid serial number',
      done: withSerial !== undefined,
      note: devices === undefined ? CHECKING : withSerial ? `Serial Number ${withSerial.serialNumber}` : 'No device enrolled yet (+ Device)',
    },
    {
      label: "Credentials show 'ISSUED' status in IDMS",
      done: issued,
      note:
        devices === undefined ? CHECKING : issued ? 'ISSUED' : credentials.length > 0 ? 'Pending: waits for a supervisor’s approval' : 'No credential yet',
    },
    {
      label: 'QR code generated and displayed successfully',
      done: mobile?.invitation !== undefined,
      note: mobile?.invitation ? `Generated ${formatLocal(mobile.invitation.createdAt)}` : mobileNote('Not yet: Action › Pick up your HID Mobile Credential'),
    },
    {
      label: 'Mobile app successfully scanned QR code',
      done: scanned,
      note: scanned ? 'Scanned' : mobile?.invitation?.state === 'expired' ? 'Not scanned: the invitation code expired' : mobileNote('Not scanned yet'),
    },
    {
      label: 'Mobile credential appears as active in HID Mobile Access app',
      done: mobile?.status === 'ACTIVE',
      note: mobile ? (mobile.status === 'ACTIVE' ? 'ACTIVE' : `Status is ${mobile.status}`) : mobileNote('No mobile credential yet'),
    },
    {
      label: 'Device information updated in IDMS showing mobile device details',
      done: mobile?.phone !== undefined,
      note: mobile?.phone ? `${mobile.phone.manufacturer} ${mobile.phone.model}, Device ID ${mobile.phone.deviceId}` : mobileNote('No mobile device details yet'),
    },
    {
      label: 'User can successfully present credential for access',
      done: mobile?.lastAccessGrantedAt !== undefined,
      note: mobile?.lastAccessGrantedAt ? `Access granted ${formatLocal(mobile.lastAccessGrantedAt)}` : mobileNote('No door has granted access yet'),
    },
  ];
}
