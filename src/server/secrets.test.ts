import { describe, expect, it } from 'vitest';
import { EnrollmentToken, RegisterResponse } from '../shared/contract/server-protocol';
import { isLoopback } from './config';
import { newEnrollmentToken, newStationSecret, sameHash, sha256 } from './secrets';
import { canonicalJson } from './sync/canonical-json';
import { contentHash } from './sync/push';

describe('server secrets and hashing', () => {
  it('makes enrollment tokens the protocol accepts, without 0, O, 1 or I', () => {
    for (let i = 0; i < 200; i += 1) {
      const token = newEnrollmentToken();
      expect(EnrollmentToken.parse(token)).toBe(token);
      expect(token.slice(4)).not.toMatch(/[01OI]/);
    }
  });

  it('makes 43-character base64url station secrets', () => {
    const secret = newStationSecret();
    expect(RegisterResponse.shape.secret.parse(secret)).toBe(secret);
    expect(newStationSecret()).not.toBe(secret);
  });

  it('compares hashes exactly', () => {
    expect(sameHash(sha256('a'), sha256('a'))).toBe(true);
    expect(sameHash(sha256('a'), sha256('b'))).toBe(false);
    expect(sameHash(sha256('a'), '')).toBe(false);
  });

  it('hashes a mutation the same whatever its key order, and differently when seq or content differ', () => {
    const mutation = { kind: 'review.resolve', reviewId: '8b0d4c7e-2f7e-4d0b-9a53-0e8f3c1b2a10', resolution: 'keep-both', resolvedBy: 'c', resolvedAt: '2026-01-01T00:00:00.000Z' } as const;
    const reordered = { resolvedAt: mutation.resolvedAt, resolvedBy: 'c', resolution: 'keep-both', reviewId: mutation.reviewId, kind: 'review.resolve' } as const;
    expect(contentHash({ seq: 1, mutation })).toBe(contentHash({ seq: 1, mutation: reordered }));
    expect(contentHash({ seq: 2, mutation })).not.toBe(contentHash({ seq: 1, mutation }));
    expect(contentHash({ seq: 1, mutation: { ...mutation, resolvedBy: 'd' } })).not.toBe(contentHash({ seq: 1, mutation }));
    expect(canonicalJson({ b: 1, a: [{ d: undefined, c: 2 }] })).toBe('{"a":[{"c":2}],"b":1}');
  });

  it('counts only loopback addresses as safe for plain HTTP', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '10.0.0.5', '::', 'example.org', '128.0.0.1']) expect(isLoopback(host), host).toBe(false);
  });
});
