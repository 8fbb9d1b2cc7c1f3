import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { OperatorChangeResult, OperatorDetail, PendingGrant } from '../../../shared/contract';
import type { Role } from '../../../shared/domain/roles';
import { useStation } from '../../app/station-context';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import type { ClerkError } from '../../errors/clerk-messages';
import { formatLocal } from '../../lib/format-time';
import { useStationQuery } from '../../lib/use-station-query';
import { describeCallFailure } from '../../stores/station-info-store';
import { AddOperatorDialog } from './operators/AddOperatorDialog';
import { AdminSourceNotice } from './operators/AdminSourceNotice';
import { RevokeDialog, RolesDialog } from './operators/ChangeDialogs';
import { PendingGrants } from './operators/PendingGrants';
import { rolesText, STATUS_NAMES } from './operators/roles';

type Editing = { kind: 'roles' | 'revoke'; operator: OperatorDetail } | undefined;

/** Station › Administration › Operators (issue 17): list, add, roles, disable / enable, revoke, four-eyes grants. */
export function OperatorsTab() {
  const station = useStation();
  const list = useStationQuery((s) => s.adminOperators.list(), []);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Editing>();
  const [busy, setBusy] = useState<string>();
  const [failure, setFailure] = useState<ClerkError>();
  const [done, setDone] = useState<{ text: string; pending: boolean }>();

  const run = async (key: string, call: () => Promise<{ message: string; pending?: boolean }>) => {
    setBusy(key);
    setFailure(undefined);
    try {
      const result = await call();
      setDone({ text: result.message, pending: result.pending ?? false });
      setEditing(undefined);
      list.reload();
    } catch (error) {
      setFailure(describeCallFailure(error));
    } finally {
      setBusy(undefined);
    }
  };
  const changed = (r: OperatorChangeResult) => ({ message: r.message, pending: r.outcome === 'pending' });

  if (list.error) return <ErrorAlert error={list.error} actions={<Button onClick={list.reload}>Try again</Button>} />;
  if (!list.data) return <LoadingState label="Loading operators…" />;
  const { source, operators, pendingGrants, me } = list.data;
  const readOnly = source.kind !== 'server';

  const decide = (grant: PendingGrant, decision: 'approve' | 'reject') =>
    void run(`${grant.id}:${decision}`, async () => {
      await station.adminOperators.decideGrant({ grantId: grant.id, decision, reason: '' });
      return { message: decision === 'approve' ? `Approved: ${grant.name} is now ${rolesText(grant.roles)}.` : `Rejected: ${grant.name}'s roles stay as they were.` };
    });

  return (
    <>
      <AdminSourceNotice source={source} what="the operators" />
      <Stack direction="row" sx={{ mb: 2, alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography color="text.secondary">Operators sign in with their card. Changes reach every station through its sync.</Typography>
        <Button variant="contained" disabled={readOnly} onClick={() => { setFailure(undefined); setAdding(true); }}>
          Add operator
        </Button>
      </Stack>
      {done && <Alert severity={done.pending ? 'info' : 'success'} sx={{ mb: 2 }} onClose={() => setDone(undefined)}>{done.text}</Alert>}
      {failure && !editing && <ErrorAlert error={failure} />}
      <PendingGrants grants={pendingGrants} me={me} busy={busy} readOnly={readOnly} onDecide={decide} />
      <TableContainer component={Paper} variant="outlined">
        <Table aria-label="Operators">
          <TableHead>
            <TableRow>
              <TableCell>Name</TableCell>
              <TableCell>Roles</TableCell>
              <TableCell>Certificate</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Last sign-in</TableCell>
              <TableCell>Actions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {operators.map((o) => (
              <TableRow key={o.fingerprint}>
                <TableCell>
                  {o.name}
                  {o.fingerprint === me && <Typography variant="body2" color="text.secondary">You</Typography>}
                </TableCell>
                <TableCell>{rolesText(o.roles)}</TableCell>
                <TableCell>
                  {readOnly ? (
                    <Typography variant="body2" color="text.secondary">{o.fingerprint.slice(0, 16)}…</Typography>
                  ) : (
                    <>
                      {o.certificateSubject}
                      <Typography variant="body2" color="text.secondary">Expires {formatLocal(o.certificateExpiresAt)}</Typography>
                    </>
                  )}
                </TableCell>
                <TableCell>
                  <Chip size="small" label={STATUS_NAMES[o.status]} color={o.status === 'active' ? 'success' : o.status === 'disabled' ? 'default' : 'error'} variant="outlined" />
                </TableCell>
                <TableCell>{o.lastSignInAt ? formatLocal(o.lastSignInAt) : readOnly ? 'Not known offline' : 'Never'}</TableCell>
                <TableCell>
                  {o.status !== 'certificate-revoked' && (
                    <Stack direction="row" spacing={1}>
                      <Button size="small" disabled={readOnly} onClick={() => { setFailure(undefined); setEditing({ kind: 'roles', operator: o }); }} aria-label={`Roles of ${o.name}`}>
                        Roles
                      </Button>
                      <Button
                        size="small"
                        disabled={readOnly}
                        loading={busy === `${o.fingerprint}:disable`}
                        onClick={() => void run(`${o.fingerprint}:disable`, async () => changed(await station.adminOperators.setDisabled({ fingerprint: o.fingerprint, disabled: !o.disabled })))}
                        aria-label={`${o.disabled ? 'Enable' : 'Disable'} ${o.name}`}
                      >
                        {o.disabled ? 'Enable' : 'Disable'}
                      </Button>
                      <Button size="small" color="error" disabled={readOnly} onClick={() => { setFailure(undefined); setEditing({ kind: 'revoke', operator: o }); }} aria-label={`Revoke the certificate of ${o.name}`}>
                        Revoke
                      </Button>
                    </Stack>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {adding && (
        <AddOperatorDialog
          open
          onClose={() => setAdding(false)}
          onDone={(result) => {
            setAdding(false);
            setDone({ text: result.message, pending: result.outcome === 'pending' });
            list.reload();
          }}
        />
      )}
      {editing?.kind === 'roles' && (
        <RolesDialog
          operator={editing.operator}
          self={editing.operator.fingerprint === me}
          busy={busy === 'roles'}
          failure={failure}
          onClose={() => setEditing(undefined)}
          onSave={(roles: Role[]) => void run('roles', async () => changed(await station.adminOperators.setRoles({ fingerprint: editing.operator.fingerprint, roles })))}
        />
      )}
      {editing?.kind === 'revoke' && (
        <RevokeDialog
          operator={editing.operator}
          busy={busy === 'revoke'}
          failure={failure}
          onClose={() => setEditing(undefined)}
          onRevoke={(reason) => void run('revoke', async () => changed(await station.adminOperators.revoke({ fingerprint: editing.operator.fingerprint, reason })))}
        />
      )}
    </>
  );
}
