import { createPublicKey, randomUUID } from 'node:crypto';
import type { InvitationResponse, RedeemResponse, StatusChangeRequest } from '../../shared/contract/mobile-protocol';
import type { Applicant } from '../../shared/domain/applicant';
import { displayName } from '../../shared/domain/applicant';
import type { Device } from '../../shared/domain/device';
import { nextStatus, normalizeInvitationCode, type CredentialStatus, type MobileCredential, type PhoneDetails } from '../../shared/domain/mobile-credential';
import { iso, type Database, type Queryable } from '../db/database';
import { ApiError } from '../errors';
import { currentCredentialTypes } from '../sync/credential-types';
import { appendFeed } from '../sync/feed';
import { hashInvitationCode, isExpired } from './invitation-code';
import type { MobileProvider, ProviderLink, ProviderState } from './providers/provider';
import { checkThrottle, recordFailure, throttleSubjects, type ThrottleLimits } from './throttle';

/** The procedure's words (Phase 4, step 9). */
const INVALID_TYPE_MESSAGE = 'The selected credential type is not configured for mobile credentials. Contact your system administrator.';

/** The mobile credential row, locked until COMMIT (every change to a credential takes turns on it). */
async function lockCredential(tx: Queryable, credentialId: string): Promise<MobileCredential | undefined> {
  const [row] = await tx.query<{ data: MobileCredential }>('SELECT data FROM mobile_credentials WHERE credential_id = $1 FOR UPDATE', [credentialId]);
  return row?.data;
}

/** Stores the credential (and, on redemption, the wallet's key) and publishes it in the feed. */
async function saveCredential(tx: Queryable, credential: MobileCredential, publicKey?: string): Promise<void> {
  await tx.query('UPDATE mobile_credentials SET status = $2, data = $3::jsonb, public_key = COALESCE($4, public_key) WHERE credential_id = $1', [
    credential.credentialId,
    credential.status,
    JSON.stringify(credential),
    publicKey ?? null,
  ]);
  // Every station hears of it at once: the feed's NOTIFY (at COMMIT) wakes their long polls.
  await appendFeed(tx, [{ kind: 'mobile-credential.upserted', credential }]);
}

/** The device credential an invitation is for, or the reason it cannot have one. */
async function issuable(tx: Queryable, credentialId: string, now: string) {
  const [device] = (await tx.query<{ data: Device }>(`SELECT data FROM devices WHERE data->'credentials' @> $1::jsonb`, [JSON.stringify([{ id: credentialId }])])).map((r) => r.data);
  const deviceCredential = device?.credentials.find((c) => c.id === credentialId);
  if (!device || !deviceCredential) {
    throw new ApiError(
      404,
      'CREDENTIAL_NOT_FOUND',
      'The server does not know this credential: the device it belongs to may not have reached the server yet. Sync the station, then try again.',
    );
  }
  const type = (await currentCredentialTypes(tx)).find((t) => t.id === deviceCredential.credentialTypeId);
  if (!type?.policy.mobileCapable) throw new ApiError(400, 'INVALID_CREDENTIAL_TYPE', INVALID_TYPE_MESSAGE, { credentialTypeId: deviceCredential.credentialTypeId });

  // Insert first, then lock: two first invitations for one credential take turns on the row.
  const initial: MobileCredential = {
    credentialId,
    deviceId: device.id,
    employeeNumber: device.employeeNumber,
    credentialTypeId: deviceCredential.credentialTypeId,
    status: deviceCredential.status,
    statusChangedAt: now,
  };
  await tx.query('INSERT INTO mobile_credentials (credential_id, employee_number, status, data) VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT (credential_id) DO NOTHING', [
    initial.credentialId,
    initial.employeeNumber,
    initial.status,
    JSON.stringify(initial),
  ]);
  const credential = (await lockCredential(tx, credentialId))!;
  if (credential.status === 'PENDING') {
    throw new ApiError(409, 'CREDENTIAL_PENDING', 'This credential is Pending: a supervisor must approve it before a mobile credential can be picked up.');
  }
  if (credential.status === 'REJECTED' || deviceCredential.status === 'REJECTED') {
    const reason = deviceCredential.decision?.reason;
    throw new ApiError(
      409,
      'CREDENTIAL_NOT_ISSUABLE',
      `A supervisor rejected this credential${reason ? ` (${reason})` : ''}: it can never be picked up. Enroll a new credential if the person still needs one.`,
      { status: 'REJECTED' },
    );
  }
  const status = credential.status === 'ISSUED' ? 'ISSUED' : nextStatus(credential.status, 'reissue');
  if (!status) throw new ApiError(409, 'CREDENTIAL_NOT_ISSUABLE', `This credential is ${credential.status}: no invitation can be issued for it.`, { status: credential.status });
  return { credential, status, type };
}

