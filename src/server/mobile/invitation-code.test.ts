import { describe, expect, it } from 'vitest';
import { INVITATION_ALPHABET, normalizeInvitationCode } from '../../shared/domain/mobile-credential';
import { generateInvitationCode, hashInvitationCode } from './invitation-code';

describe('invitation codes', () => {
  it('are 16 symbols from the alphabet without look-alikes, and normalise to themselves', () => {
    for (let i = 0; i < 1_000; i++) {
      const code = generateInvitationCode();
      expect(code).toMatch(/^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{16}$/);
      expect(normalizeInvitationCode(code)).toBe(code);
    }
  });

  it('use every symbol about equally often (chi-square over 320,000 symbols)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) for (const c of generateInvitationCode()) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(INVITATION_ALPHABET.length);
    const expected = (20_000 * 16) / INVITATION_ALPHABET.length;
    const chiSquare = [...counts.values()].reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
    // 31 degrees of freedom: the 99.999th percentile is about 75; a biased generator lands far above.
    expect(chiSquare).toBeLessThan(75);
  });

  it('would show modulo bias if drawn badly: the test above can fail', () => {
    const biased = (max: number) => Math.floor(Math.random() * 256) % max % (max - 4);
    const counts = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) for (const c of generateInvitationCode(biased)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBeLessThan(INVITATION_ALPHABET.length);
  });

  it('are stored only as a hash that differs per code', () => {
    const a = generateInvitationCode();
    expect(hashInvitationCode(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashInvitationCode(a)).not.toContain(a);
    expect(hashInvitationCode(a)).not.toBe(hashInvitationCode(generateInvitationCode()));
  });
});
