import { z } from 'zod';
import { Applicant, ApplicantInput, EmployeeNumber } from '../domain/applicant';
import { channel, event } from './define';

export const AuditEntry = z.strictObject({
  id: z.string(),
  /** Order of entries on the station that wrote them: 1, 2, 3, … */
  seq: z.number().int().positive(),
  at: z.iso.datetime(),
  action: z.enum(['applicant.created', 'device.enrolled', 'review.resolved']),
  employeeNumber: EmployeeNumber,
  operator: z.string(),
  stationId: z.string(),
  stationName: z.string(),
  summary: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

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