/**
 * `POST /v1/invitations`: a new code for a device credential the server has from a pushed
 * `device.enroll`. The first invitation creates the mobile credential (ISSUED, like the
 * device credential); a new one replaces the open one. For an ACTIVE (or SUSPENDED)
 * credential it is a reissue to a new phone: ISSUED again, the old phone's key stays
 * bound until the new phone redeems.
 *
 * Three steps, so no transaction is held open over the provider's network call: check
 * (and create the row), ask the provider for the invitation, record it, checking again
 * that nothing made the credential unissuable meanwhile.
 */
export async function createInvitation(
  db: Database,
  provider: MobileProvider,
  request: { credentialId: string; requestedBy: string; stationId: string; serverUrl: string; now: Date },
): Promise<InvitationResponse> {
  const now = request.now.toISOString();
  const checked = await db.transaction(async (tx) => {
    const { credential, type } = await issuable(tx, request.credentialId, now);
    const [holder] = await tx.query<{ data: Applicant }>('SELECT data FROM applicants WHERE employee_number = $1', [credential.employeeNumber]);
    return { credential, validMinutes: type.policy.invitationValidMinutes, holder: holder?.data };
  });
  const holder = checked.holder;
  const issued = await provider.issue({
    credential: checked.credential,
    holder: {
      employeeNumber: checked.credential.employeeNumber,
      firstName: holder?.firstName ?? '',
      lastName: holder?.lastName ?? checked.credential.employeeNumber,
      ...(holder?.email ? { email: holder.email } : {}),
    },
    credentialTypeId: checked.credential.credentialTypeId,
    validMinutes: checked.validMinutes,
    now: request.now,
    serverUrl: request.serverUrl,
  });

  const recorded = await db.transaction(async (tx) => {
    const { credential, status } = await issuable(tx, request.credentialId, now);
    // Read under the credential's lock: of two invitations made at once, the later one withdraws the earlier.
    const replaced = await providerLink(tx, request.credentialId);
    await tx.query(`UPDATE invitations SET state = 'replaced' WHERE credential_id = $1 AND state = 'open'`, [request.credentialId]);
    const id = randomUUID();
    const expiresAt = issued.expiresAt.toISOString();
    await tx.query(
      `INSERT INTO invitations (id, credential_id, code_hash, state, created_at, expires_at, created_by, station_id, provider) VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $8)`,
      [id, request.credentialId, hashInvitationCode(normalizeInvitationCode(issued.code) ?? issued.code), now, expiresAt, request.requestedBy, request.stationId, provider.info.id],
    );
    if (issued.link) await saveLink(tx, request.credentialId, provider.info.id, issued.link, now);
    let updated: MobileCredential = { ...credential, invitation: { id, createdAt: now, expiresAt, state: 'open' } };
    if (status !== credential.status) {
      updated = { ...updated, status, statusChangedAt: now, statusChangedBy: request.requestedBy };
      delete updated.statusReason;
    }
    await saveCredential(tx, updated);
    const response: InvitationResponse = { invitationId: id, code: issued.code, expiresAt, pickupUri: issued.qr, credential: updated, provider: provider.info, serverTime: now };
    return { response, replaced };
  });
  const { replaced } = recorded;
  if (replaced && replaced.provider === provider.info.id && replaced.externalInvitationId !== issued.link?.externalInvitationId) {
    void provider.withdraw?.(replaced).catch(() => undefined);
  }
  return recorded.response;
}

async function saveLink(tx: Queryable, credentialId: string, provider: string, link: ProviderLink, now: string): Promise<void> {
  await tx.query(
    `INSERT INTO provider_links (credential_id, provider, external_user_id, external_invitation_id, external_credential_id, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (credential_id) DO UPDATE SET provider = $2, external_user_id = $3, external_invitation_id = $4, external_credential_id = $5, updated_at = $6`,
    [credentialId, provider, link.externalUserId, link.externalInvitationId ?? null, link.externalCredentialId ?? null, now],
  );
}

/** The provider's ids for a credential (HID Origo), if it has any. */
export async function providerLink(db: Queryable, credentialId: string): Promise<(ProviderLink & { provider: string }) | undefined> {
  const [row] = await db.query<{ provider: string; external_user_id: string; external_invitation_id: string | null; external_credential_id: string | null }>(
    'SELECT provider, external_user_id, external_invitation_id, external_credential_id FROM provider_links WHERE credential_id = $1',
    [credentialId],
  );
  if (!row) return undefined;
  return {
    provider: row.provider,
    externalUserId: row.external_user_id,
    ...(row.external_invitation_id ? { externalInvitationId: row.external_invitation_id } : {}),
    ...(row.external_credential_id ? { externalCredentialId: row.external_credential_id } : {}),
  };
}

