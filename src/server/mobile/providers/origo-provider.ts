import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/database';
import { currentCredentialTypes } from '../../sync/credential-types';
import { ApiError } from '../../errors';
import type { ChangeNotifier } from '../../sync/change-notifier';
import { applyProviderState, providerLink } from '../mobile-credentials';
import { createOrigoClient, type OrigoUser } from '../origo/origo-client';
import { OrigoError } from '../origo/origo-http';
import { parseCallbackDelivery } from '../origo/origo-callback';
import { mapOrigoCredentialStatus, phoneFromContainer } from '../origo/origo-status';
import type { OrigoSettings } from './origo-config';
import type { MobileProvider, ProviderState } from './provider';

/** The procedure's words (Phase 4, step 9). */
const NO_PART_NUMBER = 'The selected credential type is not configured for mobile credentials. Contact your system administrator.';
export const ORIGO_CALLBACK_PATH = '/v1/providers/hid-origo/callback';
/** Credentials asked about per poll, at most (oldest invitations first). */
const POLL_BATCH = 200;

export interface OrigoProvider extends MobileProvider {
  /** A callback delivery from HID Origo: verified, deduplicated, then each user named is read back from Origo. */
  receiveCallback(headers: Record<string, string | string[] | undefined>, body: string): Promise<{ status: number; body: Record<string, unknown> }>;
  /** One polling round (the timer's work; tests call it to not wait). */
  pollOnce(): Promise<number>;
}

interface Deps {
  settings: OrigoSettings;
  db: Database;
  notifier: ChangeNotifier;
  clock: () => Date;
  log: Pick<FastifyBaseLogger, 'info' | 'warn'>;
}

/**
 * HID Origo behind the provider interface: users by Employee Number (SCIM externalId),
 * invitations with the credential type's part number, redemption learned from Origo's
 * callbacks with polling as the fallback, and lifecycle changes sent to Origo first.
 */
