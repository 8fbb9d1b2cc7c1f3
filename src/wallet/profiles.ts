import type { PhoneDetails } from '../shared/domain/mobile-credential';

/**
 * Phones the reference wallet can play, with what each reports when it redeems (the
 * procedure's "Expected Mobile Device Details"). The iPhone X is the procedure's example
 * and the default. The Device ID is not here: each wallet home draws its own.
 */
export const PROFILES = {
  'iphone-x': { manufacturer: 'Apple', model: 'iPhone X', osVersion: 'iOS 16.7.11', secureElementType: 'EMULATED', applicationVersion: '4.9.1' },
  'pixel-8': { manufacturer: 'Google', model: 'Pixel 8', osVersion: 'Android 14', secureElementType: 'EMBEDDED', applicationVersion: '4.9.1' },
  'galaxy-s23': { manufacturer: 'Samsung', model: 'Galaxy S23', osVersion: 'Android 14', secureElementType: 'EMBEDDED', applicationVersion: '4.9.1' },
} as const satisfies Record<string, Omit<PhoneDetails, 'deviceId'>>;

export type ProfileName = keyof typeof PROFILES;

export const DEFAULT_PROFILE: ProfileName = 'iphone-x';

export const PROFILE_NAMES = Object.keys(PROFILES) as [ProfileName, ...ProfileName[]];

export function isProfileName(name: string): name is ProfileName {
  return Object.hasOwn(PROFILES, name);
}

/** The details a phone of this profile reports, with its Device ID. */
export function phoneFor(profile: ProfileName, deviceId: string): PhoneDetails {
  return { deviceId, ...PROFILES[profile] };
}
