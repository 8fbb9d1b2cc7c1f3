import BadgeIcon from '@mui/icons-material/Badge';
import CreditCardIcon from '@mui/icons-material/CreditCard';
import LockIcon from '@mui/icons-material/Lock';
import UsbIcon from '@mui/icons-material/Usb';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Paper from '@mui/material/Paper';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { SessionState } from '../../../shared/contract';
import { isPinFormat, PIN_DIGITS_TEXT, PIN_MAX_DIGITS } from '../../../shared/domain/pin';
import { useDocumentTitle } from '../../app/use-document-title';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { ClerkError } from '../../errors/clerk-messages';
import { readersLabel, useReaders, type ReaderInfo } from '../../stores/readers-store';
import { showSession } from '../../stores/session-store';
import { describeCallFailure, useStationInfo } from '../../stores/station-info-store';
import { lockedBecauseWords, signInErrorWords } from './session-words';
import { useStation } from '../../app/station-context';

export const LOCK_TITLE = 'Sign in with your digital certificate';

/** The reader sign-in starts with: the only one holding a card, else the only reader. */
function startingReader(readers: readonly ReaderInfo[]): string {
  const withCard = readers.filter((r) => r.cardPresent);
  if (withCard.length === 1) return withCard[0]!.name;
  return readers.length === 1 ? readers[0]!.name : '';
}

/**
 * The kiosk's lock screen (procedure step 1, "Authenticated with your digital
 * certificate"): it replaces the whole station until an operator signs in with their
 * operator card and PIN. Keyboard only: the PIN field has focus, Enter signs in.
 */
export function LockScreen({ session }: { session: SessionState }) {
  const station = useStation();
  useDocumentTitle('Sign in');
  const readers = useReaders();
  const stationName = useStationInfo((s) => s.info?.stationName);
  const [chosen, setChosen] = useState<string>();
  const [pin, setPin] = useState('');
  const [pinProblem, setPinProblem] = useState<string>();
  const [signingIn, setSigningIn] = useState(false);
  const [failure, setFailure] = useState<ClerkError>();
  const pinRef = useRef<HTMLInputElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  // A chosen reader that went away is no choice; follow the card otherwise.
  const readerName = chosen !== undefined && readers.readers.some((r) => r.name === chosen) ? chosen : startingReader(readers.readers);
  const reader = readers.readers.find((r) => r.name === readerName);
  const reason = lockedBecauseWords(session);

  useEffect(() => {
    if (failure) pinRef.current?.focus();
  }, [failure]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (signingIn) return;
    if (!isPinFormat(pin)) {
      setPinProblem(`Type your PIN: ${PIN_DIGITS_TEXT}.`);
      pinRef.current?.focus();
      return;
    }
    if (!reader) {
      setPinProblem(undefined);
      setFailure(signInErrorWords(describeCallFailure({ code: 'DEVICE_NOT_FOUND', message: 'No card reader chosen.' })));
      return;
    }
    setPinProblem(undefined);
    setFailure(undefined);
    setSigningIn(true);
    try {
      const next = await station.session.signIn({ readerName: reader.name, pin });
      setPin('');
      showSession(next);
    } catch (reason) {
      // The PIN is not kept after a refusal: the operator types it again.
      setPin('');
      setFailure(signInErrorWords(describeCallFailure(reason)));
    } finally {
      setSigningIn(false);
    }
  };

  return (
    <Box
      component="main"
      sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: 'brand.bar', p: { xs: 2, md: 4 } }}
    >
      <Paper elevation={0} sx={{ width: '100%', maxWidth: 640, p: { xs: 3, md: 5 }, borderRadius: 3 }}>
        <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', mb: 3, color: 'text.secondary' }}>
          <BadgeIcon aria-hidden />
          <Typography sx={{ fontWeight: 600 }}>Enrollment Station{stationName ? ` · ${stationName}` : ''}</Typography>
        </Stack>
        <Typography variant="h1" sx={{ fontSize: '2.25rem', mb: 1.5 }}>
          {LOCK_TITLE}
        </Typography>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 3 }} role="status">
          <LockIcon sx={{ color: 'text.secondary' }} aria-hidden />
          <Typography sx={{ fontSize: '1.1875rem' }}>{reason}</Typography>
        </Stack>

        <Box component="form" onSubmit={(e) => void submit(e)} noValidate aria-label="Sign in">
          <Stack spacing={3}>
            <ReaderChoice readers={readers.readers} value={readerName} onChange={setChosen} unavailable={readers.status !== 'ready' || readers.readers.length === 0 ? readersLabel(readers) : undefined} />
            {reader && !reader.cardPresent && (
              <Alert severity="info" variant="outlined">
                Insert your operator card in {reader.name}.
              </Alert>
            )}
            {!reader && readers.status === 'ready' && readers.readers.length > 1 && (
              <Alert severity="info" variant="outlined">
                Insert your operator card in one of the card readers.
              </Alert>
            )}
            <TextField
              inputRef={pinRef}
              label="PIN"
              type="password"
              value={pin}
              autoFocus
              autoComplete="off"
              required
              disabled={signingIn}
              onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, PIN_MAX_DIGITS))}
              error={pinProblem !== undefined}
              helperText={pinProblem ?? `The ${PIN_DIGITS_TEXT} of your operator card`}
              slotProps={{ htmlInput: { inputMode: 'numeric', pattern: '[0-9]*', maxLength: PIN_MAX_DIGITS, sx: { fontSize: '1.75rem', letterSpacing: '0.3em', py: 1.5 } } }}
            />
            {failure && <ErrorAlert error={failure} ref={errorRef} />}
            <Button
              type="submit"
              variant="contained"
              size="large"
              disabled={signingIn}
              startIcon={signingIn ? <CircularProgress size={22} color="inherit" aria-hidden /> : undefined}
              sx={{ alignSelf: 'flex-start', minWidth: 220 }}
            >
              {signingIn ? 'Signing in…' : 'Sign in'}
            </Button>
          </Stack>
        </Box>
      </Paper>
    </Box>
  );
}

/** The card readers, each saying whether it holds a card; the one to use is chosen. */
function ReaderChoice({
  readers,
  value,
  onChange,
  unavailable,
}: {
  readers: readonly ReaderInfo[];
  value: string;
  onChange: (name: string) => void;
  unavailable: string | undefined;
}) {
  if (unavailable !== undefined) {
    return (
      <Alert severity="warning" variant="outlined" icon={<UsbIcon />}>
        {unavailable}: connect the card reader to sign in. The station finds it by itself.
      </Alert>
    );
  }
  return (
    <FormControl>
      <FormLabel id="sign-in-reader" sx={{ fontWeight: 600, color: 'text.primary', mb: 0.5 }}>
        Card reader
      </FormLabel>
      <RadioGroup aria-labelledby="sign-in-reader" value={value} onChange={(e) => onChange(e.target.value)}>
        {readers.map((r) => (
          <FormControlLabel
            key={r.name}
            value={r.name}
            control={<Radio />}
            label={
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                <span>{r.name}</span>
                <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5, color: r.cardPresent ? 'success.main' : 'text.secondary' }}>
                  {r.cardPresent && <CreditCardIcon fontSize="small" aria-hidden />}
                  {r.cardPresent ? '· card inserted' : '· no card'}
                </Box>
              </Stack>
            }
          />
        ))}
      </RadioGroup>
    </FormControl>
  );
}
