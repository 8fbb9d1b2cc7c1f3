import { StationError } from '../../shared/contract/errors';
import type { ApprovalRequest } from '../../shared/contract/operators';
import { displayName, type Applicant } from '../../shared/domain/applicant';
import type { CredentialType } from '../../shared/domain/credential-types';
import { CARD_TYPE_NAMES, type Device, type DeviceCredential } from '../../shared/domain/device';
import { mayDecide } from '../../shared/domain/roles';
import type { Actor, AuditTrail } from '../audit/audit-trail';
import type { StationEvents } from '../events';
import type { StoreDocument } from '../store/document';
import type { StationStore } from '../store/station-store';
import { enqueue } from '../sync/outbox';

export interface ApprovalsServiceDeps {
  store: StationStore;
  station: { id: string; name: string };
  actor: () => Actor;
  audit: AuditTrail;
  credentialTypes: () => readonly CredentialType[];
  now: () => Date;
  events: StationEvents;
}

const FOUR_EYES = 'You added this person or enrolled their device, so another supervisor must decide on their credential.';

/**
 * Supervisor approvals: the Pending credentials a type's policy holds back, approved or
 * rejected with a reason. Four eyes: whoever added the person or enrolled the device
 * never decides (by certificate fingerprint; by name for records from before sign-in).
 * A decision taken offline is saved here with its outbox entry; the server re-checks it
 * and the first decision to reach it wins.
 */
export function createApprovalsService(deps: ApprovalsServiceDeps) {
  const pending = (doc: Readonly<StoreDocument>) =>
    doc.devices.flatMap((device) => device.credentials.filter((c) => c.status === 'PENDING').map((credential) => ({ device, credential })));

  const decider = (actor: Actor) => actor.fingerprint ?? actor.name;
  const fourEyes = (actor: Actor, applicant: Applicant | undefined, device: Device) =>
    mayDecide(decider(actor), {
      applicantCreatedBy: applicant?.createdByFingerprint ?? applicant?.createdBy,
      deviceEnrolledBy: device.enrolledByFingerprint ?? device.enrolledBy,
    });

  let lastCount = pending(deps.store.data).length;
  deps.store.onCommitted((changes) => {
    if (!changes.some((c) => c.kind === 'device.upserted' || c.kind === 'device.enrolled')) return;
    const count = pending(deps.store.data).length;
    if (count !== lastCount) deps.events.emit('approvals:changed', { pending: count });
    lastCount = count;
  });

  return {
    async list(): Promise<ApprovalRequest[]> {
      const doc = deps.store.data;
      const actor = deps.actor();
      return pending(doc)
        .map(({ device, credential }): ApprovalRequest => {
          const applicant = doc.applicants.find((a) => a.employeeNumber === device.employeeNumber);
          const allowed = fourEyes(actor, applicant, device);
          return {
            deviceId: device.id,
            credentialId: credential.id,
            employeeNumber: device.employeeNumber,
            holderName: applicant ? displayName(applicant) : device.employeeNumber,
            credentialTypeId: credential.credentialTypeId,
            credentialTypeName: deps.credentialTypes().find((t) => t.id === credential.credentialTypeId)?.name ?? credential.credentialTypeId,
            deviceSerialNumber: device.serialNumber,
            cardType: device.cardType,
            requestedBy: device.enrolledBy,
            stationName: device.stationId === deps.station.id ? deps.station.name : `another station (${device.stationId.slice(0, 8)})`,
            requestedAt: credential.issuedAt,
            mayDecide: allowed,
            ...(allowed ? {} : { whyNot: FOUR_EYES }),
          };
        })
        .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
    },

    async decide(input: { deviceId: string; credentialId: string; decision: 'approve' | 'reject'; reason: string }): Promise<Device> {
      const actor = deps.actor();
      const at = deps.now().toISOString();
      let decided: Device | undefined;
      await deps.store.commit((doc) => {
        const device = doc.devices.find((d) => d.id === input.deviceId);
        const credential = device?.credentials.find((c) => c.id === input.credentialId);
        if (!device || !credential || credential.status !== 'PENDING') {
          throw new StationError('APPROVAL_NOT_FOUND', 'This credential is no longer Pending: another supervisor may have decided already. Refresh the Approvals list.');
        }
        const applicant = doc.applicants.find((a) => a.employeeNumber === device.employeeNumber);
        if (!fourEyes(actor, applicant, device)) throw new StationError('FOUR_EYES', FOUR_EYES);
        const updated: DeviceCredential = {
          ...credential,
          status: input.decision === 'approve' ? 'ISSUED' : 'REJECTED',
          decision: {
            decision: input.decision,
            reason: input.reason,
            decidedBy: actor.name,
            ...(actor.fingerprint ? { decidedByFingerprint: actor.fingerprint } : {}),
            decidedAt: at,
            stationId: deps.station.id,
          },
        };
        decided = { ...device, credentials: device.credentials.map((c) => (c.id === credential.id ? updated : c)) };
        const typeName = deps.credentialTypes().find((t) => t.id === credential.credentialTypeId)?.name ?? credential.credentialTypeId;
        const who = applicant ? displayName(applicant) : device.employeeNumber;
        const summary =
          input.decision === 'approve'
            ? `Credential ${typeName} on ${CARD_TYPE_NAMES[device.cardType]} ${device.serialNumber} for ${who} approved`
            : `Credential ${typeName} on ${CARD_TYPE_NAMES[device.cardType]} ${device.serialNumber} for ${who} rejected: ${input.reason}`;
        return [
          { kind: 'device.upserted', device: decided },
          ...deps.audit.changes(doc, [{ action: input.decision === 'approve' ? 'credential.approved' : 'credential.rejected', employeeNumber: device.employeeNumber, recordId: credential.id, summary }], at, actor),
          ...enqueue(doc, { kind: 'credential.decide', deviceId: device.id, credentialId: credential.id, decision: input.decision, reason: input.reason, decidedBy: actor.name, decidedAt: at }, at, actor.fingerprint),
        ];
      });
      deps.events.emit('applicants:changed', { employeeNumber: decided!.employeeNumber });
      return decided!;
    },
  };
}

export type ApprovalsService = ReturnType<typeof createApprovalsService>;
