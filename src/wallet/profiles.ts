import type { PhoneDetails } from '../shared/domain/mobile-credential';

/** Phones the reference wallet can play; the iPhone X is the procedure's example. */
export const PROFILES = {
  'iphone-x': { manufacturer: 'Apple', model: 'iPhone X', osVersion: 'iOS 16.7.11', secureElementType: 'EMULATED', applicationVersion: '4.9.1' },
  'pixel-8': { manufacturer: 'Google', model: 'Pixel 8', osVersion: 'Android 14', secureElementType: 'EMBEDDED', applicationVersion: '4.9.1' },
  'galaxy-s23': { manufacturer: 'Samsung', model: 'Galaxy S23', osVersion: 'Android 14', secureElementType: 'EMBEDDED', applicationVersion: '4.8.7' },
} as const satisfies Record<string, Omit<PhoneDetails, 'deviceId'>>;

export type ProfileName = keyof typeof PROFILES;

export function isProfileName(name: string): name is ProfileName {
  return Object.hasOwn(PROFILES, name);
}
