import { describe, expect, it } from 'vitest';
import { PhoneDetails } from '../../../shared/domain/mobile-credential';
import { mapOrigoCredentialStatus, phoneFromContainer } from './origo-status';

describe('mapOrigoCredentialStatus', () => {
  it.each([
    ['ISSUE_INITIATED', 'ISSUED'],
    ['ISSUED', 'ISSUED'],
    ['ACTIVE', 'ACTIVE'],
    ['RESUME_INITIATED', 'ACTIVE'],
    ['SUSPENDED', 'SUSPENDED'],
    ['REVOKE_INITIATED', 'REVOKED'],
    ['REVOKING', 'REVOKED'],
    ['REVOKED', 'REVOKED'],
    ['active', 'ACTIVE'],
    [' SUSPENDED ', 'SUSPENDED'],
  ])('%s → %s', (origo, station) => {
    expect(mapOrigoCredentialStatus(origo)).toBe(station);
  });

  it.each(['', 'PENDING', 'EXPIRED', 'SOMETHING_NEW'])('%j → undefined', (origo) => {
    expect(mapOrigoCredentialStatus(origo)).toBeUndefined();
  });
});

describe('phoneFromContainer', () => {
  it('takes what the container reports', () => {
    const phone = phoneFromContainer({ id: 2468, osVersion: 'iOS 16.7.11', secureElementType: 'EMULATED', manufacturer: 'Apple', model: 'iPhone X', applicationVersion: '4.9.1' });
    expect(phone).toEqual({ deviceId: '2468', osVersion: 'iOS 16.7.11', secureElementType: 'EMULATED', manufacturer: 'Apple', model: 'iPhone X', applicationVersion: '4.9.1' });
    expect(PhoneDetails.parse(phone)).toEqual(phone);
  });

  it('fills what is missing or blank with unknown, and always fits the schema', () => {
    const phone = phoneFromContainer({ id: 7, osVersion: '   ', model: undefined });
    expect(phone).toEqual({ deviceId: '7', osVersion: 'unknown', secureElementType: 'unknown', manufacturer: 'unknown', model: 'unknown', applicationVersion: 'unknown' });
    expect(PhoneDetails.safeParse(phone).success).toBe(true);
  });

  it('cuts long values to the schema’s limits without splitting a character', () => {
    const phone = phoneFromContainer({ id: 1, secureElementType: 'E'.repeat(49) + '😀', model: ' ' + 'M'.repeat(300), applicationVersion: 'v'.repeat(51) });
    expect(phone.secureElementType).toBe('E'.repeat(49));
    expect(phone.model).toBe('M'.repeat(100));
    expect(phone.applicationVersion).toHaveLength(50);
    expect(PhoneDetails.safeParse(phone).success).toBe(true);
  });
});
