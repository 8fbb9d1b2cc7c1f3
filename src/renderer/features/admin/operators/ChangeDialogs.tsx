import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import type { OperatorDetail } from '../../../../shared/contract';
import type { Role } from '../../../../shared/domain/roles';
import { ErrorAlert } from '../../../components/ErrorAlert';
import type { ClerkError } from '../../../errors/clerk-messages';
import { RoleCheckboxes } from './RoleCheckboxes';

interface Props {
  operator: OperatorDetail;
  busy: boolean;
  failure: ClerkError | undefined;
  onClose: () => void;
}

/** Change roles. One's own Administrator role cannot be unticked (the server refuses it too). */
export function RolesDialog({ operator, self, busy, failure, onClose, onSave }: Props & { self: boolean; onSave: (roles: Role[]) => void }) {
  const [roles, setRoles] = useState<Role[]>(operator.roles);
  const [problem, setProblem] = useState<string>();
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="roles-title">
      <DialogTitle id="roles-title">Roles of {operator.name}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          {self && <DialogContentText>You cannot remove your own Administrator role: another Administrator can.</DialogContentText>}
          <RoleCheckboxes value={roles} onChange={setRoles} locked={self && operator.roles.includes('administrator') ? ['administrator'] : []} error={problem} />
          {failure && <ErrorAlert error={failure} />}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="contained"
          loading={busy}
          onClick={() => {
            if (roles.length === 0) return setProblem('Choose at least one role');
            onSave(roles);
          }}
        >
          Save roles
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** Revoke the operator's certificate for good, with a reason. */
export function RevokeDialog({ operator, busy, failure, onClose, onRevoke }: Props & { onRevoke: (reason: string) => void }) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="revoke-title">
      <DialogTitle id="revoke-title">Revoke the certificate of {operator.name}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <DialogContentText>
            The card with certificate {operator.certificateSubject || operator.fingerprint.slice(0, 16)} can never sign in again, at any station, once they receive the change. This cannot be undone: the operator needs a new card.
          </DialogContentText>
          <TextField label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} error={Boolean(problem)} helperText={problem ?? 'For example: card reported lost'} slotProps={{ htmlInput: { maxLength: 500 } }} />
          {failure && <ErrorAlert error={failure} />}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="error"
          variant="contained"
          loading={busy}
          onClick={() => {
            if (!reason.trim()) return setProblem('Say why the certificate is revoked');
            onRevoke(reason.trim());
          }}
        >
          Revoke certificate
        </Button>
      </DialogActions>
    </Dialog>
  );
}
