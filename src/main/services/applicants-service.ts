import { randomUUID } from 'node:crypto';
import type { ApplicantRecord, ApplicantSummary, AuditEntry, SearchResult } from '../../shared/contract/applicants';
import { StationError } from '../../shared/contract/errors';
import { displayName, validateApplicant, type Applicant, type ApplicantInput } from '../../shared/domain/applicant';
import type { CredentialType } from '../../shared/domain/credential-types';
import { findDuplicate } from '../../shared/domain/duplicates';
import { allocateEmployeeNumber } from '../../shared/domain/employee-number';
import { searchApplicants, searchHaystack } from '../../shared/domain/search';
import type { StationEvents } from '../events';
import type { StationStore } from '../store/station-store';

export interface ApplicantsServiceDeps {
  store: StationStore;
  credentialTypes: readonly CredentialType[];
  station: { id: string; name: string };
  operator: () => string;
  now: () => Date;
  events: StationEvents;
}

/** Add Applicant, the person's record, and Search. */
export function createApplicantsService(deps: ApplicantsServiceDeps) {
  const haystacks = new WeakMap<Applicant, string>();
  const haystackOf = (a: Applicant): string => {
    let text = haystacks.get(a);
    if (text === undefined) haystacks.set(a, (text = searchHaystack(a)));
    return text;
  };

  return {
    async create(input: ApplicantInput): Promise<Applicant> {
      const checked = validateApplicant(input, deps.credentialTypes);
      if (!checked.ok) {
        const invalidType = checked.fieldErrors.credentialTypeId !== undefined;
        throw new StationError(
          invalidType ? 'INVALID_CREDENTIAL_TYPE' : 'VALIDATION_FAILED',
          invalidType ? 'The selected credential type is not configured on this station.' : 'Some fields need attention.',
          { fieldErrors: checked.fieldErrors },
        );
      }
      const values = checked.value;
      const operator = deps.operator();
      const at = deps.now().toISOString();
      let created: Applicant | undefined;

      await deps.store.update((doc) => {
        const duplicate = findDuplicate(doc.applicants, values);
        if (duplicate) {
          throw new StationError('USER_ALREADY_EXISTS', 'An account with this information already exists in the system.', { ...duplicate });
        }
        const taken = new Set(doc.applicants.map((a) => a.employeeNumber));
        const allocation = allocateEmployeeNumber(doc.employeeNumbers, (n) => taken.has(n));
        if (!allocation.ok) {
          throw new StationError(
            'EMPLOYEE_NUMBERS_EXHAUSTED',
            `This station has issued every Employee Number in its range (${doc.employeeNumbers.range.first}–${doc.employeeNumbers.range.last}).`,
          );
        }
        const applicant: Applicant = {
          employeeNumber: allocation.employeeNumber,
          ...values,
          createdAt: at,
          createdBy: operator,
          stationId: deps.station.id,
        };
        const type = deps.credentialTypes.find((t) => t.id === values.credentialTypeId);
        const audit: AuditEntry = {
          id: randomUUID(),
          at,
          action: 'applicant.created',
          employeeNumber: applicant.employeeNumber,
          operator,
          stationId: deps.station.id,
          stationName: deps.station.name,
          summary: `Applicant ${displayName(applicant)} added with credential type ${type?.name ?? values.credentialTypeId}`,
        };
        created = applicant;
        return {
          ...doc,
          employeeNumbers: allocation.allocator,
          applicants: [...doc.applicants, applicant],
          audit: [...doc.audit, audit],
        };
      });
      if (!created) throw new StationError('INTERNAL', 'The applicant was not created.');
      deps.events.emit('applicants:changed', { employeeNumber: created.employeeNumber });
      return created;
    },

    async get({ employeeNumber }: { employeeNumber: string }): Promise<ApplicantRecord> {
      const { applicants, audit } = deps.store.data;
      const applicant = applicants.find((a) => a.employeeNumber === employeeNumber);
      if (!applicant) {
        throw new StationError('APPLICANT_NOT_FOUND', `No applicant has Employee Number ${employeeNumber} on this station.`, { employeeNumber });
      }
      return { applicant, history: audit.filter((e) => e.employeeNumber === employeeNumber) };
    },

    async search({ text, limit }: { text: string; limit: number }): Promise<SearchResult> {
      const found = searchApplicants(deps.store.data.applicants, text, limit, haystackOf);
      return { total: found.total, applicants: found.applicants.map(toSummary) };
    },
  };
}
function toSummary(a: Applicant): ApplicantSummary {
  const { employeeNumber, firstName, middleName, lastName, email, credentialTypeId } = a;
  return { employeeNumber, firstName, middleName, lastName, email, credentialTypeId };
}

export type ApplicantsService = ReturnType<typeof createApplicantsService>;
