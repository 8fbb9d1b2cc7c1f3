import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';
import type { AuditEntry } from '../../../shared/domain/audit-chain';
import { formatLocal, formatUtc } from '../../lib/format-time';
import { applicantPath } from '../applicants/paths';
import { AUDIT_ACTION_WORDS } from './audit-words';

/**
 * Audit entries newest first: When, Action, Person, Operator, Station, Summary. On a
 * person's History tab the Person column is left out (it is always them).
 */
export function AuditTable({ entries, label, showPerson = true }: { entries: readonly AuditEntry[]; label: string; showPerson?: boolean }) {
  return (
    <TableContainer>
      <Table aria-label={label}>
        <TableHead>
          <TableRow>
            <TableCell sx={{ width: '11em' }}>When</TableCell>
            <TableCell>Action</TableCell>
            {showPerson && <TableCell>Person</TableCell>}
            <TableCell>Operator</TableCell>
            <TableCell>Station</TableCell>
            <TableCell>Summary</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {entries.map((entry) => (
            <TableRow key={`${entry.stationId}-${entry.seq}-${entry.id}`}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <Tooltip title={`${formatUtc(entry.at)} · entry ${entry.seq}`} placement="top-start">
                  <time dateTime={entry.at} tabIndex={0}>
                    {formatLocal(entry.at)}
                  </time>
                </Tooltip>
              </TableCell>
              <TableCell sx={{ fontWeight: 600 }}>{AUDIT_ACTION_WORDS[entry.action] ?? entry.action}</TableCell>
              {showPerson && (
                <TableCell sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                  {entry.employeeNumber ? (
                    <Link component={RouterLink} to={applicantPath(entry.employeeNumber, 'history')} aria-label={`Employee Number ${entry.employeeNumber}`}>
                      {entry.employeeNumber}
                    </Link>
                  ) : (
                    <Typography component="span" color="text.secondary">
                      —
                    </Typography>
                  )}
                </TableCell>
              )}
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{entry.operator}</TableCell>
              <TableCell>{entry.stationName}</TableCell>
              <TableCell sx={{ overflowWrap: 'anywhere' }}>{entry.summary}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
