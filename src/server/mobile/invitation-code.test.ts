import { createHash, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { INVITATION_ALPHABET, INVITATION_LENGTH, normalizeInvitationCode } from '../../shared/domain/mobile-credential';
import { generateInvitationCode, hashInvitationCode, invitationExpiresAt, isExpired } from './invitation-code';

/**
 * Chi-square of symbol counts against the uniform distribution. With 32 symbols (31
 * degrees of freedom) a fair generator exceeds 104 with probability 1e-9: the tests below
 * cannot flake, and a biased generator lands far above (see the last test).
 */
const CHI_SQUARE_LIMIT = 104;
function chiSquare(counts: ReadonlyMap<string, number>, total: number): number {
  const expected = total / INVITATION_ALPHABET.length;
  return [...INVITATION_ALPHABET].reduce((sum, symbol) => sum + ((counts.get(symbol) ?? 0) - expected) ** 2 / expected, 0);
}

function symbolCounts(codes: readonly string[], position?: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const code of codes) for (const symbol of position === undefined ? code : code[position]!) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
  return counts;
}

describe('invitation codes', () => {
  it('are 16 symbols from the alphabet without look-alikes (80 bits), and normalise to themselves', () => {
    expect(INVITATION_ALPHABET).toHaveLength(32);
    expect(INVITATION_ALPHABET).not.toMatch(/[01IO]/);
    expect(INVITATION_LENGTH * Math.log2(INVITATION_ALPHABET.length)).toBe(80);
    for (let i = 0; i < 1_000; i++) {
      const code = generateInvitationCode();
      expect(code).toMatch(/^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{16}$/);
      expect(normalizeInvitationCode(code)).toBe(code);
    }
  });

  const codes = Array.from({ length: 20_000 }, () => generateInvitationCode());

  it('use every symbol about equally often (chi-square over 320,000 symbols)', () => {
    const counts = symbolCounts(codes);
    expect(counts.size).toBe(INVITATION_ALPHABET.length);
    expect(chiSquare(counts, codes.length * INVITATION_LENGTH)).toBeLessThan(CHI_SQUARE_LIMIT);
  });

  it('use every symbol about equally often in every position (chi-square over 20,000 codes each)', () => {
    for (let position = 0; position < INVITATION_LENGTH; position++) {
      expect(chiSquare(symbolCounts(codes, position), codes.length), `position ${position}`).toBeLessThan(CHI_SQUARE_LIMIT);
    }
  });

  it('come from the CSPRNG with an unbiased draw; the uniformity test does catch modulo bias', () => {
    const draws: number[] = [];
    generateInvitationCode((max) => {
      draws.push(max);
      return randomInt(max);
    });
    expect(draws).toEqual(Array(16).fill(32));

    // A typical mistake: a wider random range reduced "% 32" (0–99: symbols 0–3 come up 4/100, the rest 3/100).
    const biased = Array.from({ length: 20_000 }, () => generateInvitationCode((max) => randomInt(100) % max));
    expect(chiSquare(symbolCounts(biased), biased.length * INVITATION_LENGTH)).toBeGreaterThan(10 * CHI_SQUARE_LIMIT);
  });

  it('are stored only as a SHA-256 hash (domain-separated), the same for the same code and different for another', () => {
    const code = 'ADS7H65HYTJNRXR6';
    const hash = hashInvitationCode(code);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashInvitationCode(code));
    expect(hash).not.toBe(createHash('sha256').update(code).digest('hex'));
    expect(hash).not.toBe(hashInvitationCode('ADS7H65HYTJNRXR7'));
    expect(new Set(codes.slice(0, 1_000).map(hashInvitationCode)).size).toBe(new Set(codes.slice(0, 1_000)).size);
  });
});

describe('invitation expiry (injected clock)', () => {
  const issued = new Date('2026-11-28T09:00:00.000Z');
  const at = (offsetMs: number) => new Date(issued.getTime() + offsetMs);

  it('is the credential type’s minutes after the invitation was made', () => {
    expect(invitationExpiresAt(issued, 30).toISOString()).toBe('2026-11-28T09:30:00.000Z');
    expect(invitationExpiresAt(issued, 1).toISOString()).toBe('2026-11-28T09:01:00.000Z');
    expect(invitationExpiresAt(issued, 7 * 24 * 60).toISOString()).toBe('2026-12-05T09:00:00.000Z');
  });

  it('is good until the last millisecond before expiry and expired from the expiry instant on', () => {
    const expiresAt = invitationExpiresAt(issued, 30);
    expect(isExpired(expiresAt, issued)).toBe(false);
    expect(isExpired(expiresAt, at(30 * 60_000 - 1))).toBe(false);
    expect(isExpired(expiresAt, at(30 * 60_000))).toBe(true);
    expect(isExpired(expiresAt, at(31 * 60_000))).toBe(true);
  });
});
