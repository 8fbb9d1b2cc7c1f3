import { describe, expect, it } from 'vitest';
import { PhoneDetails } from '../shared/domain/mobile-credential';
import { DEFAULT_PROFILE, isProfileName, phoneFor, PROFILE_NAMES, PROFILES } from './profiles';

describe('device profiles', () => {
  it('the default is the procedure’s example phone: Apple iPhone X, iOS 16.7.11, EMULATED, app 4.9.1', () => {
    expect(DEFAULT_PROFILE).toBe('iphone-x');
    expect(phoneFor('iphone-x', '1412104381')).toEqual({
      deviceId: '1412104381',
      manufacturer: 'Apple',
      model: 'iPhone X',
      osVersion: 'iOS 16.7.11',
      secureElementType: 'EMULATED',
      applicationVersion: '4.9.1',
    });
  });

  it('offers iphone-x, pixel-8 and galaxy-s23, each with details the server accepts', () => {
    expect(PROFILE_NAMES).toEqual(['iphone-x', 'pixel-8', 'galaxy-s23']);
    for (const name of PROFILE_NAMES) expect(PhoneDetails.safeParse(phoneFor(name, '1234567890')).success, name).toBe(true);
    expect(PROFILES['pixel-8']).toMatchObject({ manufacturer: 'Google', model: 'Pixel 8', osVersion: 'Android 14' });
    expect(PROFILES['galaxy-s23']).toMatchObject({ manufacturer: 'Samsung', model: 'Galaxy S23' });
  });

  it('knows only its own names', () => {
    expect(isProfileName('pixel-8')).toBe(true);
    for (const name of ['iphone', 'IPHONE-X', 'toString', '__proto__', 'constructor', '']) expect(isProfileName(name), name).toBe(false);
  });
});
