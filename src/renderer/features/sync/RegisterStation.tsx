import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { SyncStatus } from '../../../shared/contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { ClerkError } from '../../errors/clerk-messages';
import { useCan } from '../../stores/session-store';
import { describeCallFailure } from '../../stores/station-info-store';
import { runSyncCall } from '../../stores/sync-store';
import { checkRegistration, normalizeToken, registrationErrorsFromDetails, type RegistrationErrors, type RegistrationField } from './registration-form';
import { useStation } from '../../app/station-context';

/** Station registration: the server address and the token an administrator gave, or where it is registered. */
export function RegisterStation({ sync }: { sync: SyncStatus }) {
  const [justRegistered, setJustRegistered] = useState(false);
  if (sync.state === 'not-registered') return <RegisterForm onRegistered={() => setJustRegistered(true)} />;
  return (
    <>
      {justRegistered && <Registered serverUrl={sync.serverUrl} />}
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center' }}>
        <CheckCircleIcon color="success" aria-hidden />
        <Typography sx={{ fontSize: '1.125rem', overflowWrap: 'anywhere' }}>
          Registered with <strong>{sync.serverUrl ?? 'the central server'}</strong>
        </Typography>
      </Stack>
    </>
  );
}

/** Said once, where the form was: focus lands here so the clerk (and a screen reader) reads it. */
function Registered({ serverUrl }: { serverUrl: string | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Alert severity="success" variant="filled" ref={ref} tabIndex={-1} role="status" sx={{ mb: 2 }}>
      Station registered. It now shares its work with {serverUrl ?? 'the central server'}.
    </Alert>
  );
}

function RegisterForm({ onRegistered }: { onRegistered: () => void }) {
  const station = useStation();
  // Registering is an administrator's task; in setup mode (no sign-in yet) everyone may.
  const mayConfigure = useCan('admin.configure');
  const [draft, setDraft] = useState({ serverUrl: '', token: '' });
  const [errors, setErrors] = useState<RegistrationErrors>({});
  const [failure, setFailure] = useState<ClerkError>();
  const [registering, setRegistering] = useState(false);
  const failureRef = useRef<HTMLDivElement>(null);

  // Land on the failure so it is read, and its words are where the clerk is looking.
  useEffect(() => {
    if (failure) failureRef.current?.focus();
  }, [failure]);

  const focusFirst = (found: RegistrationErrors) => {
    const first = (['serverUrl', 'token'] as const).find((f) => found[f]);
    if (first) document.getElementById(first)?.focus();
    return first !== undefined;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (registering) return;
    setFailure(undefined);
    const checked = checkRegistration(draft);
    if (!checked.ok) {
      setErrors(checked.fieldErrors);
      focusFirst(checked.fieldErrors);
      return;
    }
    setErrors({});
    setRegistering(true);
    try {
      // On success the store's new status turns this form into "Registered with …".
      await runSyncCall(() => station.sync.register(checked.value));
      onRegistered();
    } catch (reason) {
      const error = describeCallFailure(reason);
      const fieldErrors = registrationErrorsFromDetails(error.wire.details);
      setErrors(fieldErrors);
      if (!(error.code === 'VALIDATION_FAILED' && focusFirst(fieldErrors))) setFailure(error);
    } finally {
      setRegistering(false);
    }
  };

  const field = (name: RegistrationField, label: string, hint: string) => ({
    id: name,
    name,
    label,
    value: draft[name],
    onChange: (e: { target: { value: string } }) => {
      setDraft((d) => ({ ...d, [name]: e.target.value }));
      setErrors(({ [name]: _changed, ...rest }) => rest);
    },
    error: errors[name] !== undefined,
    // The first problem only: the checks run in order, and the first one says what to do.
    helperText: errors[name]?.[0] ?? hint,
    required: true,
    fullWidth: true,
    autoComplete: 'off',
    slotProps: { htmlInput: { spellCheck: false } },
  });

  return (
    <Box component="form" noValidate onSubmit={(e) => void submit(e)} aria-label="Station registration">
      <Typography sx={{ mb: 2.5 }}>
        To share this station's work with other stations, paste the station enrollment token the site administrator gave you.
      </Typography>
      <Stack spacing={2.5} sx={{ maxWidth: 720 }}>
        <TextField {...field('serverUrl', 'Server address', 'For example https://credentials.example.org')} slotProps={{ htmlInput: { spellCheck: false, inputMode: 'url' } }} />
        <TextField
          {...field('token', 'Station enrollment token', 'Looks like EST-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX; paste it as you received it')}
          // Shows the pasted token as the server spells it, so the clerk can compare it with the paper.
          onBlur={() => setDraft((d) => (d.token.trim() === '' ? d : { ...d, token: normalizeToken(d.token) }))}
          sx={{ '& input': { fontFamily: 'ui-monospace, Consolas, monospace', letterSpacing: '0.05em' } }}
        />
      </Stack>
      {failure && (
        <Box sx={{ mt: 3 }}>
          <ErrorAlert error={failure} ref={failureRef} />
        </Box>
      )}
      <Button
        type="submit"
        variant="contained"
        size="large"
        disabled={registering || !mayConfigure.allowed}
        aria-describedby={mayConfigure.allowed ? undefined : 'register-not-allowed'}
        startIcon={registering ? <CircularProgress size={20} color="inherit" aria-hidden /> : undefined}
        sx={{ mt: 3 }}
      >
        {registering ? 'Registering with the server…' : 'Register station'}
      </Button>
      {!mayConfigure.allowed && (
        <Typography id="register-not-allowed" sx={{ mt: 1, color: 'text.secondary' }}>
          {mayConfigure.reason}
        </Typography>
      )}
    </Box>
  );
}
