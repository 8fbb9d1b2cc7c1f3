import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import type { ApprovalRequest } from '../../../shared/contract';
import type { Device } from '../../../shared/domain/device';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { ClerkError } from '../../errors/clerk-messages';
import { describeCallFailure } from '../../stores/station-info-store';
import { useStation } from '../../app/station-context';

export const MIN_REASON = 3;

interface RejectDialogProps {
  request: ApprovalRequest;
  onClose: () => void;
  onRejected: (device: Device, reason: string) => void;
  /** The credential is no longer Pending (decided elsewhere): the list reloads. */
  onGone: () => void;
}

/** Reject asks why: the reason is recorded, shown on the person's Credentials tab and sent to the server. */
export function RejectDialog({ request, onClose, onRejected, onGone }: RejectDialogProps) {
  const station = useStation();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<ClerkError>();
  const gone = failure?.code === 'APPROVAL_NOT_FOUND';
  const tooShort = reason.trim().length < MIN_REASON;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (tooShort || saving || gone) return;
    setSaving(true);
    setFailure(undefined);
    try {
      const device = await station.approvals.decide({
        deviceId: request.deviceId,
        credentialId: request.credentialId,
        decision: 'reject',
        reason: reason.trim(),
      });
      onRejected(device, reason.trim());
    } catch (why) {
      const error = describeCallFailure(why);
      setFailure(error);
      if (error.code === 'APPROVAL_NOT_FOUND') onGone();
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog open onClose={saving ? undefined : onClose} aria-labelledby="reject-title" aria-describedby="reject-what" maxWidth="sm" fullWidth>
      <Box component="form" onSubmit={(e) => void submit(e)} noValidate>
        <DialogTitle id="reject-title" sx={{ fontSize: '1.5rem', fontWeight: 700 }}>
          Reject this credential?
        </DialogTitle>
        <DialogContent>
          <Typography id="reject-what" sx={{ mb: 2 }}>
            {request.credentialTypeName} for {request.holderName} (Employee Number {request.employeeNumber}), card {request.deviceSerialNumber}. The credential
            becomes REJECTED and is never issued; the clerk sees your reason on the person&apos;s Credentials tab.
          </Typography>
          <TextField
            label="Reason for rejecting"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
            autoFocus
            fullWidth
            multiline
            minRows={2}
            disabled={saving || gone}
            error={tried && tooShort}
            helperText={tried && tooShort ? `Give a reason of at least ${MIN_REASON} characters to reject.` : 'For example: identity document not presented.'}
            slotProps={{ htmlInput: { maxLength: 500 } }}
          />
          {failure && (
            <Box sx={{ mt: 2 }}>
              <ErrorAlert error={failure} />
            </Box>
          )}
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 3, gap: 1 }}>
          <Button variant="outlined" onClick={onClose} disabled={saving}>
            {gone ? 'Close' : 'Cancel'}
          </Button>
          <Button
            type="submit"
            variant="contained"
            color="error"
            disabled={saving || gone}
            startIcon={saving ? <CircularProgress size={20} color="inherit" aria-hidden /> : undefined}
          >
            {saving ? 'Rejecting…' : 'Reject'}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
