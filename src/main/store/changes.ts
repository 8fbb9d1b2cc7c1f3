import { z } from 'zod';
import { AuditEntry } from '../../shared/contract/applicants';
import { Applicant } from '../../shared/domain/applicant';
import { Device } from '../../shared/domain/device';
import { EmployeeNumberAllocator } from '../../shared/domain/employee-number';
import type { StoreDocument } from './document';

/**
 * One change to the station's document. A commit is a list of changes written as
 * one journal record: all of them are saved, or none. Each kind is schema-checked
 * when written and again when read back from disk.
 */
export const Change = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('applicant.added'), applicant: Applicant }),
  z.strictObject({ kind: z.literal('audit.appended'), entry: AuditEntry }),
  z.strictObject({ kind: z.literal('employee-numbers.set'), allocator: EmployeeNumberAllocator }),
  z.strictObject({ kind: z.literal('device.enrolled'), device: Device }),
]);
export type Change = z.infer<typeof Change>;

/**
 * Applies changes to the document in place (the store owns it; readers see each
 * commit complete because changes are applied only after they are durable).
 */
export function applyChanges(doc: StoreDocument, changes: readonly Change[]): void {
  for (const change of changes) {
    switch (change.kind) {
      case 'applicant.added':
        doc.applicants.push(change.applicant);
        break;
      case 'audit.appended':
        doc.audit.push(change.entry);
        break;
      case 'employee-numbers.set':
        doc.employeeNumbers = change.allocator;
        break;
      case 'device.enrolled':
        doc.devices.push(change.device);
        break;
    }
  }
}
