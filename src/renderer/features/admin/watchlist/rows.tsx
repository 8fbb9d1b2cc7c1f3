import Button from '@mui/material/Button';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';
import type { WatchlistApproval, WatchlistInvitation, WatchlistStation } from '../../../../shared/contract/watchlist-protocol';
import { formatLocal, formatRelative, formatUtc } from '../../../lib/format-time';
import { applicantPath } from '../../applicants/paths';
import { APPROVALS_PATH } from '../../approvals/paths';
import { useCan } from '../../../stores/session-store';
import { adminTabPath } from '../paths';

export const INVITATION_COLUMNS = ['Person', 'Credential type', 'Issued by', 'Issued', 'Expires', 'Action'] as const;
export const APPROVAL_COLUMNS = ['Person', 'Credential type', 'Device', 'Requested by', 'Station', 'Pending since', 'Action'] as const;
export const STATION_COLUMNS = ['Station', 'Site', 'Last seen', 'Action'] as const;

/** A time as "3 hours ago" (against the server's clock) with the local time below and UTC on hover. */
function When({ at, now }: { at: string; now: string }) {
  return (
    <TableCell sx={{ whiteSpace: 'nowrap' }}>
      <Tooltip title={formatUtc(at)} placement="top-start">
        <time dateTime={at} tabIndex={0}>
          {formatRelative(at, new Date(now))}
        </time>
      </Tooltip>
      <Typography variant="body2" color="text.secondary">
        {formatLocal(at)}
      </Typography>
    </TableCell>
  );
}

function Person({ name, employeeNumber }: { name: string; employeeNumber: string }) {
  return (
    <TableCell sx={{ whiteSpace: 'nowrap' }}>
      <Typography sx={{ fontWeight: 600 }}>{name}</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ fontVariantNumeric: 'tabular-nums' }}>
        Employee Number {employeeNumber}
      </Typography>
    </TableCell>
  );
}

function Action({ to, label, name }: { to: string; label: string; name: string }) {
  return (
    <TableCell sx={{ whiteSpace: 'nowrap' }}>
      <Button variant="outlined" size="small" component={RouterLink} to={to} aria-label={name}>
        {label}
      </Button>
    </TableCell>
  );
}

export function InvitationRow({ item, now }: { item: WatchlistInvitation; now: string }) {
  return (
    <TableRow>
      <Person name={item.holderName} employeeNumber={item.employeeNumber} />
      <TableCell>{item.credentialTypeName}</TableCell>
      <TableCell>{item.issuedBy}</TableCell>
      <When at={item.issuedAt} now={now} />
      <TableCell sx={{ whiteSpace: 'nowrap' }}>
        {item.expired ? (
          <Typography sx={{ fontWeight: 600, color: 'error.main' }}>Expired</Typography>
        ) : (
          <time dateTime={item.expiresAt}>{formatRelative(item.expiresAt, new Date(now))}</time>
        )}
        <Typography variant="body2" color="text.secondary">
          {formatLocal(item.expiresAt)}
        </Typography>
      </TableCell>
      <Action to={applicantPath(item.employeeNumber, 'credentials')} label="Reissue" name={`Reissue the invitation of ${item.holderName} (${item.employeeNumber})`} />
    </TableRow>
  );
}

export function ApprovalRow({ item, now }: { item: WatchlistApproval; now: string }) {
  return (
    <TableRow>
      <Person name={item.holderName} employeeNumber={item.employeeNumber} />
      <TableCell>{item.credentialTypeName}</TableCell>
      <TableCell sx={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{item.deviceSerialNumber}</TableCell>
      <TableCell>{item.requestedBy}</TableCell>
      <TableCell>{item.stationName}</TableCell>
      <When at={item.pendingSince} now={now} />
      <Action to={APPROVALS_PATH} label="Open the approval" name={`Open the approval of ${item.credentialTypeName} for ${item.holderName} (${item.employeeNumber})`} />
    </TableRow>
  );
}

export function StationRow({ item, now }: { item: WatchlistStation; now: string }) {
  // Stations are an Administrator's tab: a Supervisor is told who can act instead of a link that leads nowhere.
  const mayOpen = useCan('admin.configure').allowed;
  return (
    <TableRow>
      <TableCell sx={{ fontWeight: 600 }}>{item.stationName}</TableCell>
      <TableCell>{item.site ?? '—'}</TableCell>
      {item.lastSeenAt ? (
        <When at={item.lastSeenAt} now={now} />
      ) : (
        <TableCell>
          Never (registered {formatRelative(item.registeredAt, new Date(now))})
        </TableCell>
      )}
      {mayOpen ? (
        <Action to={adminTabPath('stations')} label="Open the station" name={`Open the station ${item.stationName}`} />
      ) : (
        <TableCell>
          <Typography variant="body2" sx={{ color: 'text.secondary' }}>
            An Administrator opens it
          </Typography>
        </TableCell>
      )}
    </TableRow>
  );
}
