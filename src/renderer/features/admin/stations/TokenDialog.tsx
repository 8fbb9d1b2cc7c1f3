import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { CreateStationTokenInput } from '../../../../shared/contract/admin-stations';
import { useStation } from '../../../app/station-context';
import { ErrorAlert } from '../../../components/ErrorAlert';
import type { ClerkError } from '../../../errors/clerk-messages';
import { formatLocal } from '../../../lib/format-time';
import { describeCallFailure } from '../../../stores/station-info-store';

/** A one-time registration token for a new station: shown once, with its expiry and a Copy button. */
export function TokenDialog({ onClose }: { onClose: () => void }) {
  const station = useStation();
  const [form, setForm] = useState({ stationName: '', site: '', hours: '72' });
  const [errors, setErrors] = useState<Partial<Record<'stationName' | 'site' | 'expiresInHours', string>>>({});
  const [failure, setFailure] = useState<ClerkError>();
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ token: string; expiresAt: string }>();
  const [copied, setCopied] = useState(false);

  const create = async () => {
    const parsed = CreateStationTokenInput.safeParse({ stationName: form.stationName, ...(form.site.trim() ? { site: form.site } : {}), expiresInHours: Number(form.hours) });
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      return;
    }
    setErrors({});
    setBusy(true);
    setFailure(undefined);
    try {
      setCreated(await station.adminStations.createToken(parsed.data));
    } catch (error) {
      setFailure(describeCallFailure(error));
    } finally {
      setBusy(false);
    }
  };
  const copy = async () => {
    if (!created) return;
    await navigator.clipboard.writeText(created.token);
    setCopied(true);
  };

  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="token-dialog-title">
      <DialogTitle id="token-dialog-title">Registration token for a new station</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          {failure && <ErrorAlert error={failure} />}
          {created ? (
            <Alert severity="success" variant="outlined">
              <AlertTitle>Token for {form.stationName.trim()}: shown only now</AlertTitle>
              <Typography sx={{ fontFamily: 'monospace', fontSize: '1.1rem', my: 1 }} aria-label="Registration token">
                {created.token}
              </Typography>
              <Typography>Valid until {formatLocal(created.expiresAt)}. At the new station, open Station › Sync, enter this server's address and the token, and choose Register station.</Typography>
            </Alert>
          ) : (
            <>
              <TextField label="Station name" value={form.stationName} onChange={(e) => setForm({ ...form, stationName: e.target.value })} error={!!errors.stationName} helperText={errors.stationName ?? 'Must not be the name of a registered station'} required />
              <TextField label="Site" value={form.site} onChange={(e) => setForm({ ...form, site: e.target.value })} error={!!errors.site} helperText={errors.site ?? 'Where it stands (optional): shown in the station list'} />
              <TextField label="Valid for (hours)" value={form.hours} onChange={(e) => setForm({ ...form, hours: e.target.value })} error={!!errors.expiresInHours} helperText={errors.expiresInHours ?? '1 to 720'} slotProps={{ htmlInput: { inputMode: 'numeric' } }} />
            </>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        {created ? (
          <>
            <Button onClick={() => void copy()}>{copied ? 'Copied' : 'Copy'}</Button>
            <Button variant="contained" onClick={onClose}>
              Done
            </Button>
          </>
        ) : (
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="contained" onClick={() => void create()} loading={busy}>
              Create token
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