/**
 * What the provider says a credential is now (a callback or a poll): recorded if it is
 * news. Redeemed → ACTIVE with the phone; SUSPENDED or REVOKED at the provider (e.g. in its
 * portal) is followed. A REVOKED, REJECTED or PENDING credential here never comes back.
 * Returns the credential when it changed.
 */
export async function applyProviderState(db: Database, credentialId: string, state: ProviderState, now: Date): Promise<MobileCredential | undefined> {
  return db.transaction(async (tx) => {
    const credential = await lockCredential(tx, credentialId);
    if (!credential || ['REVOKED', 'REJECTED', 'PENDING'].includes(credential.status)) return undefined;
    const at = now.toISOString();
    let changed: MobileCredential | undefined;
    if (state.status === 'ACTIVE' && state.redeemed && state.phone && credential.invitation?.state === 'open') {
      changed = { ...credential, status: 'ACTIVE', statusChangedAt: at, phone: state.phone, activatedAt: at, invitation: { ...credential.invitation, state: 'redeemed' } };
      delete changed.statusReason;
      delete changed.statusChangedBy;
      await tx.query(`UPDATE invitations SET state = 'redeemed' WHERE id = $1`, [credential.invitation.id]);
    } else if (state.status !== credential.status && (state.status === 'SUSPENDED' || state.status === 'REVOKED' || (state.status === 'ACTIVE' && credential.status === 'SUSPENDED'))) {
      changed = { ...credential, status: state.status, statusChangedAt: at, statusChangedBy: 'HID Origo', statusReason: `Changed at the provider (${state.status})` };
      if (state.status === 'REVOKED') {
        await tx.query(`UPDATE invitations SET state = 'revoked' WHERE credential_id = $1 AND state = 'open'`, [credentialId]);
        if (changed.invitation?.state === 'open') changed = { ...changed, invitation: { ...changed.invitation, state: 'revoked' } };
      }
    }
    if (changed) await saveCredential(tx, changed);
    return changed;
  });
}

/** The wallet's key must be an EC P-256 public key (SPKI DER, base64): doors verify ECDSA P-256 signatures with it. */
function isP256PublicKey(publicKey: string): boolean {
  try {
    return createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' }).asymmetricKeyDetails?.namedCurve === 'prime256v1';
  } catch {
    return false;
  }
}

/** Credentials a redemption may make ACTIVE; PENDING, SUSPENDED and REVOKED ones are not issuable. */
const REDEEMABLE: ReadonlySet<CredentialStatus> = new Set(['ISSUED', 'ACTIVE']);

/**
 * `POST /v1/wallet/redeem`, in one transaction. A throttled phone or source is refused
 * before the code is looked at (it learns nothing, and nothing more is counted). Failed
 * guesses are recorded in the same transaction as the answer. Concurrent redemptions of
 * one code take turns on the credential row, then the invitation row: exactly one finds
 * it open.
 */
