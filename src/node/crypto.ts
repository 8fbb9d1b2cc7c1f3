import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { Ed25519Hex } from '../shared/domain/audit-chain';

/**
 * Node's native Ed25519 and SHA-256 for the audit chain, for the station and the server
 * alike: the same results as noble's (src/shared), ≈ 12–30× faster (bench/operators.ts),
 * which matters when a whole chain is checked on an event loop.
 */

/** Public keys kept parsed; bounded because the server sees one per station (and junk from pushes). */
export const PUBLIC_KEY_CACHE_LIMIT = 10_000;
const publicKeys = new Map<string, KeyObject>();

function publicKeyObject(hex: string): KeyObject {
  let key = publicKeys.get(hex);
  if (key) {
    // Most recently used last, so the oldest is the one dropped.
    publicKeys.delete(hex);
  } else {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') }, format: 'jwk' });
    if (publicKeys.size >= PUBLIC_KEY_CACHE_LIMIT) publicKeys.delete(publicKeys.keys().next().value!);
  }
  publicKeys.set(hex, key);
  return key;
}

/** For tests: how many public keys are held. */
export function cachedPublicKeys(): number {
  return publicKeys.size;
}

/** A station signs with one key at a time: keep only that one. */
let signing: { secretHex: string; key: KeyObject } | undefined;

function privateKeyObject(secretHex: string): KeyObject {
  if (signing?.secretHex !== secretHex) {
    // PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410).
    const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(secretHex, 'hex')]);
    signing = { secretHex, key: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }) };
  }
  return signing.key;
}

/** SHA-256 of UTF-8 text (or bytes), hex. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export const nodeEd25519: Ed25519Hex = {
  sha256Hex,
  sign: (messageHex, secretKey) => sign(null, Buffer.from(messageHex, 'hex'), privateKeyObject(secretKey)).toString('hex'),
  verify: (signature, messageHex, publicKey) => {
    try {
      return verify(null, Buffer.from(messageHex, 'hex'), publicKeyObject(publicKey), Buffer.from(signature, 'hex'));
    } catch {
      return false;
    }
  },
};
