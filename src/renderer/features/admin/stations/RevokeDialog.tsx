import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { RevokeStationInput } from '../../../../shared/contract/admin-stations';
import type { StationSummary } from '../../../../shared/contract/server-protocol';
import { useStation } from '../../../app/station-context';
import { ErrorAlert } from '../../../components/ErrorAlert';
import type { ClerkError } from '../../../errors/clerk-messages';
import { describeCallFailure } from '../../../stores/station-info-store';

/** Revoke a station for good, saying why (stored, shown in the list, audited on the server). */
export function RevokeDialog({ target, isThisStation, onClose, onRevoked }: { target: StationSummary; isThisStation: boolean; onClose: () => void; onRevoked: (s: StationSummary) => void }) {
  const station = useStation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<ClerkError>();
  const [busy, setBusy] = useState(false);
  const revoke = async () => {
    const parsed = RevokeStationInput.safeParse({ stationId: target.stationId, reason });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      return;
    }
    setError(undefined);
    setBusy(true);
    setFailure(undefined);
    try {
      onRevoked(await station.adminStations.revoke(parsed.data));
    } catch (e) {
      setFailure(describeCallFailure(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="revoke-dialog-title">
      <DialogTitle id="revoke-dialog-title">Revoke {target.stationName}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <Alert severity="warning">
            {target.stationName} can no longer sync or register again with its old token.
            {target.waitingChanges ? ` It said ${target.waitingChanges} change(s) were still waiting to be delivered: they will not reach the server.` : ''}
            {isThisStation ? ' This is the station you are using.' : ''}
          </Alert>
          {failure && <ErrorAlert error={failure} />}
          <TextField label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} error={!!error} helperText={error ?? 'Recorded in the server audit log and shown in the list'} required autoFocus />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" color="error" onClick={() => void revoke()} loading={busy}>
          Revoke station
        </Button>
      </DialogActions>
    </Dialog>
  );
}
