import { z } from 'zod';
import { Applicant, EmployeeNumber } from '../domain/applicant';
import { channel, event } from './define';
import { EnrollmentToken, Review } from './server-protocol';

/** Why the last sync attempt failed, in a form the renderer maps to the clerk's words. */
export const SyncProblem = z.enum([
  /** The server did not answer (down, network cut, wrong address). */
  'unreachable',
  /** The server does not know this station, or an administrator revoked it. */
  'unauthorized',
  'revoked',
  /** The server refused a change; it stays in the queue and nothing is lost. */
  'rejected',
  /** The server answered something the station could not read. */
  'bad-response',
  'server-error',
]);
export type SyncProblem = z.infer<typeof SyncProblem>;

/** What the top bar and the Sync page show. */
export const SyncStatus = z.strictObject({
  /** `not-registered`: no central server set up; the station works on its own. */
  state: z.enum(['not-registered', 'online', 'offline', 'syncing']),
  serverUrl: z.string().nullable(),
  /** Changes saved on this station and not yet on the server. */
  waiting: z.number().int().min(0),
  lastSuccessAt: z.iso.datetime().nullable(),
  lastAttemptAt: z.iso.datetime().nullable(),
  /** When offline: when the station tries again by itself. */
  nextAttemptAt: z.iso.datetime().nullable(),
  lastError: z.strictObject({ problem: SyncProblem, message: z.string(), at: z.iso.datetime() }).nullable(),
  /** Server time minus station time, measured at the last sync (the station's clock is not trusted). */
  clockOffsetMs: z.number().nullable(),
  /** Employee Numbers this station can still issue without the server. */
  employeeNumbersLeft: z.number().int().min(0),
  openReviews: z.number().int().min(0),
  /** The last change the server refused (an operator's role or four eyes): it was not applied there. */
  lastRefusal: z.strictObject({ message: z.string(), at: z.iso.datetime() }).nullable().optional(),
  /** Why the server did not accept this station's audit trail, when it did not. */
  auditProblem: z.string().nullable().optional(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

const LOOPBACK = /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/i;

export const RegisterStationInput = z.strictObject({
  serverUrl: z
    .string()
    .trim()
    .url('Enter the server address, for example https://credentials.example.org')
    .refine((u) => /^https?:\/\//.test(u), 'The server address starts with https:// (or http:// on this computer)')
    // The station's secret and people's data never cross a network in clear text.
    .refine((u) => u.startsWith('https://') || LOOPBACK.test(u), 'Use https:// for a server on another computer (http:// only for a server on this computer)'),
  token: EnrollmentToken,
});
export type RegisterStationInput = z.infer<typeof RegisterStationInput>;

/** A review with both records, so the clerk can compare them side by side. */
export const ReviewItem = z.strictObject({
  review: Review,
  applicants: z.array(Applicant),
});
export type ReviewItem = z.infer<typeof ReviewItem>;

export const ResolveReviewInput = z
  .strictObject({
    reviewId: z.uuid(),
    resolution: z.enum(['merge', 'keep-both']),
    survivor: EmployeeNumber.optional(),
  })
  .refine((r) => r.resolution !== 'merge' || r.survivor !== undefined, { message: 'Choose which record to keep', path: ['survivor'] });
export type ResolveReviewInput = z.infer<typeof ResolveReviewInput>;

export const syncChannels = {
  'sync:status': channel(z.undefined(), SyncStatus),
  /** Try now, without waiting for the next automatic attempt. */
  'sync:now': channel(z.undefined(), SyncStatus),
  'sync:register': channel(RegisterStationInput, SyncStatus),
  /** Possible duplicates found at sync ("Needs review"), open ones first. */
  'reviews:list': channel(z.undefined(), z.array(ReviewItem)),
  'reviews:resolve': channel(ResolveReviewInput, ReviewItem),
};

export const syncEvents = {
  'sync:status-changed': event(SyncStatus),
  'reviews:changed': event(z.strictObject({ openReviews: z.number().int().min(0) })),
};
