import { z } from 'zod';
import { Applicant, ApplicantInput, EmployeeNumber } from '../domain/applicant';
import { AuditEntry } from '../domain/audit-chain';
import { channel, event } from './define';

/** A History entry: one link of this station's audit chain (src/shared/domain/audit-chain.ts). */
export { AuditEntry } from '../domain/audit-chain';

export const ApplicantSummary = Applicant.pick({
  employeeNumber: true,
  firstName: true,
  middleName: true,
  lastName: true,
  email: true,
  credentialTypeId: true,
});
export type ApplicantSummary = z.infer<typeof ApplicantSummary>;

export const ApplicantRecord = z.strictObject({
  applicant: Applicant,
  history: z.array(AuditEntry),
});
export type ApplicantRecord = z.infer<typeof ApplicantRecord>;

export const SearchQuery = z.strictObject({
  text: z.string().max(200),
  limit: z.number().int().min(1).max(200).default(50),
});

export const SearchResult = z.strictObject({
  applicants: z.array(ApplicantSummary),
  /** How many matched in all; more than `applicants.length` when the limit cut the list. */
  total: z.number().int().min(0),
});
export type SearchResult = z.infer<typeof SearchResult>;

export const applicantChannels = {
  'applicants:create': channel(ApplicantInput, Applicant),
  'applicants:get': channel(z.strictObject({ employeeNumber: EmployeeNumber }), ApplicantRecord),
  'applicants:search': channel(SearchQuery, SearchResult),
};

export const applicantEvents = {
  'applicants:changed': event(z.strictObject({ employeeNumber: EmployeeNumber })),
};