export async function redeemInvitation(
  db: Database,
  request: { code: string; phone: PhoneDetails; publicKey: string; source: string; now: Date; throttle: ThrottleLimits; organization: string },
): Promise<RedeemResponse> {
  const subjects = throttleSubjects(request.phone.deviceId, request.source, request.throttle);
  const outcome = await db.transaction(async (tx): Promise<{ response: RedeemResponse } | { refused: ApiError }> => {
    const throttled = await checkThrottle(tx, subjects, request.throttle.windowMinutes, request.now);
    if (throttled) {
      const minutes = Math.ceil(throttled.retryAfterSeconds / 60);
      return {
        refused: new ApiError(
          429,
          'THROTTLED',
          `Too many wrong invitation codes from this ${throttled.what}. Wait ${minutes} minute${minutes === 1 ? '' : 's'}, then type the code again carefully (or scan the QR code).`,
          { retryAfterSeconds: throttled.retryAfterSeconds },
        ),
      };
    }
    if (!isP256PublicKey(request.publicKey)) {
      return { refused: new ApiError(400, 'BAD_REQUEST', 'The wallet’s public key is not an EC P-256 public key (SPKI DER in base64). Update the mobile app.') };
    }
    const guessFailed = async (error: ApiError): Promise<{ refused: ApiError }> => {
      await recordFailure(tx, subjects, request.throttle.windowMinutes, request.now);
      return { refused: error };
    };

    const [found] = await tx.query<{ id: string; credential_id: string }>(`SELECT id, credential_id FROM invitations WHERE code_hash = $1 AND provider = 'reference'`, [hashInvitationCode(request.code)]);
    if (!found) return guessFailed(new ApiError(404, 'INVITATION_UNKNOWN', 'This invitation code does not exist. Check the code on the clerk’s screen and type it again.'));
    const credential = (await lockCredential(tx, found.credential_id))!;
    const [invitation] = await tx.query<{ state: string; expires_at: unknown }>('SELECT state, expires_at FROM invitations WHERE id = $1 FOR UPDATE', [found.id]);
    if (invitation!.state === 'redeemed') return guessFailed(new ApiError(409, 'INVITATION_USED', 'This invitation code was already used. Ask the clerk to generate a new invitation code.'));
    if (invitation!.state !== 'open') {
      return guessFailed(
        new ApiError(410, 'INVITATION_REVOKED', 'This invitation code no longer works: a newer one was generated, or the credential was revoked. Use the code on the clerk’s screen now.'),
      );
    }
    if (isExpired(new Date(iso(invitation!.expires_at)), request.now)) {
      return guessFailed(new ApiError(410, 'INVITATION_EXPIRED', 'Invitation code expired. Ask the clerk to generate a new invitation code.'));
    }
    if (!REDEEMABLE.has(credential.status)) {
      return {
        refused: new ApiError(409, 'CREDENTIAL_NOT_ISSUABLE', `This credential is ${credential.status} and cannot be picked up now. Ask the clerk.`, { status: credential.status }),
      };
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
    delete active.statusChangedBy;
    await tx.query(`UPDATE invitations SET state = 'redeemed' WHERE id = $1`, [found.id]);
    await saveCredential(tx, active, request.publicKey);
    const [holder] = await tx.query<{ data: Applicant }>('SELECT data FROM applicants WHERE employee_number = $1', [credential.employeeNumber]);
    const type = (await currentCredentialTypes(tx)).find((t) => t.id === credential.credentialTypeId);
    return {
      response: {
        credential: {
          credentialId: credential.credentialId,
          status: 'ACTIVE',
          holderName: holder ? displayName(holder.data) : credential.employeeNumber,
          employeeNumber: credential.employeeNumber,
          credentialTypeName: type?.name ?? credential.credentialTypeId,
          organization: request.organization,
        },
        serverTime: now,
      },
    };
  });
  if ('refused' in outcome) throw outcome.refused;
  return outcome.response;
}

const PAST = { suspend: 'suspended', resume: 'resumed', revoke: 'revoked' } as const;

/** `POST /v1/credentials/:id/status`: Suspend / Resume / Revoke with a reason; REVOKED is final. */
export async function changeStatus(db: Database, provider: MobileProvider, credentialId: string, request: StatusChangeRequest, now: Date): Promise<MobileCredential> {
  // Checked first so the provider is never asked for a change the server would refuse.
  const current = await db.transaction((tx) => allowedChange(tx, credentialId, request.action));
  await provider.changeStatus(current, request.action);
  const target = nextStatus(current.status, request.action)!;
  return db.transaction(async (tx) => {
    // The provider's callback for this very change may have been recorded first: then only who and why are added.
    const locked = await lockCredential(tx, credentialId);
    const credential = locked?.status === target ? locked : await allowedChange(tx, credentialId, request.action);
    const next = credential.status === target ? target : nextStatus(credential.status, request.action)!;
    const at = now.toISOString();
    let changed: MobileCredential = { ...credential, status: next, statusReason: request.reason, statusChangedAt: at, statusChangedBy: request.changedBy };
    if (next === 'REVOKED') {
      // A revoked credential can never be picked up: its open code stops working too.
      await tx.query(`UPDATE invitations SET state = 'revoked' WHERE credential_id = $1 AND state = 'open'`, [credentialId]);
      if (changed.invitation?.state === 'open') changed = { ...changed, invitation: { ...changed.invitation, state: 'revoked' } };
    }
    await saveCredential(tx, changed);
    return changed;
  });
}

/** The credential, locked, if `action` is allowed from its status. */
async function allowedChange(tx: Queryable, credentialId: string, action: StatusChangeRequest['action']): Promise<MobileCredential> {
  const credential = await lockCredential(tx, credentialId);
  if (!credential) {
    throw new ApiError(404, 'CREDENTIAL_NOT_FOUND', 'The server has no mobile credential with this id (it exists from its first invitation on). Sync the station and try again.');
  }
  if (!nextStatus(credential.status, action)) {
    throw new ApiError(409, 'TRANSITION_NOT_ALLOWED', `This credential is ${credential.status}: it cannot be ${PAST[action]}.`, { status: credential.status, action });
  }
  return credential;
}
