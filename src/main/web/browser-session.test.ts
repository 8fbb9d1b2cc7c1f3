import { describe, expect, it } from 'vitest';
import { keyFromCookie, LaunchTokens, sameKey } from './browser-session';

describe('launch tokens', () => {
  it('open the station once, within a minute', () => {
    let now = 1_000_000;
    const tokens = new LaunchTokens(() => now);
    const once = tokens.issue();
    expect(tokens.redeem(once)).toBe(true);
    expect(tokens.redeem(once)).toBe(false);
    const late = tokens.issue();
    now += 60_001;
    expect(tokens.redeem(late)).toBe(false);
    expect(tokens.redeem('never-issued')).toBe(false);
  });
});

describe('the key cookie', () => {
  it('is found among other cookies and compared in constant time', () => {
    expect(keyFromCookie('a=1; station_key=abc=def; b=2')).toBe('abc=def');
    expect(keyFromCookie(undefined)).toBeUndefined();
    expect(sameKey('abc', 'abc')).toBe(true);
    expect(sameKey('abd', 'abc')).toBe(false);
    expect(sameKey(undefined, 'abc')).toBe(false);
  });
});
