import { createPublicKey, randomUUID } from 'node:crypto';
import type { InvitationResponse, RedeemResponse, StatusChangeRequest } from '../../shared/contract/mobile-protocol';
import { pickupUri } from '../../shared/contract/mobile-protocol';
import type { Applicant } from '../../shared/domain/applicant';
import { displayName } from '../../shared/domain/applicant';
import type { Device } from '../../shared/domain/device';
import { formatInvitationCode, nextStatus, type MobileCredential, type PhoneDetails } from '../../shared/domain/mobile-credential';
import { iso, type Database, type Queryable } from '../db/database';
import { ApiError } from '../errors';
import { currentCredentialTypes } from '../sync/credential-types';
import { appendFeed } from '../sync/feed';
import { generateInvitationCode, hashInvitationCode } from './invitation-code';

const INVALID_TYPE = 'The selected credential type is not configured for mobile credentials. Contact your system administrator.';

async function loadCredential(tx: Queryable, credentialId: string): Promise<MobileCredential | undefined> {
  const [row] = await tx.query<{ data: MobileCredential }>('SELECT data FROM mobile_credentials WHERE credential_id = $1 FOR UPDATE', [credentialId]);
  return row?.data;
}

async function saveCredential(tx: Queryable, credential: MobileCredential, publicKey?: string | null): Promise<void> {
  await tx.query(
    `INSERT INTO mobile_credentials (credential_id, employee_number, status, public_key, data) VALUES ($1, $2, $3, $4, $5::jsonb)
     ON CONFLICT (credential_id) DO UPDATE SET status = EXCLUDED.status, data = EXCLUDED.data,
       public_key = CASE WHEN $6 THEN EXCLUDED.public_key ELSE mobile_credentials.public_key END`,
    [credential.credentialId, credential.employeeNumber, credential.status, publicKey ?? null, JSON.stringify(credential), publicKey !== undefined],
  );
  // Every station hears of it at once: the feed's NOTIFY wakes their long polls.
  await appendFeed(tx, [{ kind: 'mobile-credential.upserted', credential }]);
}

/** `POST /v1/invitations`: a new code for a device credential; any open one is replaced. */
export async function createInvitation(
  db: Database,
  request: { credentialId: string; requestedBy: string; stationId: string; serverUrl: string; now: Date },
): Promise<InvitationResponse> {
  return db.transaction(async (tx) => {
    const devices = await tx.query<{ data: Device }>(
      `SELECT data FROM devices WHERE data->'credentials' @> $1::jsonb`,
      [JSON.stringify([{ id: request.credentialId }])],
    );
    const device = devices[0]?.data;
    const deviceCredential = device?.credentials.find((c) => c.id === request.credentialId);
    if (!device || !deviceCredential) {
      throw new ApiError(404, 'CREDENTIAL_NOT_FOUND', 'The server does not know this credential: the device may not have reached it yet. Sync the station, then try again.');
    }
    const type = (await currentCredentialTypes(tx)).find((t) => t.id === deviceCredential.credentialTypeId);
    if (!type?.policy.mobileCapable) throw new ApiError(400, 'INVALID_CREDENTIAL_TYPE', INVALID_TYPE);
    let credential = await loadCredential(tx, request.credentialId);
    const status = credential?.status ?? deviceCredential.status;
    if (status === 'PENDING') throw new ApiError(409, 'CREDENTIAL_PENDING', 'This credential is Pending: it needs a supervisor’s approval before a mobile credential can be picked up.');
    if (status === 'REVOKED' || status === 'SUSPENDED') {
      throw new ApiError(409, 'CREDENTIAL_NOT_ISSUABLE', `This credential is ${status}: no invitation can be issued for it.`);
    }
    await tx.query(`UPDATE invitations SET state = 'replaced' WHERE credential_id = $1 AND state = 'open'`, [request.credentialId]);
    const code = generateInvitationCode();
    const id = randomUUID();
    const expiresAt = new Date(request.now.getTime() + type.policy.invitationValidMinutes * 60_000);
    const now = request.now.toISOString();
    credential = {
      ...(credential ?? {
        credentialId: request.credentialId,
        deviceId: device.id,
        employeeNumber: device.employeeNumber,
        credentialTypeId: deviceCredential.credentialTypeId,
        statusChangedAt: now,
      }),
      // A new phone for an ACTIVE credential: ISSUED again until the new phone redeems.
      status: status === 'ACTIVE' ? nextStatus('ACTIVE', 'reissue')! : 'ISSUED',
      invitation: { id, createdAt: now, expiresAt: expiresAt.toISOString(), state: 'open' },
    };
    if (credential.status !== status) credential = { ...credential, statusChangedAt: now, statusChangedBy: request.requestedBy };
    await saveCredential(tx, credential);
    await tx.query(
      `INSERT INTO invitations (id, credential_id, code_hash, state, created_at, expires_at, created_by, station_id) VALUES ($1, $2, $3, 'open', $4, $5, $6, $7)`,
      [id, request.credentialId, hashInvitationCode(code), now, expiresAt.toISOString(), request.requestedBy, request.stationId],
    );
    const formatted = formatInvitationCode(code);
    return { invitationId: id, code: formatted, expiresAt: expiresAt.toISOString(), pickupUri: pickupUri(request.serverUrl, formatted), credential, serverTime: now };
  });
}

