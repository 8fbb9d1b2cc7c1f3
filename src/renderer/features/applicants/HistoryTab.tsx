import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { AuditEntry } from '../../../shared/contract';
import { formatLocal, formatUtc } from '../../lib/format-time';

/** What happened to this record, newest first: when, what, by whom, on which station. */
export function HistoryTab({ history }: { history: readonly AuditEntry[] }) {
  if (history.length === 0) {
    return <Typography sx={{ py: 2 }}>No history is recorded for this applicant.</Typography>;
  }
  const newestFirst = [...history].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <TableContainer>
      <Table aria-label="History">
        <TableHead>
          <TableRow>
            <TableCell sx={{ width: '14em' }}>When</TableCell>
            <TableCell>What happened</TableCell>
            <TableCell>By</TableCell>
            <TableCell>Station</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {newestFirst.map((entry) => (
            <TableRow key={entry.id}>
              <TableCell>
                <Tooltip title={formatUtc(entry.at)} placement="top-start">
                  <time dateTime={entry.at} tabIndex={0}>
                    {formatLocal(entry.at)}
                  </time>
                </Tooltip>
              </TableCell>
              <TableCell>{entry.summary}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{entry.operator}</TableCell>
              <TableCell>{entry.stationName}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
