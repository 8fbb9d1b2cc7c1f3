import { createPublicKey, randomBytes, randomUUID, verify } from 'node:crypto';
import { challengeMessage, type AccessRequest, type AccessResponse, type ChallengeResponse } from '../../shared/contract/mobile-protocol';
import type { MobileCredential } from '../../shared/domain/mobile-credential';
import { iso, type Database } from '../db/database';
import { appendFeed } from '../sync/feed';

const CHALLENGE_SECONDS = 60;
/** Spent and expired challenges are kept this long (answering `replayed` / `expired-challenge`), then dropped. */
const CHALLENGE_KEPT_MS = 24 * 3_600_000;
type Reason = AccessResponse['reason'];

/** `POST /v1/doors/:doorId/challenges`: a one-time 32-byte nonce the phone must sign within a minute. */
export async function createChallenge(db: Database, doorId: string, now: Date): Promise<ChallengeResponse> {
  const challenge = { challengeId: randomUUID(), nonce: randomBytes(32).toString('base64url'), expiresAt: new Date(now.getTime() + CHALLENGE_SECONDS * 1000).toISOString() };
  await db.transaction(async (tx) => {
    await tx.query('INSERT INTO door_challenges (id, door_id, nonce, expires_at) VALUES ($1, $2, $3, $4)', [challenge.challengeId, doorId, challenge.nonce, challenge.expiresAt]);
    await tx.query('DELETE FROM door_challenges WHERE id IN (SELECT id FROM door_challenges WHERE expires_at < $1 LIMIT 100 FOR UPDATE SKIP LOCKED)', [
      new Date(now.getTime() - CHALLENGE_KEPT_MS).toISOString(),
    ]);
  });
  return challenge;
}

/**
 * `POST /v1/doors/:doorId/access`: GRANTED only for an ACTIVE credential whose bound key
 * signed this door's fresh challenge. A challenge is spent by its first use, whatever
 * the outcome, so a recorded answer cannot be replayed. Every decision is logged.
 */
export async function decideAccess(db: Database, doorId: string, request: AccessRequest, now: Date): Promise<AccessResponse> {
  return db.transaction(async (tx) => {
    const at = now.toISOString();
    const decide = async (reason: Reason): Promise<AccessResponse> => {
      const decision = reason === 'granted' ? 'GRANTED' : 'DENIED';
      await tx.query('INSERT INTO access_decisions (at, door_id, credential_id, decision, reason) VALUES ($1, $2, $3, $4, $5)', [at, doorId, request.credentialId, decision, reason]);
      return { decision, reason, at };
    };
    const [challenge] = await tx.query<{ door_id: string; nonce: string; expires_at: unknown; used_at: unknown }>(
      'SELECT door_id, nonce, expires_at, used_at FROM door_challenges WHERE id = $1 FOR UPDATE',
      [request.challengeId],
    );
    // Another door's challenge is not spent by being shown here.
    if (!challenge || challenge.door_id !== doorId) return decide('unknown-challenge');
    if (challenge.used_at !== null) return decide('replayed');
    await tx.query('UPDATE door_challenges SET used_at = $2 WHERE id = $1', [request.challengeId, at]);
    if (Date.parse(iso(challenge.expires_at)) <= now.getTime()) return decide('expired-challenge');

    const [row] = await tx.query<{ public_key: string | null; data: MobileCredential }>('SELECT public_key, data FROM mobile_credentials WHERE credential_id = $1 FOR UPDATE', [
      request.credentialId,
    ]);
    if (!row?.public_key) return decide('unknown-credential');
    const signed = verifies(row.public_key, challengeMessage(doorId, request.challengeId, challenge.nonce), request.signature);
    if (!signed) return decide('bad-signature');
    const status = row.data.status;
    if (status === 'SUSPENDED') return decide('suspended');
    if (status === 'REVOKED') return decide('revoked');
    if (status !== 'ACTIVE') return decide('not-active');
    const credential: MobileCredential = { ...row.data, lastAccessGrantedAt: at };
    await tx.query('UPDATE mobile_credentials SET data = $2::jsonb WHERE credential_id = $1', [request.credentialId, JSON.stringify(credential)]);
    const granted = await decide('granted');
    // The clerk's checklist ticks "User can successfully present credential for access".
    await appendFeed(tx, [{ kind: 'mobile-credential.upserted', credential }]);
    return granted;
  });
}

function verifies(publicKey: string, message: string, signature: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    return verify('sha256', Buffer.from(message, 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
