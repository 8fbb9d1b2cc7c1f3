import { z } from 'zod';
import { EmployeeNumber } from '../domain/applicant';

/**
 * Station › Administration › Watchlist on the wire (issue 17): `GET /v1/admin/watchlist`.
 * What has waited too long, computed from the server's own state at the moment of the
 * request (nothing cached): open invitations not picked up, credentials Pending approval,
 * stations not seen. Each list is oldest first, at most WATCHLIST_LIMIT items plus its total.
 */

export const WATCHLIST_LIMIT = 200;
/** The longest "older than" a list may be asked for: 30 days. */
export const WATCHLIST_MAX_HOURS = 30 * 24;
export const WATCHLIST_DEFAULT_HOURS = { invitationHours: 24, approvalHours: 8, stationHours: 24 } as const;

const hoursMessage = `Give a whole number of hours from 1 to ${WATCHLIST_MAX_HOURS} (30 days).`;
/** A number of hours (whole, 1 … 720). */
export const WatchlistHoursValue = z.number({ error: hoursMessage }).int(hoursMessage).min(1, hoursMessage).max(WATCHLIST_MAX_HOURS, hoursMessage);

/** The query string: each list's N (strings on the wire, whole hours). */
export const WatchlistQuery = z.strictObject({
  invitationHours: z.coerce.number({ error: hoursMessage }).pipe(WatchlistHoursValue).default(WATCHLIST_DEFAULT_HOURS.invitationHours),
  approvalHours: z.coerce.number({ error: hoursMessage }).pipe(WatchlistHoursValue).default(WATCHLIST_DEFAULT_HOURS.approvalHours),
  stationHours: z.coerce.number({ error: hoursMessage }).pipe(WatchlistHoursValue).default(WATCHLIST_DEFAULT_HOURS.stationHours),
});
export type WatchlistQuery = z.infer<typeof WatchlistQuery>;

/** An invitation issued and not picked up (open, not redeemed) for longer than N hours. */
export const WatchlistInvitation = z.strictObject({
  invitationId: z.uuid(),
  credentialId: z.string(),
  employeeNumber: EmployeeNumber,
  /** The person's name, or their Employee Number when the server has no record of them. */
  holderName: z.string(),
  credentialTypeId: z.string(),
  credentialTypeName: z.string(),
  issuedBy: z.string(),
  issuedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  /** True when the code can no longer be used (the person needs a new one). */
  expired: z.boolean(),
});
export type WatchlistInvitation = z.infer<typeof WatchlistInvitation>;

/** A device credential Pending a supervisor's approval for longer than N hours. */
export const WatchlistApproval = z.strictObject({
  deviceId: z.string(),
  credentialId: z.string(),
  employeeNumber: EmployeeNumber,
  holderName: z.string(),
  credentialTypeId: z.string(),
  credentialTypeName: z.string(),
  deviceSerialNumber: z.string(),
  requestedBy: z.string(),
  stationName: z.string(),
  /** When it was requested (the credential's issue time at the station). */
  pendingSince: z.iso.datetime(),
});
export type WatchlistApproval = z.infer<typeof WatchlistApproval>;

/** A registered (not revoked) station the server has not heard from for longer than N hours. */
export const WatchlistStation = z.strictObject({
  stationId: z.uuid(),
  stationName: z.string(),
  /** The station's site, when the server knows one. */
  site: z.string().nullable(),
  /** Its last authenticated request (sync, push, pull), or null if never since registration. */
  lastSeenAt: z.iso.datetime().nullable(),
  registeredAt: z.iso.datetime(),
});
export type WatchlistStation = z.infer<typeof WatchlistStation>;

function list<T extends z.ZodType>(item: T) {
  return z.strictObject({
    /** The N this list was computed with. */
    olderThanHours: WatchlistHoursValue,
    /** How many wait longer than N hours (may be more than `items`). */
    total: z.number().int().min(0),
    /** Oldest first, at most WATCHLIST_LIMIT. */
    items: z.array(item).max(WATCHLIST_LIMIT),
  });
}

export const WatchlistResponse = z.strictObject({
  invitations: list(WatchlistInvitation),
  approvals: list(WatchlistApproval),
  stations: list(WatchlistStation),
  /** The server's "now" the ages were computed against. */
  serverTime: z.iso.datetime(),
});
export type WatchlistResponse = z.infer<typeof WatchlistResponse>;
