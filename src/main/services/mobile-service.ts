import { StationError, type ErrorCode } from '../../shared/contract/errors';
import type { Invitation, SetStatusInput } from '../../shared/contract/mobile';
import { displayName } from '../../shared/domain/applicant';
import type { AuditAction } from '../../shared/domain/audit-chain';
import type { CredentialType } from '../../shared/domain/credential-types';
import type { ServerErrorCode } from '../../shared/contract/server-protocol';
import type { MobileCredential } from '../../shared/domain/mobile-credential';
import type { Actor, AuditItem, AuditTrail } from '../audit/audit-trail';
import type { StationEvents } from '../events';
import type { StationStore } from '../store/station-store';
import { SyncFailure, type ServerClient } from '../sync/server-client';

export interface MobileServiceDeps {
  store: StationStore;
  events: StationEvents;
  operator: () => string;
  actor: () => Actor;
  audit: AuditTrail;
  /** Whether the History holds an entry with this action about this record (the audit worker answers). */
  logged: (action: AuditAction, recordId: string) => Promise<boolean>;
  station: { id: string; name: string };
  now: () => Date;
  credentialTypes: () => readonly CredentialType[];
  sync: { serverClient(): ServerClient | undefined; syncNow(): Promise<{ waiting: number }> };
}

const PROVISIONING_FIX = 'Network or server connectivity issue. Verify internet connection and retry the provisioning process.';

/**
 * Phase 4 of the procedure: invitations for a mobile credential, and Suspend / Resume /
 * Revoke. These need the server now (it keeps the code's hash and decides the status),
 * so they are online calls, not outbox changes; a failure leaves nothing half-created.
 * Redemptions arrive through the sync feed as `mobile-credential.upserted`.
 */
export function createMobileService(deps: MobileServiceDeps) {
  deps.store.onCommitted((changes) => {
    for (const change of changes) {
      if (change.kind === 'mobile-credential.upserted') {
        deps.events.emit('mobile:changed', { employeeNumber: change.credential.employeeNumber, credential: change.credential });
      }
    }
  });

  /** The server's answer, saved with its audit entry in one record. */
  const save = (credential: MobileCredential, item: AuditItem) => {
    const at = deps.now().toISOString();
    return deps.store.commit((doc) => [{ kind: 'mobile-credential.upserted', credential }, ...deps.audit.changes(doc, [item], at)]);
  };

  /** A redemption seen in the feed for a device this station enrolled goes into its audit trail, once. */
  const logging = new Set<string>(); // invitation ids being logged: the trail is asked asynchronously
  deps.store.onCommitted((changes) => {
    const ours = changes.flatMap((c) =>
      c.kind === 'mobile-credential.upserted' &&
      c.credential.status === 'ACTIVE' &&
      c.credential.phone &&
      c.credential.invitation?.state === 'redeemed' &&
      !logging.has(c.credential.invitation.id) &&
      deps.store.data.devices.find((d) => d.id === c.credential.deviceId)?.stationId === deps.station.id
        ? [c.credential]
        : [],
    );
    if (ours.length === 0) return;
    for (const m of ours) logging.add(m.invitation!.id);
    // When the trail cannot be asked, nothing is logged rather than a redemption twice.
    void logRedemptions(ours)
      .catch(() => undefined)
      .finally(() => ours.forEach((m) => logging.delete(m.invitation!.id)));
  });

  async function logRedemptions(redeemed: readonly MobileCredential[]): Promise<void> {
    const logged = await Promise.all(redeemed.map((m) => deps.logged('invitation.redeemed', m.invitation!.id)));
    const fresh = redeemed.filter((_, i) => !logged[i]);
    if (fresh.length === 0) return;
    const at = deps.now().toISOString();
    const items: AuditItem[] = fresh.map((m) => ({
      action: 'invitation.redeemed',
      employeeNumber: m.employeeNumber,
      recordId: m.invitation!.id,
      summary: `Mobile credential picked up: ACTIVE on ${m.phone!.manufacturer} ${m.phone!.model} (Device ID ${m.phone!.deviceId})`,
    }));
    await deps.store.commit((doc) => deps.audit.changes(doc, items, at, { name: 'Mobile app (HID Origo)' }));
  }

  /** The server, with this station's changes already on it (the device must be there first). */
  async function readyServer(): Promise<ServerClient> {
    const client = deps.sync.serverClient();
    if (!client) {
      throw new StationError('PROVISIONING_FAILED', 'Failed to provision credential: this station is not connected to a central server. Register it on Station › Sync first.');
    }
    if (deps.store.data.outbox.length > 0) {
      const status = await deps.sync.syncNow();
      if (status.waiting > 0) throw new StationError('PROVISIONING_FAILED', `Failed to provision credential: the central server did not answer, so this person's device is not on it yet. ${PROVISIONING_FIX}`);
    }
    return client;
  }

  return {
    async invite({ employeeNumber, credentialId }: { employeeNumber: string; credentialId: string }): Promise<Invitation> {
      const doc = deps.store.data;
      const applicant = doc.applicants.find((a) => a.employeeNumber === employeeNumber);
      if (!applicant) throw new StationError('APPLICANT_NOT_FOUND', `No applicant has Employee Number ${employeeNumber} on this station.`, { employeeNumber });
      const credential = doc.devices.filter((d) => d.employeeNumber === employeeNumber).flatMap((d) => d.credentials).find((c) => c.id === credentialId);
      if (!credential) throw new StationError('CREDENTIAL_NOT_FOUND', 'This credential is not on this person’s devices. Refresh Report Data and choose the device again.');
      const type = deps.credentialTypes().find((t) => t.id === credential.credentialTypeId);
      if (!type?.policy.mobileCapable) {
        throw new StationError('INVALID_CREDENTIAL_TYPE', 'The selected credential type is not configured for mobile credentials. Contact your system administrator.');
      }
      if (credential.status === 'PENDING') {
        throw new StationError('CREDENTIAL_PENDING', 'This credential is Pending: it needs a supervisor’s approval before a mobile credential can be picked up.');
      }
      const client = await readyServer();
      const answer = await call(() => client.invite({ credentialId, requestedBy: deps.operator() }));
      await save(answer.body.credential, {
        action: 'invitation.issued',
        employeeNumber,
        recordId: answer.body.invitationId,
        summary: `Invitation for a mobile credential issued (valid until ${answer.body.expiresAt}); the previous code, if any, stops working`,
      });
      return {
        invitationId: answer.body.invitationId,
        code: answer.body.code,
        pickupUri: answer.body.pickupUri,
        expiresAt: answer.body.expiresAt,
        clockOffsetMs: answer.clockOffsetMs,
        userId: applicant.employeeNumber,
        ...(applicant.email ? { email: applicant.email } : {}),
        holderName: displayName(applicant),
        // Named by the server's provider (Step 10), not configured here.
        appName: answer.body.provider.appName,
        deviceType: answer.body.provider.deviceType,
        deviceManagementSystem: answer.body.provider.deviceManagementSystem,
        certificateAuthority: answer.body.provider.certificateAuthority,
        credential: answer.body.credential,
      };
    },

    async list({ employeeNumber }: { employeeNumber: string }): Promise<MobileCredential[]> {
      return deps.store.data.mobileCredentials.filter((c) => c.employeeNumber === employeeNumber);
    },

    async setStatus(input: SetStatusInput): Promise<MobileCredential> {
      if (!deps.store.data.mobileCredentials.some((c) => c.credentialId === input.credentialId)) {
        throw new StationError('CREDENTIAL_NOT_FOUND', 'This person has no mobile credential with that id. Refresh the page.');
      }
      const client = await readyServer();
      const answer = await call(() => client.setCredentialStatus(input.credentialId, { action: input.action, reason: input.reason, changedBy: deps.operator() }));
      const action = ({ suspend: 'credential.suspended', resume: 'credential.resumed', revoke: 'credential.revoked' } as const)[input.action];
      await save(answer.body.credential, {
        action,
        employeeNumber: answer.body.credential.employeeNumber,
        recordId: input.credentialId,
        summary: `Mobile credential ${answer.body.credential.status}: ${input.reason}`,
      });
      return answer.body.credential;
    },
  };
}

