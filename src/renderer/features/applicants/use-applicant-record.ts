import type { ApplicantRecord } from '../../../shared/contract';
import { EmployeeNumber } from '../../../shared/domain/applicant';
import { describeError, type ClerkError } from '../../errors/clerk-messages';
import { useStationQuery } from '../../lib/use-station-query';

export type RecordState =
  | { status: 'loading' }
  | { status: 'ready'; record: ApplicantRecord }
  | { status: 'failed'; error: ClerkError };

/**
 * One applicant's record, kept current: it reloads when `applicants:changed` names
 * this person, so the screen never needs a manual refresh.
 */
export function useApplicantRecord(employeeNumber: string): RecordState & { reload: () => void } {
  const wellFormed = EmployeeNumber.safeParse(employeeNumber).success;
  // An answer for another person (the clerk just moved on) is not this page's answer.
  const query = useStationQuery((station) => station.applicants.get({ employeeNumber }), [employeeNumber], {
    enabled: wellFormed,
    reloadOn: { event: 'applicants:changed', when: (changed) => changed.employeeNumber === employeeNumber },
  });
  const { reload } = query;

  if (!wellFormed) {
    return {
      status: 'failed',
      error: describeError({
        code: 'APPLICANT_NOT_FOUND',
        message: `“${employeeNumber}” is not an Employee Number: an Employee Number has 8 digits.`,
      }),
      reload,
    };
  }
  if (query.error) return { status: 'failed', error: query.error, reload };
  if (query.data) return { status: 'ready', record: query.data, reload };
  return { status: 'loading', reload };
}