function isP256(publicKey: string): boolean {
  try {
    return createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' }).asymmetricKeyDetails?.namedCurve === 'prime256v1';
  } catch {
    return false;
  }
}

/** Which failures count as guesses for the throttle. */
const GUESS_FAILURES = new Set(['INVITATION_UNKNOWN', 'INVITATION_EXPIRED', 'INVITATION_USED', 'INVITATION_REVOKED']);

export interface Throttle {
  perDevice: number;
  perSource: number;
  windowMinutes: number;
}

/**
 * `POST /v1/wallet/redeem`. A throttled phone or source is refused before the code is
 * looked at (so it learns nothing); only failed guesses count, per phone and per source,
 * so a guesser's phone is stopped without locking out the real person's.
 */
export async function redeemInvitation(
  db: Database,
  request: { code: string; phone: PhoneDetails; publicKey: string; source: string; now: Date; throttle: Throttle; organization: string },
): Promise<RedeemResponse> {
  const subjects = [`device:${request.phone.deviceId}`, `source:${request.source}`];
  const since = new Date(request.now.getTime() - request.throttle.windowMinutes * 60_000).toISOString();
  const counts = await db.query<{ subject: string; n: number }>(
    'SELECT subject, count(*)::int AS n FROM redeem_failures WHERE subject = ANY($1) AND at > $2 GROUP BY subject',
    [subjects, since],
  );
  const over = counts.find((c) => c.n >= (c.subject.startsWith('device:') ? request.throttle.perDevice : request.throttle.perSource));
  if (over) {
    const retryAfterSeconds = request.throttle.windowMinutes * 60;
    throw new ApiError(429, 'THROTTLED', `Too many wrong invitation codes from this ${over.subject.startsWith('device:') ? 'phone' : 'network address'}. Wait ${request.throttle.windowMinutes} minutes, then type the code again carefully.`, { retryAfterSeconds });
  }
  if (!isP256(request.publicKey)) {
    throw new ApiError(400, 'BAD_REQUEST', 'The wallet’s public key is not an EC P-256 key (SPKI DER, base64). Update the mobile app.');
  }
  try {
    return await db.transaction(async (tx) => {
      const [invitation] = await tx.query<{ id: string; credential_id: string; state: string; expires_at: unknown }>(
        'SELECT id, credential_id, state, expires_at FROM invitations WHERE code_hash = $1 FOR UPDATE',
        [hashInvitationCode(request.code)],
      );
      if (!invitation) throw new ApiError(404, 'INVITATION_UNKNOWN', 'This invitation code does not exist. Check the code on the clerk’s screen and type it again.');
      if (invitation.state === 'redeemed') throw new ApiError(409, 'INVITATION_USED', 'This invitation code was already used. Ask the clerk to generate a new invitation code.');
      if (invitation.state !== 'open') throw new ApiError(410, 'INVITATION_REVOKED', 'This invitation code no longer works: a newer one was generated or the credential was revoked. Use the code on the clerk’s screen now.');
      if (Date.parse(iso(invitation.expires_at)) <= request.now.getTime()) {
        throw new ApiError(410, 'INVITATION_EXPIRED', 'Invitation code expired. Ask the clerk to generate a new invitation code.');
      }
      const credential = await loadCredential(tx, invitation.credential_id);
      if (!credential || (credential.status !== 'ISSUED' && credential.status !== 'ACTIVE')) {
        throw new ApiError(409, 'CREDENTIAL_NOT_ISSUABLE', `This credential is ${credential?.status ?? 'unknown'} and cannot be picked up. Ask the clerk.`);
      }
      const now = request.now.toISOString();
      const active: MobileCredential = {
        ...credential,
        status: 'ACTIVE',
        statusChangedAt: now,
        phone: request.phone,
        activatedAt: now,
        invitation: { ...credential.invitation!, state: 'redeemed' },
      };
      delete active.statusReason;
      await tx.query(`UPDATE invitations SET state = 'redeemed' WHERE id = $1`, [invitation.id]);
      await saveCredential(tx, active, request.publicKey);
      const [holder] = await tx.query<{ data: Applicant }>('SELECT data FROM applicants WHERE employee_number = $1', [credential.employeeNumber]);
      const types = await currentCredentialTypes(tx);
      return {
        credential: {
          credentialId: credential.credentialId,
          status: 'ACTIVE' as const,
          holderName: holder ? displayName(holder.data) : credential.employeeNumber,
          employeeNumber: credential.employeeNumber,
          credentialTypeName: types.find((t) => t.id === credential.credentialTypeId)?.name ?? credential.credentialTypeId,
          organization: request.organization,
        },
        serverTime: now,
      };
    });
  } catch (error) {
    if (error instanceof ApiError && GUESS_FAILURES.has(error.code)) {
      const at = request.now.toISOString();
      await db.query('INSERT INTO redeem_failures (subject, at) VALUES ($1, $3), ($2, $3)', [subjects[0], subjects[1], at]);
    }
    throw error;
  }
}

