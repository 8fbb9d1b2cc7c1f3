import { displayName, type Applicant } from '../../shared/domain/applicant';
import type { Device, DeviceCredential } from '../../shared/domain/device';
import {
  WATCHLIST_LIMIT,
  type WatchlistApproval,
  type WatchlistInvitation,
  type WatchlistQuery,
  type WatchlistResponse,
  type WatchlistStation,
} from '../../shared/contract/watchlist-protocol';
import { iso, isoOrNull, type Queryable } from '../db/database';
import { currentCredentialTypes } from '../sync/credential-types';

/**
 * Station › Administration › Watchlist (issue 17): what has waited longer than N hours,
 * read from the server's tables at the moment of the request (never cached), each list
 * oldest first with its total. "Now" is the server's clock (the one invitations expire by).
 */

const HOUR = 3_600_000;

type Counted<R> = R & { total: string | number };
const totalOf = (rows: ReadonlyArray<{ total: string | number }>): number => Number(rows[0]?.total ?? 0);

function holder(employeeNumber: string, applicant: Applicant | null): string {
  return applicant ? displayName(applicant) || employeeNumber : employeeNumber;
}

export async function readWatchlist(db: Queryable, query: WatchlistQuery, now: Date): Promise<WatchlistResponse> {
  const before = (hours: number) => new Date(now.getTime() - hours * HOUR).toISOString();
  const types = await currentCredentialTypes(db);
  const typeName = (id: string) => types.find((t) => t.id === id)?.name ?? id;

  // Open invitations (not redeemed, not replaced or withdrawn) issued more than N hours ago.
  const invitationRows = await db.query<Counted<{ id: string; credential_id: string; created_at: unknown; expires_at: unknown; created_by: string; employee_number: string; type_id: string; applicant: Applicant | null }>>(
    `SELECT i.id, i.credential_id, i.created_at, i.expires_at, i.created_by, m.employee_number,
            m.data->>'credentialTypeId' AS type_id, a.data AS applicant, count(*) OVER () AS total
       FROM invitations i
       JOIN mobile_credentials m ON m.credential_id = i.credential_id
       LEFT JOIN applicants a ON a.employee_number = m.employee_number
      WHERE i.state = 'open' AND i.created_at < $1
      ORDER BY i.created_at, i.id
      LIMIT ${WATCHLIST_LIMIT}`,
    [before(query.invitationHours)],
  );
  const invitations = invitationRows.map((row): WatchlistInvitation => {
    const expiresAt = iso(row.expires_at);
    return {
      invitationId: row.id,
      credentialId: row.credential_id,
      employeeNumber: row.employee_number,
      holderName: holder(row.employee_number, row.applicant),
      credentialTypeId: row.type_id,
      credentialTypeName: typeName(row.type_id),
      issuedBy: row.created_by,
      issuedAt: iso(row.created_at),
      expiresAt,
      expired: Date.parse(expiresAt) <= now.getTime(),
    };
  });

  // Device credentials the server holds as PENDING, requested more than N hours ago (the
  // containment test lets the devices_credentials GIN index find the devices that have one).
  const approvalRows = await db.query<Counted<{ device: Device; credential: DeviceCredential; station_name: string | null; applicant: Applicant | null }>>(
    `SELECT d.data AS device, c.value AS credential, s.name AS station_name, a.data AS applicant, count(*) OVER () AS total
       FROM devices d
       CROSS JOIN LATERAL jsonb_array_elements(d.data->'credentials') AS c(value)
       LEFT JOIN stations s ON s.id::text = d.data->>'stationId'
       LEFT JOIN applicants a ON a.employee_number = d.employee_number
      WHERE d.data->'credentials' @> '[{"status": "PENDING"}]'
        AND c.value->>'status' = 'PENDING' AND (c.value->>'issuedAt')::timestamptz < $1::timestamptz
      ORDER BY (c.value->>'issuedAt')::timestamptz, d.id, c.value->>'id'
      LIMIT ${WATCHLIST_LIMIT}`,
    [before(query.approvalHours)],
  );
  const approvals = approvalRows.map(
    ({ device, credential, station_name, applicant }): WatchlistApproval => ({
      deviceId: device.id,
      credentialId: credential.id,
      employeeNumber: device.employeeNumber,
      holderName: holder(device.employeeNumber, applicant),
      credentialTypeId: credential.credentialTypeId,
      credentialTypeName: typeName(credential.credentialTypeId),
      deviceSerialNumber: device.serialNumber,
      requestedBy: device.enrolledBy,
      stationName: station_name ?? `unknown station (${device.stationId.slice(0, 8)})`,
      pendingSince: new Date(credential.issuedAt).toISOString(),
    }),
  );

  // Registered, not revoked stations whose last authenticated request is older than N hours
  // (never seen since registration: counted from their registration).
  const stationRows = await db.query<Counted<{ id: string; name: string; site: string | null; last_seen_at: unknown; registered_at: unknown }>>(
    `SELECT id, name, site, last_seen_at, registered_at, count(*) OVER () AS total
       FROM stations
      WHERE revoked_at IS NULL AND coalesce(last_seen_at, registered_at) < $1
      ORDER BY coalesce(last_seen_at, registered_at), id
      LIMIT ${WATCHLIST_LIMIT}`,
    [before(query.stationHours)],
  );
  const stations = stationRows.map(
    (row): WatchlistStation => ({ stationId: row.id, stationName: row.name, site: row.site, lastSeenAt: isoOrNull(row.last_seen_at), registeredAt: iso(row.registered_at) }),
  );

  return {
    invitations: { olderThanHours: query.invitationHours, total: totalOf(invitationRows), items: invitations },
    approvals: { olderThanHours: query.approvalHours, total: totalOf(approvalRows), items: approvals },
    stations: { olderThanHours: query.stationHours, total: totalOf(stationRows), items: stations },
    serverTime: now.toISOString(),
  };
}
