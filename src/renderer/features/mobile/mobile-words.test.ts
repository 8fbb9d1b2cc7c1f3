import { describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIAL_TYPES } from '../../../shared/domain/credential-types';
import type { DeviceCredential } from '../../../shared/domain/device';
import { activeMobileCredential, sampleDevice, sampleMobileCredential } from '../../test-support/samples';
import { countdownAnnouncement } from './use-countdown';
import { formatRemaining, mobileCandidate, pickupAvailability, statusActionAvailability } from './mobile-words';

const type = (id: string) => DEFAULT_CREDENTIAL_TYPES.find((t) => t.id === id);
const credential = (overrides: Partial<DeviceCredential> = {}): DeviceCredential => ({
  id: 'cred-1',
  credentialTypeId: 'mobile-pacs-employee',
  status: 'ISSUED',
  issuedAt: '2025-03-12T13:10:05.000Z',
  ...overrides,
});

describe('Action menu availability', () => {
  it('offers Pick up for an ISSUED credential of a mobile-capable type, not yet on a phone', () => {
    expect(pickupAvailability(credential(), type('mobile-pacs-employee'), undefined)).toEqual({ enabled: true });
    // A new code while one is open: the old one stops working.
    expect(pickupAvailability(credential(), type('mobile-pacs-employee'), sampleMobileCredential()).enabled).toBe(true);
  });

  it('says why Pick up is off', () => {
    expect(pickupAvailability(credential({ status: 'PENDING' }), type('mobile-pacs-contractor'), undefined).reason).toMatch(/^Pending approval/);
    expect(pickupAvailability(credential({ credentialTypeId: 'piv-card-employee' }), type('piv-card-employee'), undefined).reason).toBe(
      'Invalid credential type: PIV Card – Employee is not configured for mobile credentials',
    );
    expect(pickupAvailability(credential(), type('mobile-pacs-employee'), activeMobileCredential()).reason).toBe('Already ACTIVE on Apple iPhone X');
    expect(pickupAvailability(credential(), type('mobile-pacs-employee'), activeMobileCredential({ status: 'REVOKED' })).reason).toMatch(/stays revoked/);
    expect(pickupAvailability(undefined, undefined, undefined).reason).toBe('No credential on this device');
  });

  it('follows the lifecycle for Suspend, Resume and Revoke', () => {
    const allowed = (status: Parameters<typeof activeMobileCredential>[0]) =>
      (['suspend', 'resume', 'revoke'] as const).filter((a) => statusActionAvailability(a, activeMobileCredential(status)).enabled);
    expect(allowed({ status: 'ACTIVE' })).toEqual(['suspend', 'revoke']);
    expect(allowed({ status: 'SUSPENDED' })).toEqual(['resume', 'revoke']);
    expect(allowed({ status: 'REVOKED' })).toEqual([]);
    expect(statusActionAvailability('suspend', undefined)).toEqual({ enabled: false, reason: 'No mobile credential yet' });
    expect(statusActionAvailability('resume', activeMobileCredential()).reason).toBe('Not possible while ACTIVE');
  });

  it('issues the mobile credential for the mobile-capable credential of a device', () => {
    const device = sampleDevice({
      credentials: [credential({ id: 'card', credentialTypeId: 'piv-card-employee' }), credential({ id: 'mobile' })],
    });
    expect(mobileCandidate(device, DEFAULT_CREDENTIAL_TYPES)?.id).toBe('mobile');
    expect(mobileCandidate(sampleDevice(), DEFAULT_CREDENTIAL_TYPES)?.id).toBe('cred-1');
  });
});

describe('countdown words', () => {
  it('shows minutes and seconds, hours and days when long', () => {
    expect(formatRemaining(29 * 60_000 + 41_000)).toBe('29:41');
    expect(formatRemaining(9_000)).toBe('0:09');
    expect(formatRemaining(400)).toBe('0:01');
    expect(formatRemaining(-5_000)).toBe('0:00');
    expect(formatRemaining(3_909_000)).toBe('1:05:09');
    expect(formatRemaining(2 * 86_400_000 + 3 * 3_600_000 + 4 * 60_000 + 5_000)).toBe('2 d 03:04:05');
  });

  it('is announced at a few thresholds only', () => {
    expect(countdownAnnouncement(29 * 60)).toBe('');
    expect(countdownAnnouncement(10 * 60)).toMatch(/Less than 10 minutes/);
    expect(countdownAnnouncement(9 * 60)).toBe(countdownAnnouncement(6 * 60));
    expect(countdownAnnouncement(5 * 60)).toMatch(/Less than 5 minutes/);
    expect(countdownAnnouncement(59)).toMatch(/Less than 1 minute/);
    expect(countdownAnnouncement(0)).toBe('The invitation code has expired.');
  });
});
