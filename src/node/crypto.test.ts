import { describe, expect, it } from 'vitest';
import { auditEntryHash, generateAuditKeyPair, nobleEd25519 } from '../shared/domain/audit-chain';
import { randomBytes } from 'node:crypto';
import { cachedPublicKeys, nodeEd25519, PUBLIC_KEY_CACHE_LIMIT, sha256Hex } from './crypto';

describe('node crypto: Ed25519 and SHA-256', () => {
  it('signs and verifies as noble does', () => {
    const keys = generateAuditKeyPair((n) => randomBytes(n));
    const message = sha256Hex('an audit entry');
    const signature = nodeEd25519.sign(message, keys.secretKey);
    expect(signature).toBe(nobleEd25519.sign(message, keys.secretKey));
    expect(nodeEd25519.verify(signature, message, keys.publicKey)).toBe(true);
    expect(nobleEd25519.verify(signature, message, keys.publicKey)).toBe(true);
    expect(nodeEd25519.verify(signature, sha256Hex('another entry'), keys.publicKey)).toBe(false);
  });

  it('says false, never throws, for a malformed key or signature', () => {
    const message = sha256Hex('x');
    expect(nodeEd25519.verify('00', message, 'zz')).toBe(false);
    expect(nodeEd25519.verify('not hex', message, '11'.repeat(32))).toBe(false);
  });

  it('hashes text as the shared chain does', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const body = { seq: 1, at: '2026-01-01T00:00:00.000Z', prevHash: '0'.repeat(64) } as unknown as Parameters<typeof auditEntryHash>[0];
    expect(auditEntryHash(body, sha256Hex)).toBe(auditEntryHash(body));
  });

  it('keeps at most PUBLIC_KEY_CACHE_LIMIT parsed public keys', () => {
    const message = sha256Hex('m');
    for (let i = 0; i < PUBLIC_KEY_CACHE_LIMIT + 50; i++) nodeEd25519.verify('00'.repeat(64), message, i.toString(16).padStart(64, '0'));
    expect(cachedPublicKeys()).toBe(PUBLIC_KEY_CACHE_LIMIT);
  });
});
