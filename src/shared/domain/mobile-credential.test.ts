import { describe, expect, it } from 'vitest';
import { parsePickupUri, pickupUri } from '../contract/mobile-protocol';
import { CredentialStatus, formatInvitationCode, nextStatus, normalizeInvitationCode, type LifecycleAction } from './mobile-credential';

describe('invitation codes as people type them', () => {
  it('ignore case, spaces and any kind of dash', () => {
    for (const typed of ['ads7-h65h-ytjn-rxr6', ' ADS7 H65H YTJN RXR6 ', 'ADS7–H65H—YTJN‑RXR6', 'ADS7H65HYTJNRXR6']) {
      expect(normalizeInvitationCode(typed)).toBe('ADS7H65HYTJNRXR6');
    }
  });

  it('refuse look-alikes and wrong lengths (such input never counts as a guess)', () => {
    for (const typed of ['ADS7-H65H-YTJN-RXR', 'ADS7-H65H-YTJN-RXR66', 'ADS0-H65H-YTJN-RXR6', 'ADSO-H65H-YTJN-RXR6', 'ADS1-H65H-YTJN-RXR6', 'ADSI-H65H-YTJN-RXR6', '']) {
      expect(normalizeInvitationCode(typed), typed).toBeUndefined();
    }
  });

  it('are shown in four groups of four, however often formatted', () => {
    expect(formatInvitationCode('ADS7H65HYTJNRXR6')).toBe('ADS7-H65H-YTJN-RXR6');
    expect(formatInvitationCode(formatInvitationCode('ADS7H65HYTJNRXR6'))).toBe('ADS7-H65H-YTJN-RXR6');
  });

  it('travel in the QR code with the server address and come back out unchanged', () => {
    const uri = pickupUri('https://credentials.example.org:8443', 'ADS7H65HYTJNRXR6');
    expect(uri).toBe('enrollment-station://pickup?v=1&server=https%3A%2F%2Fcredentials.example.org%3A8443&code=ADS7-H65H-YTJN-RXR6');
    expect(parsePickupUri(uri)).toEqual({ serverUrl: 'https://credentials.example.org:8443', code: 'ADS7-H65H-YTJN-RXR6' });
    expect(parsePickupUri('https://evil.example/?code=ADS7-H65H-YTJN-RXR6')).toBeUndefined();
    expect(parsePickupUri('enrollment-station://pickup?v=1&server=javascript%3Aalert(1)&code=X')).toBeUndefined();
  });
});

describe('the credential lifecycle', () => {
  const LEGAL: Record<string, string> = {
    'PENDING approve': 'ISSUED',
    'ISSUED activate': 'ACTIVE',
    'ACTIVE suspend': 'SUSPENDED',
    'ISSUED suspend': 'SUSPENDED',
    'SUSPENDED resume': 'ACTIVE',
    'PENDING revoke': 'REVOKED',
    'ISSUED revoke': 'REVOKED',
    'ACTIVE revoke': 'REVOKED',
    'SUSPENDED revoke': 'REVOKED',
    'ACTIVE reissue': 'ISSUED',
    'SUSPENDED reissue': 'ISSUED',
  };
  const actions: LifecycleAction[] = ['approve', 'activate', 'suspend', 'resume', 'revoke', 'reissue'];

  it.each(CredentialStatus.options.flatMap((from) => actions.map((action) => [from, action] as const)))('%s + %s', (from, action) => {
    expect(nextStatus(from, action)).toBe(LEGAL[`${from} ${action}`]);
  });

  it('never leaves REVOKED', () => {
    for (const action of actions) expect(nextStatus('REVOKED', action)).toBeUndefined();
  });
});
