import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { PendingGrant } from '../../../../shared/contract';
import { formatLocal } from '../../../lib/format-time';
import { rolesText } from './roles';

/** Administrator grants waiting for a second Administrator: Approve / Reject for everyone but the requester. */
export function PendingGrants({ grants, me, busy, readOnly, onDecide }: { grants: PendingGrant[]; me: string | null; busy: string | undefined; readOnly: boolean; onDecide: (grant: PendingGrant, decision: 'approve' | 'reject') => void }) {
  if (grants.length === 0) return null;
  return (
    <Paper variant="outlined" sx={{ mb: 3 }}>
      <Typography variant="h2" sx={{ p: 2, pb: 0 }} id="pending-grants">
        Waiting for a second Administrator
      </Typography>
      <Table aria-labelledby="pending-grants" size="small">
        <TableHead>
          <TableRow>
            <TableCell>Operator</TableCell>
            <TableCell>Roles once approved</TableCell>
            <TableCell>Asked by</TableCell>
            <TableCell>Asked</TableCell>
            <TableCell>Decision</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {grants.map((grant) => (
            <TableRow key={grant.id}>
              <TableCell>
                {grant.name}
                <Typography variant="body2" color="text.secondary">
                  {grant.newOperator ? 'New operator' : 'Existing operator'} · {grant.certificateSubject}
                </Typography>
              </TableCell>
              <TableCell>{rolesText(grant.roles)}</TableCell>
              <TableCell>{grant.requestedByName}</TableCell>
              <TableCell>{formatLocal(grant.requestedAt)}</TableCell>
              <TableCell>
                {grant.requestedBy === me ? (
                  <Alert severity="info" variant="outlined" sx={{ py: 0 }}>
                    You asked for this: another Administrator decides.
                  </Alert>
                ) : (
                  <Stack direction="row" spacing={1}>
                    <Button size="small" variant="contained" disabled={readOnly} loading={busy === `${grant.id}:approve`} onClick={() => onDecide(grant, 'approve')} aria-label={`Approve ${grant.name}`}>
                      Approve
                    </Button>
                    <Button size="small" color="error" disabled={readOnly} loading={busy === `${grant.id}:reject`} onClick={() => onDecide(grant, 'reject')} aria-label={`Reject ${grant.name}`}>
                      Reject
                    </Button>
                  </Stack>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Paper>
  );
}