/**
 * The server refusals that keep their meaning on the station; null: the procedure's
 * "Failed to provision credential" with the server's words. Over every server code, so a
 * new one does not compile until it is placed here.
 */
const PASSED_THROUGH: Readonly<Record<ServerErrorCode, ErrorCode | null>> = {
  BAD_REQUEST: null,
  UNAUTHORIZED: null,
  STATION_REVOKED: null,
  TOKEN_INVALID: null,
  TOKEN_USED: null,
  TOKEN_EXPIRED: null,
  STATION_ALREADY_REGISTERED: null,
  MUTATION_ID_REUSED: null,
  SEQUENCE_GAP: null,
  NOT_FOUND: null,
  PAYLOAD_TOO_LARGE: null,
  EMPLOYEE_NUMBERS_EXHAUSTED: null,
  EMPLOYEE_NUMBER_TAKEN: null,
  CARD_ALREADY_ASSIGNED: null,
  CARD_REPLACED: null,
  NOT_READY: null,
  INTERNAL: null,
  INVALID_CREDENTIAL_TYPE: 'INVALID_CREDENTIAL_TYPE',
  CREDENTIAL_PENDING: 'CREDENTIAL_PENDING',
  CREDENTIAL_NOT_FOUND: null,
  TRANSITION_NOT_ALLOWED: 'TRANSITION_NOT_ALLOWED',
  INVITATION_UNKNOWN: null,
  INVITATION_EXPIRED: null,
  INVITATION_USED: null,
  INVITATION_REVOKED: null,
  CREDENTIAL_NOT_ISSUABLE: 'TRANSITION_NOT_ALLOWED',
  THROTTLED: null,
  // Already in the procedure's words ("Failed to provision credential: HID Origo …").
  PROVIDER_REFUSED: 'PROVISIONING_FAILED',
  PROVIDER_UNAVAILABLE: 'PROVISIONING_FAILED',
  REDEEM_ELSEWHERE: null,
  OPERATOR_REQUIRED: null,
  OPERATOR_UNKNOWN: null,
  OPERATOR_REVOKED: null,
  FORBIDDEN_ROLE: null,
  FOUR_EYES: null,
  AUDIT_CHAIN_BROKEN: null,
  AUDIT_KEY_MISMATCH: null,
  LAST_ADMINISTRATOR: null,
  ALREADY_EXISTS: null,
  CERTIFICATE_REJECTED: null,
  APPROVAL_REQUIRED: null,
};

async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (!(error instanceof SyncFailure)) throw error;
    const code = error.code ? PASSED_THROUGH[error.code] : null;
    if (code) throw new StationError(code, error.message);
    throw new StationError('PROVISIONING_FAILED', `Failed to provision credential: ${error.message} ${PROVISIONING_FIX}`);
  }
}

export type MobileService = ReturnType<typeof createMobileService>;
