import BadgeIcon from '@mui/icons-material/Badge';
import KeyIcon from '@mui/icons-material/Key';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { MIN_PASSPHRASE_LENGTH, type UnlockState } from '../../../shared/contract';
import { toWireError } from '../../../shared/contract/errors';
import { useDocumentTitle } from '../../app/use-document-title';
import { ErrorAlert } from '../../components/ErrorAlert';
import { describeError, type ClerkError } from '../../errors/clerk-messages';
import { showUnlock } from '../../stores/unlock-store';
import { useStation } from '../../app/station-context';

type Locked = Exclude<UnlockState, { state: 'open' }>;

export const CHOOSE_TITLE = 'Choose the station passphrase';
export const UNLOCK_TITLE = 'Enter the station passphrase';

/** The end of the pause after too many wrong passphrases, while it lasts. */
function usePausedUntil(pausedUntil: string | undefined): Date | undefined {
  const [ended, setEnded] = useState<string>();
  useEffect(() => {
    if (!pausedUntil) return;
    const timer = setTimeout(() => setEnded(pausedUntil), Math.max(0, new Date(pausedUntil).getTime() - Date.now()) + 50);
    return () => clearTimeout(timer);
  }, [pausedUntil]);
  return pausedUntil && ended !== pausedUntil ? new Date(pausedUntil) : undefined;
}

/**
 * The station's data is protected by a passphrase (a computer with no usable key store):
 * chosen on first run, typed at every start. Nothing of the station shows before it.
 */
export function PassphraseScreen({ unlock }: { unlock: Locked }) {
  const station = useStation();
  const choosing = unlock.state === 'choose';
  useDocumentTitle(choosing ? 'Choose passphrase' : 'Unlock');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ClerkError>();
  const passphraseRef = useRef<HTMLInputElement>(null);
  const paused = usePausedUntil(unlock.pausedUntil);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || paused) return;
    const problems: Record<string, string> = {};
    if (choosing && [...passphrase].length < MIN_PASSPHRASE_LENGTH) problems.passphrase = `At least ${MIN_PASSPHRASE_LENGTH} characters.`;
    else if (choosing && confirm !== passphrase) problems.confirm = 'The two passphrases are not the same.';
    else if (!passphrase) problems.passphrase = 'Type the station passphrase.';
    setFieldErrors(problems);
    setFailure(undefined);
    if (Object.keys(problems).length > 0) {
      passphraseRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      showUnlock(await station.unlock.submit(choosing ? { passphrase, confirm } : { passphrase }));
    } catch (reason) {
      const wire = toWireError(reason);
      const given = wire.details?.fieldErrors;
      if (wire.code === 'VALIDATION_FAILED' && given && typeof given === 'object') setFieldErrors(given as Record<string, string>);
      else setFailure(describeError(reason));
      setPassphrase('');
      setConfirm('');
      passphraseRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box component="main" sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: 'brand.bar', p: { xs: 2, md: 4 } }}>
      <Paper elevation={0} sx={{ width: '100%', maxWidth: 640, p: { xs: 3, md: 5 }, borderRadius: 3 }}>
        <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', mb: 3, color: 'text.secondary' }}>
          <BadgeIcon aria-hidden />
          <Typography sx={{ fontWeight: 600 }}>Enrollment Station</Typography>
        </Stack>
        <Typography variant="h1" sx={{ fontSize: '2.25rem', mb: 1.5 }}>
          {choosing ? CHOOSE_TITLE : UNLOCK_TITLE}
        </Typography>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start', mb: 3 }}>
          <KeyIcon sx={{ color: 'text.secondary', mt: 0.25 }} aria-hidden />
          <Typography sx={{ fontSize: '1.0625rem' }}>
            {unlock.reason}{' '}
            {choosing
              ? `The passphrase protects everything this station stores. Choose one of at least ${MIN_PASSPHRASE_LENGTH} characters and keep it safe: without it the data cannot be opened.`
              : 'Type the passphrase chosen when this station was set up.'}
          </Typography>
        </Stack>
        <Box component="form" onSubmit={(e) => void submit(e)} noValidate aria-label={choosing ? 'Set up the station' : 'Unlock the station'}>
          <Stack spacing={3}>
            <TextField
              inputRef={passphraseRef}
              label="PASSPHRASE"
              type="password"
              value={passphrase}
              autoFocus
              autoComplete={choosing ? 'new-password' : 'current-password'}
              required
              disabled={busy}
              onChange={(e) => setPassphrase(e.target.value)}
              error={fieldErrors.passphrase !== undefined}
              helperText={fieldErrors.passphrase ?? (choosing ? `At least ${MIN_PASSPHRASE_LENGTH} characters` : ' ')}
            />
            {choosing && (
              <TextField
                label="CONFIRM PASSPHRASE"
                type="password"
                value={confirm}
                autoComplete="new-password"
                required
                disabled={busy}
                onChange={(e) => setConfirm(e.target.value)}
                error={fieldErrors.confirm !== undefined}
                helperText={fieldErrors.confirm ?? 'Type it once more'}
              />
            )}
            {paused && (
              <Alert severity="warning" role="status">
                Too many wrong passphrases. Try again at {paused.toLocaleTimeString()}.
              </Alert>
            )}
            {failure && !paused && <ErrorAlert error={failure} />}
            <Button
              type="submit"
              variant="contained"
              size="large"
              disabled={busy || paused !== undefined}
              startIcon={busy ? <CircularProgress size={22} color="inherit" aria-hidden /> : undefined}
              sx={{ alignSelf: 'flex-start', minWidth: 220 }}
            >
              {busy ? 'Opening…' : choosing ? 'Set passphrase' : 'Unlock'}
            </Button>
          </Stack>
        </Box>
      </Paper>
    </Box>
  );
}
