import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import type { MobileCredential } from '../../../shared/domain/mobile-credential';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import type { ClerkError } from '../../errors/clerk-messages';
import { describeCallFailure } from '../../stores/station-info-store';
import { phoneName, STATUS_ACTIONS, type StatusAction } from './mobile-words';
import { useStation } from '../../app/station-context';

const MIN_REASON = 3;

interface StatusChangeDialogProps {
  open: boolean;
  action: StatusAction;
  credential: MobileCredential;
  holderName: string;
  onClose: () => void;
  onChanged: (credential: MobileCredential) => void;
}

/**
 * Suspend / Resume / Revoke: says what will happen, asks for the reason (kept with the
 * credential's status on the server), and only then asks the server.
 */
export function StatusChangeDialog({ open, action, credential, holderName, onClose, onChanged }: StatusChangeDialogProps) {
  const station = useStation();
  const words = STATUS_ACTIONS[action];
  const titleId = useId();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ClerkError>();
  const tooShort = reason.trim().length < MIN_REASON;

  const submit = async (event: { preventDefault: () => void }) => {
    event.preventDefault();
    setTried(true);
    if (tooShort || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const changed = await station.mobile.setStatus({ credentialId: credential.credentialId, action, reason: reason.trim() });
      onChanged(changed);
    } catch (reason) {
      setError(describeCallFailure(reason));
      setBusy(false);
    }
  };

  const title = `${words.label} mobile credential`;
  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} aria-labelledby={titleId} maxWidth="sm" fullWidth disableRestoreFocus>
      <form onSubmit={submit} noValidate>
        <DialogTitle id={titleId} sx={{ fontSize: '1.5rem', fontWeight: 700 }}>
          {title}
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2.5}>
            <Typography>
              {holderName}&apos;s mobile credential on {phoneName(credential.phone)}
              {credential.phone ? ` (Device ID ${credential.phone.deviceId})` : ''}, now {credential.status}.
            </Typography>
            <Typography sx={{ fontWeight: 700, fontSize: '1.125rem' }}>{words.consequence}</Typography>
            <TextField
              label="Reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              required
              autoFocus
              multiline
              minRows={2}
              error={tried && tooShort}
              helperText={tried && tooShort ? `Give a reason of at least ${MIN_REASON} characters.` : 'Kept with the credential’s status, for the next clerk and for audits.'}
              onKeyDown={(e) => {
                // Enter confirms, as in every form; Shift+Enter starts a new line.
                if (e.key === 'Enter' && !e.shiftKey) void submit(e);
              }}
              slotProps={{ htmlInput: { maxLength: 500 } }}
            />
            {busy && <LoadingState label={`Asking the central server to ${words.label.toLowerCase()} the credential…`} />}
            {error && <ErrorAlert error={error} />}
          </Stack>
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2.5, gap: 1 }}>
          <Button variant="outlined" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" color={action === 'revoke' ? 'error' : 'primary'} disabled={busy}>
            {words.label}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
