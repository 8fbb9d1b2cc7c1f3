import type { ApplicantRecord, ApplicantSummary, SearchResult } from '../../shared/contract/applicants';
import { StationError } from '../../shared/contract/errors';
import { displayName, validateApplicant, type Applicant, type ApplicantInput } from '../../shared/domain/applicant';
import type { AuditEntry } from '../../shared/domain/audit-chain';
import type { CredentialType } from '../../shared/domain/credential-types';
import { allocateEmployeeNumber } from '../../shared/domain/employee-number';
import type { Actor, AuditTrail } from '../audit/audit-trail';
import type { StationEvents } from '../events';
import type { StationStore } from '../store/station-store';
import { enqueue } from '../sync/outbox';
import { ApplicantIndex } from './applicant-index';

export interface ApplicantsServiceDeps {
  store: StationStore;
  /** The server's credential types once synced, else the station's configuration. */
  credentialTypes: () => readonly CredentialType[];
  station: { id: string; name: string };
  actor: () => Actor;
  audit: AuditTrail;
  /** A person's History entries, oldest first (the audit worker reads the whole trail). */
  history: (employeeNumber: string) => Promise<AuditEntry[]>;
  now: () => Date;
  events: StationEvents;
}

/** Add Applicant, the person's record, and Search. */
export function createApplicantsService(deps: ApplicantsServiceDeps) {
  const index = new ApplicantIndex(deps.store.data.applicants);
  deps.store.onCommitted((changes) => index.apply(changes));

  return {
    /** Resolves when the index over the people already stored is built. */
    ready: index.ready,

    async create(input: ApplicantInput): Promise<Applicant> {
      await index.ready;
      const retired = deps.credentialTypes().find((t) => t.id === input.credentialTypeId && t.retired);
      if (retired) {
        const message = `The credential type ${retired.name} is retired: choose another type (existing applicants keep it).`;
        throw new StationError('INVALID_CREDENTIAL_TYPE', message, { fieldErrors: { credentialTypeId: [message] } });
      }
      const checked = validateApplicant(input, deps.credentialTypes());
      if (!checked.ok) {
        const invalidType = checked.fieldErrors.credentialTypeId !== undefined;
        throw new StationError(
          invalidType ? 'INVALID_CREDENTIAL_TYPE' : 'VALIDATION_FAILED',
          invalidType ? 'The selected credential type is not configured on this station.' : 'Some fields need attention.',
          { fieldErrors: checked.fieldErrors },
        );
      }
      const values = checked.value;
      const actor = deps.actor();
      const at = deps.now().toISOString();
      let created: Applicant | undefined;

      await deps.store.commit((doc) => {
        const duplicate = index.findDuplicate(values);
        if (duplicate) {
          throw new StationError('USER_ALREADY_EXISTS', 'An account with this information already exists in the system.', { ...duplicate });
        }
        const allocation = allocateEmployeeNumber(doc.employeeNumbers, index.isTaken);
        if (!allocation.ok) {
          throw new StationError(
            'EMPLOYEE_NUMBERS_EXHAUSTED',
            doc.sync.server
              ? 'This station has issued every Employee Number it was given and cannot reach the central server for more. Nothing was saved: connect the station to the network, wait for "Online", then submit again.'
              : `This station has issued every Employee Number in its range (${doc.employeeNumbers.range.first}–${doc.employeeNumbers.range.last}).`,
          );
        }
        const applicant: Applicant = {
          employeeNumber: allocation.employeeNumber,
          ...values,
          createdAt: at,
          createdBy: actor.name,
          ...(actor.fingerprint ? { createdByFingerprint: actor.fingerprint } : {}),
          stationId: deps.station.id,
        };
        const type = deps.credentialTypes().find((t) => t.id === values.credentialTypeId);
        const history = deps.audit.changes(doc, [{ action: 'applicant.created', employeeNumber: applicant.employeeNumber, summary: `Applicant ${displayName(applicant)} added with credential type ${type?.name ?? values.credentialTypeId}` }], at, actor);
        created = applicant;
        // One record: the applicant, its History entry and the allocator are saved together or not at all.
        return [
          { kind: 'applicant.added', applicant },
          ...history,
          { kind: 'employee-numbers.set', allocator: allocation.allocator },
          ...enqueue(doc, { kind: 'applicant.create', applicant }, at, actor.fingerprint),
        ];
      });
      if (!created) throw new StationError('INTERNAL', 'The applicant was not created.');
      deps.events.emit('applicants:changed', { employeeNumber: created.employeeNumber });
      return created;
    },

    async get({ employeeNumber }: { employeeNumber: string }): Promise<ApplicantRecord> {
      const applicant = deps.store.data.applicants.find((a) => a.employeeNumber === employeeNumber);
      if (!applicant) {
        throw new StationError('APPLICANT_NOT_FOUND', `No applicant has Employee Number ${employeeNumber} on this station.`, { employeeNumber });
      }
      return { applicant, history: await deps.history(employeeNumber) };
    },

    async search({ text, limit }: { text: string; limit: number }): Promise<SearchResult> {
      const found = await index.search(text, limit);
      const { applicants } = deps.store.data;
      return { total: found.total, applicants: found.positions.map((position) => toSummary(applicants[position]!)) };
    },
  };
}
function toSummary(a: Applicant): ApplicantSummary {
  const { employeeNumber, firstName, middleName, lastName, email, credentialTypeId } = a;
  return { employeeNumber, firstName, middleName, lastName, email, credentialTypeId };
}

export type ApplicantsService = ReturnType<typeof createApplicantsService>;
