import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { Ed25519Hex } from '../../shared/domain/audit-chain';

/** Node's native Ed25519 and SHA-256 for the audit chain (same results as noble's, much faster). */
const keys = new Map<string, KeyObject>();

function publicKeyObject(hex: string): KeyObject {
  let key = keys.get(hex);
  if (!key) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') }, format: 'jwk' });
    keys.set(hex, key);
  }
  return key;
}

let signing: { secretHex: string; key: KeyObject } | undefined;

function privateKeyObject(secretHex: string): KeyObject {
  if (signing?.secretHex !== secretHex) {
    // PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410).
    const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(secretHex, 'hex')]);
    signing = { secretHex, key: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }) };
  }
  return signing.key;
}

export const nodeEd25519: Ed25519Hex = {
  sha256Hex: (text) => createHash('sha256').update(text).digest('hex'),
  sign: (messageHex, secretKey) => sign(null, Buffer.from(messageHex, 'hex'), privateKeyObject(secretKey)).toString('hex'),
  verify: (signature, messageHex, publicKey) => {
    try {
      return verify(null, Buffer.from(messageHex, 'hex'), publicKeyObject(publicKey), Buffer.from(signature, 'hex'));
    } catch {
      return false;
    }
  },
};
