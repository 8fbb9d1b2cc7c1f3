import { useEffect, useState } from 'react';
import type { ApplicantRecord } from '../../../shared/contract';
import { EmployeeNumber } from '../../../shared/domain/applicant';
import { describeError, type ClerkError } from '../../errors/clerk-messages';
import { describeCallFailure } from '../../stores/station-info-store';

export type RecordState =
  | { status: 'loading' }
  | { status: 'ready'; record: ApplicantRecord }
  | { status: 'failed'; error: ClerkError };

interface Loaded {
  employeeNumber: string;
  result: { record: ApplicantRecord } | { error: ClerkError };
}

/**
 * One applicant's record, kept current: it reloads when `applicants:changed` names
 * this person, so the screen never needs a manual refresh.
 */
export function useApplicantRecord(employeeNumber: string): RecordState & { reload: () => void } {
  const [loaded, setLoaded] = useState<Loaded>();
  const [version, setVersion] = useState(0);
  const wellFormed = EmployeeNumber.safeParse(employeeNumber).success;

  useEffect(() => {
    if (!wellFormed) return undefined;
    return window.station.on('applicants:changed', (changed) => {
      if (changed.employeeNumber === employeeNumber) setVersion((v) => v + 1);
    });
  }, [employeeNumber, wellFormed]);

  useEffect(() => {
    if (!wellFormed) return undefined;
    let current = true;
    window.station.applicants.get({ employeeNumber }).then(
      (record) => current && setLoaded({ employeeNumber, result: { record } }),
      (reason: unknown) => current && setLoaded({ employeeNumber, result: { error: describeCallFailure(reason) } }),
    );
    return () => {
      current = false;
    };
  }, [employeeNumber, wellFormed, version]);

  const reload = () => setVersion((v) => v + 1);

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
  // An answer for another person (the clerk just moved on) is not this page's answer.
  if (!loaded || loaded.employeeNumber !== employeeNumber) return { status: 'loading', reload };
  return 'record' in loaded.result
    ? { status: 'ready', record: loaded.result.record, reload }
    : { status: 'failed', error: loaded.result.error, reload };
}