/** `POST /v1/credentials/:id/status`: Suspend / Resume / Revoke with a reason; REVOKED is final. */
export async function changeStatus(db: Database, credentialId: string, request: StatusChangeRequest, now: Date): Promise<MobileCredential> {
  return db.transaction(async (tx) => {
    const credential = await loadCredential(tx, credentialId);
    if (!credential) throw new ApiError(404, 'CREDENTIAL_NOT_FOUND', 'The server has no mobile credential with this id.');
    const next = nextStatus(credential.status, request.action);
    if (!next) {
      throw new ApiError(409, 'TRANSITION_NOT_ALLOWED', `A ${credential.status} credential cannot be ${request.action === 'suspend' ? 'suspended' : request.action === 'resume' ? 'resumed' : 'revoked'}.`, {
        status: credential.status,
      });
    }
    const at = now.toISOString();
    let changed: MobileCredential = { ...credential, status: next, statusReason: request.reason, statusChangedAt: at, statusChangedBy: request.changedBy };
    if (next === 'REVOKED' && changed.invitation?.state === 'open') {
      changed = { ...changed, invitation: { ...changed.invitation, state: 'revoked' } };
      await tx.query(`UPDATE invitations SET state = 'revoked' WHERE credential_id = $1 AND state = 'open'`, [credentialId]);
    }
    await saveCredential(tx, changed);
    return changed;
  });
}