export function origoProvider(deps: Deps): OrigoProvider {
  const { settings, db, log } = deps;
  // 15 s per Origo call, retries included: an invitation makes two, and the station waits 45 s.
  const client = createOrigoClient({ ...settings, clock: { now: deps.clock }, maxWaitMs: 15_000 }, log);
  let pollTimer: NodeJS.Timeout | undefined;
  let registerTimer: NodeJS.Timeout | undefined;
  let stopped = false;
  let polling: Promise<unknown> = Promise.resolve();

  /** Origo's failure, as the clerk reads it (the words come from the connector). */
  const refusal = (error: unknown): never => {
    if (error instanceof OrigoError) {
      if (error.kind === 'refused') throw new ApiError(422, 'PROVIDER_REFUSED', error.message);
      throw new ApiError(503, 'PROVIDER_UNAVAILABLE', error.message);
    }
    throw error;
  };

  /** Reads a user back from Origo and records what changed for each credential linked to them. */
  async function reconcileUser(userId: string): Promise<number> {
    const links = await db.query<{ credential_id: string; external_invitation_id: string | null; external_credential_id: string | null }>(
      `SELECT credential_id, external_invitation_id, external_credential_id FROM provider_links WHERE provider = 'hid-origo' AND external_user_id = $1`,
      [userId],
    );
    if (links.length === 0) return 0;
    const user = await client.getUser(Number(userId));
    let changed = 0;
    for (const link of links) {
      const state = stateOf(user, link.external_invitation_id, link.external_credential_id);
      if (!state) continue;
      if (!link.external_credential_id) {
        await db.query('UPDATE provider_links SET external_credential_id = $2 WHERE credential_id = $1', [link.credential_id, state.credentialId]);
      }
      const credential = await applyProviderState(db, link.credential_id, state, deps.clock());
      if (credential) {
        changed++;
        log.info({ credentialId: credential.credentialId, status: credential.status, provider: 'hid-origo' }, 'mobile credential changed at HID Origo');
      }
    }
    if (changed > 0) deps.notifier.poke();
    return changed;
  }

  async function pollOnce(): Promise<number> {
    const rows = await db.query<{ external_user_id: string }>(
      `SELECT l.external_user_id, min(i.created_at) AS oldest FROM provider_links l
         JOIN invitations i ON i.credential_id = l.credential_id AND i.state = 'open' AND i.expires_at > $1
       WHERE l.provider = 'hid-origo' GROUP BY l.external_user_id ORDER BY oldest LIMIT ${POLL_BATCH}`,
      [deps.clock().toISOString()],
    );
    let changed = 0;
    for (const row of rows) {
      if (stopped) break;
      changed += await reconcileUser(row.external_user_id).catch((error: unknown) => {
        log.warn({ err: error instanceof OrigoError ? error.message : error, userId: row.external_user_id }, 'HID Origo poll failed for a user');
        return 0;
      });
    }
    return changed;
  }

  const schedulePoll = () => {
    if (stopped) return;
    pollTimer = setTimeout(() => {
      polling = pollOnce()
        .catch((error: unknown) => log.warn({ err: error }, 'HID Origo poll failed'))
        .finally(schedulePoll);
    }, settings.pollSeconds * 1000);
    pollTimer.unref();
  };

  const registerCallback = async (): Promise<void> => {
    if (!settings.callbackUrl || stopped) return;
    try {
      const { callbackId } = await client.registerCallback({
        url: settings.callbackUrl,
        httpHeader: 'Authorization',
        secret: `Bearer ${settings.callbackSecret}`,
        eventTypes: ['INVITATION_ACKNOWLEDGED', 'CREDENTIAL_ACTIVATED', 'CREDENTIAL_SUSPENDED', 'CREDENTIAL_RESUMED', 'CREDENTIAL_REVOKED'],
      });
      log.info({ callbackId, url: settings.callbackUrl }, 'HID Origo callback registered');
    } catch (error) {
      log.warn({ err: error instanceof OrigoError ? error.message : error }, 'HID Origo callback registration failed; polling meanwhile, trying again in a minute');
      if (!stopped) registerTimer = setTimeout(() => void registerCallback(), 60_000).unref();
    }
  };

  return {
    info: {
      id: 'hid-origo',
      appName: 'HID Mobile Access',
      deviceType: 'HID Origo Mobile Identity',
      deviceManagementSystem: 'HID Origo Management Portal',
      certificateAuthority: 'HID Origo Mobile Identity CA',
    },

    async issue(request) {
      // The credential type's own part number (Station › Administration) first, else the configured one.
      const type = (await currentCredentialTypes(db)).find((t) => t.id === request.credentialTypeId);
      const partNumber = type?.policy.mobilePartNumber ?? settings.partNumbers[request.credentialTypeId];
      if (!partNumber) throw new ApiError(400, 'INVALID_CREDENTIAL_TYPE', NO_PART_NUMBER, { credentialTypeId: request.credentialTypeId, reason: 'no HID Origo part number for this type' });
      try {
        const { userId } = await client.ensureUser({
          externalId: request.holder.employeeNumber,
          givenName: request.holder.firstName,
          familyName: request.holder.lastName,
          ...(request.holder.email ? { email: request.holder.email } : {}),
        });
        const invitation = await client.invite(userId, partNumber);
        const code = invitation.invitationCode.toUpperCase();
        return {
          code,
          // HID Mobile Access takes the invitation code itself (typed or scanned).
          qr: code,
          expiresAt: new Date(invitation.expiresAt),
          link: {
            externalUserId: String(userId),
            externalInvitationId: String(invitation.invitationId),
            ...(invitation.credentialId === undefined ? {} : { externalCredentialId: String(invitation.credentialId) }),
          },
        };
      } catch (error) {
        return refusal(error);
      }
    },

    async withdraw(replaced) {
      // Already redeemed or expired at Origo: nothing to cancel, and nothing to tell anyone.
      if (replaced.externalInvitationId) await client.cancelInvitation(Number(replaced.externalInvitationId)).catch(() => undefined);
    },

    async changeStatus(credential, action) {
      const link = await providerLink(db, credential.credentialId);
      // Issued before this server used HID Origo: the status is the server's alone.
      if (link?.provider !== 'hid-origo') return;
      if (!link.externalCredentialId) {
        // Not on a phone yet and Origo's id unknown: only a revoke makes sense, and the open code is cancelled.
        if (action === 'revoke' && link.externalInvitationId) await client.cancelInvitation(Number(link.externalInvitationId)).catch(refusal);
        return;
      }
      const id = Number(link.externalCredentialId);
      try {
        if (action === 'suspend') await client.suspendCredential(id);
        else if (action === 'resume') await client.resumeCredential(id);
        else await client.revokeCredential(id);
      } catch (error) {
        refusal(error);
      }
    },

    async receiveCallback(headers, body) {
      const delivery = parseCallbackDelivery(headers, body, { httpHeader: 'authorization', secret: `Bearer ${settings.callbackSecret}`, now: deps.clock() });
      if (!delivery.ok) {
        log.warn({ status: delivery.status, reason: delivery.reason }, 'HID Origo callback refused');
        return { status: delivery.status, body: { error: { code: delivery.status === 401 ? 'UNAUTHORIZED' : 'BAD_REQUEST', message: delivery.reason } } };
      }
      const users = new Set<string>();
      let duplicates = 0;
      for (const event of delivery.events) {
        const fresh = await db.query('INSERT INTO provider_events (provider, event_id, received_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_id', [
          'hid-origo',
          event.id,
          deps.clock().toISOString(),
        ]);
        if (fresh.length === 0) duplicates++;
        else if (event.userId !== undefined) users.add(String(event.userId));
      }
      let changed = 0;
      for (const userId of users) {
        // A failed read is left to the poller: the event is taken either way.
        changed += await reconcileUser(userId).catch((error: unknown) => {
          log.warn({ err: error instanceof OrigoError ? error.message : error, userId }, 'HID Origo callback: reading the user back failed; polling will find it');
          return 0;
        });
      }
      log.info({ events: delivery.events.length, duplicates, changed }, 'HID Origo callback');
      return { status: 200, body: { received: delivery.events.length, duplicates, changed } };
    },

    pollOnce,

    start() {
      void registerCallback();
      schedulePoll();
    },

    async stop() {
      stopped = true;
      clearTimeout(pollTimer);
      clearTimeout(registerTimer);
      await polling;
    },
  };
}

/**
 * What Origo's user record says of one of our credentials; undefined when it says nothing
 * yet. Without Origo's credential id (the invitation's answer was lost and the invitation
 * adopted), the phone that took our invitation is the newest container once it is redeemed.
 */
export function stateOf(user: OrigoUser, invitationId: string | null, credentialId: string | null): (ProviderState & { credentialId: string }) | undefined {
  const invitation = user.invitations.find((i) => String(i.id) === invitationId);
  for (const container of [...user.containers].reverse()) {
    const credential = credentialId ? container.credentials.find((c) => String(c.id) === credentialId) : invitation?.status === 'ACKNOWLEDGED' ? container.credentials[0] : undefined;
    if (!credential) continue;
    const status = mapOrigoCredentialStatus(credential.status);
    if (!status) return undefined;
    return { status, phone: phoneFromContainer(container), redeemed: invitation ? invitation.status === 'ACKNOWLEDGED' : status === 'ACTIVE', credentialId: String(credential.id) };
  }
  return undefined;
}
