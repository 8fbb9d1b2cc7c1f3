/**
 * The phones the simulator's HID Mobile Access app can play when it redeems an invitation
 * (`POST /sim/phone/redeem`): what each reports in its credential container
 * (docs/hid-origo-wire.md). Capabilities are strings, as Origo sends them.
 */
export interface PhoneProfile {
  manufacturer: string;
  model: string;
  osVersion: string;
  secureElementType: 'EMULATED' | 'HCE' | 'EMBEDDED';
  applicationVersion: string;
  simOperator: string;
  bluetoothCapability: 'true' | 'false';
  nfcCapability: 'true' | 'false';
  hceCapability: 'true' | 'false';
}

export const PHONE_PROFILES = {
  'iphone-x': {
    manufacturer: 'Apple',
    model: 'iPhone X',
    osVersion: 'iOS 16.7.11',
    secureElementType: 'EMULATED',
    applicationVersion: '4.9.1',
    simOperator: 'Verizon',
    bluetoothCapability: 'true',
    nfcCapability: 'true',
    hceCapability: 'false',
  },
  'pixel-8': {
    manufacturer: 'Google',
    model: 'Pixel 8',
    osVersion: 'Android 15',
    secureElementType: 'HCE',
    applicationVersion: '4.9.1',
    simOperator: 'T-Mobile',
    bluetoothCapability: 'true',
    nfcCapability: 'true',
    hceCapability: 'true',
  },
  'galaxy-s23': {
    manufacturer: 'Samsung',
    model: 'Galaxy S23',
    osVersion: 'Android 14',
    secureElementType: 'EMBEDDED',
    applicationVersion: '4.9.1',
    simOperator: 'Vodafone',
    bluetoothCapability: 'true',
    nfcCapability: 'true',
    hceCapability: 'true',
  },
} as const satisfies Record<string, PhoneProfile>;

export type PhoneProfileName = keyof typeof PHONE_PROFILES;

export const DEFAULT_PHONE_PROFILE: PhoneProfileName = 'iphone-x';

export const PHONE_PROFILE_NAMES = Object.keys(PHONE_PROFILES) as [PhoneProfileName, ...PhoneProfileName[]];

export function isPhoneProfileName(name: string): name is PhoneProfileName {
  return Object.hasOwn(PHONE_PROFILES, name);
}
