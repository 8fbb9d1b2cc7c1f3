import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AuditEntry } from '../../shared/contract/applicants';
import { Applicant } from '../../shared/domain/applicant';
import { Device } from '../../shared/domain/device';
import { EmployeeNumberAllocator, type EmployeeNumberRange } from '../../shared/domain/employee-number';

export const SCHEMA_VERSION = 3;

/** Everything the station keeps: one document, encrypted as a whole on disk. */
export const StoreDocument = z.strictObject({
  format: z.literal('enrollment-station/store'),
  schemaVersion: z.number().int(),
  stationId: z.uuid(),
  employeeNumbers: EmployeeNumberAllocator,
  applicants: z.array(Applicant),
  /** Cards enrolled for applicants (+ Device), with their credentials. */
  devices: z.array(Device),
  audit: z.array(AuditEntry),
});
export type StoreDocument = z.infer<typeof StoreDocument>;

export function emptyDocument(range: EmployeeNumberRange): StoreDocument {
  return {
    format: 'enrollment-station/store',
    schemaVersion: SCHEMA_VERSION,
    stationId: randomUUID(),
    employeeNumbers: { range, lastIssued: null },
    applicants: [],
    devices: [],
    audit: [],
  };
}
