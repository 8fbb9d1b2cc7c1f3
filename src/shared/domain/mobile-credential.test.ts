import { describe, expect, it } from 'vitest';
import { CredentialStatus, formatInvitationCode, nextStatus, normalizeInvitationCode, type LifecycleAction } from './mobile-credential';

describe('invitation codes as people type them', () => {
  it('ignore case, spaces and any kind of dash', () => {
    for (const typed of [
      'ads7-h65h-ytjn-rxr6',
      'Ads7-H65h-yTjN-rXr6',
      ' ADS7 H65H YTJN RXR6 ',
      'ADS7\tH65H\u00a0YTJN\nRXR6',
      'ADS7–H65H—YTJN‑RXR6', // en dash, em dash, non-breaking hyphen (phones "smarten" typed dashes)
      'ADS7‐H65H‒YTJN―RXR6', // hyphen, figure dash, horizontal bar
      'ADS7_H65H_YTJN_RXR6',
      'ADS7--H65H - YTJN-RXR6',
      'ADS7H65HYTJNRXR6',
    ]) {
      expect(normalizeInvitationCode(typed), typed).toBe('ADS7H65HYTJNRXR6');
    }
  });

  it('refuse look-alikes, other characters and wrong lengths (such input never counts as a guess)', () => {
    for (const typed of [
      'ADS7-H65H-YTJN-RXR',
      'ADS7-H65H-YTJN-RXR66',
      'ADS0-H65H-YTJN-RXR6', // zero
      'ADSO-H65H-YTJN-RXR6', // letter O
      'ADS1-H65H-YTJN-RXR6', // one
      'ADSI-H65H-YTJN-RXR6', // letter I
      'ADSl-H65H-YTJN-RXR6'.replace('l', 'ı'), // dotless i upper-cases to I
      'ADS7.H65H.YTJN.RXR6',
      'ADS7/H65H/YTJN/RXR6',
      'ÄDS7-H65H-YTJN-RXR6',
      '----------------',
      '',
    ]) {
      expect(normalizeInvitationCode(typed), typed).toBeUndefined();
    }
  });

  it('are shown in four groups of four, however often formatted', () => {
    expect(formatInvitationCode('ADS7H65HYTJNRXR6')).toBe('ADS7-H65H-YTJN-RXR6');
    expect(formatInvitationCode(formatInvitationCode('ADS7H65HYTJNRXR6'))).toBe('ADS7-H65H-YTJN-RXR6');
    expect(normalizeInvitationCode(formatInvitationCode('ADS7H65HYTJNRXR6'))).toBe('ADS7H65HYTJNRXR6');
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

  it('has exactly the legal transitions above: every other (status, action) pair is refused', () => {
    const pairs = CredentialStatus.options.flatMap((from) => actions.map((action) => `${from} ${action}`));
    expect(pairs).toHaveLength(36); // 6 statuses × 6 actions
    expect(pairs.filter((pair) => nextStatus(...(pair.split(' ') as [CredentialStatus, LifecycleAction])) !== undefined).sort()).toEqual(Object.keys(LEGAL).sort());
  });

  it('never leaves REVOKED', () => {
    for (const action of actions) expect(nextStatus('REVOKED', action)).toBeUndefined();
  });

  it('never leaves REJECTED (a supervisor refused the Pending credential)', () => {
    for (const action of actions) expect(nextStatus('REJECTED', action)).toBeUndefined();
  });
});
