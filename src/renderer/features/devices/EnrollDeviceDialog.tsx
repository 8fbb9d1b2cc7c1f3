import CreditCardIcon from '@mui/icons-material/CreditCard';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { type FormEvent, type ReactNode, type Ref } from 'react';
import { Link as RouterLink } from 'react-router';
import type { CardDetails } from '../../../shared/contract/devices';
import { displayName, type Applicant } from '../../../shared/domain/applicant';
import type { Device } from '../../../shared/domain/device';
import { PIN_DIGITS_TEXT, PIN_MAX_DIGITS } from '../../../shared/domain/pin';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { CLERK_MESSAGES, describeError, type ClerkError } from '../../errors/clerk-messages';
import type { ReadersState } from '../../stores/readers-store';
import { applicantPath } from '../applicants/paths';
import { assignedToFromDetails, canEnroll, cardStatusText, deviceKind, notAcceptedReason, pinBlocked } from './card-words';
import { useEnrollDevice, type Reading } from './use-enroll-device';
import { toneSx } from '../../app/theme';

interface EnrollDeviceDialogProps {
  open: boolean;
  applicant: Applicant;
  onClose: () => void;
  onEnrolled: (device: Device) => void;
}

const SELECT_ID = 'enroll-device-reader';

/**
 * + Device (procedure steps 6–7): Select the device, the card's details under the
 * procedure's labels, the PIN when the policy asks for it, then Enroll Device or Close.
 * Follows the readers live: a reader plugged in appears, a card put in is read at once.
 * The state and the submission are useEnrollDevice; this is the layout.
 */
export function EnrollDeviceDialog({ open, applicant, onClose, onEnrolled }: EnrollDeviceDialogProps) {
  const {
    readers, available, selected, chooseReader, cardPresent, shown, details, readCardAgain, refused, pinOnReader, needsPin, pinValue, typePin, pinError, pinFieldError, enrolling, enrollDisabled, enroll, close, refs,
  } = useEnrollDevice({ open, applicant, onClose, onEnrolled });
  const { pinRef, enrollRef, refusalRef } = refs;
  const { employeeNumber } = applicant;

  return (
    <Dialog
      open={open}
      onClose={close}
      fullWidth
      maxWidth="md"
      aria-labelledby="enroll-device-title"
      aria-describedby="enroll-device-for"
      slotProps={{ paper: { sx: { m: 2, maxHeight: 'calc(100% - 32px)' } } }}
    >
      {/* The form is the paper's flex column, so the content scrolls and the buttons stay in view. */}
      <Box
        component="form"
        onSubmit={(event: FormEvent) => void enroll(event)}
        noValidate
        sx={{ display: 'flex', flexDirection: 'column', minHeight: 0, flex: '1 1 auto' }}
      >
        <DialogTitle id="enroll-device-title" variant="h2" component="h2" sx={{ pb: 0.5 }}>
          Enroll a device
        </DialogTitle>
        <Typography id="enroll-device-for" sx={{ px: 3, color: 'text.secondary' }}>
          For {displayName(applicant)}, Employee Number {employeeNumber}
        </Typography>
        <DialogContent sx={{ pt: '16px !important', pb: 1 }}>
          <Stack spacing={2}>
            <TextField
              id={SELECT_ID}
              select
              fullWidth
              label="Select the device"
              value={selected}
              onChange={(event) => chooseReader(event.target.value)}
              disabled={available.length === 0 || enrolling}
              autoFocus={selected === ''}
              helperText={available.length > 1 ? 'The card reader the card is in' : undefined}
              slotProps={{ select: { SelectDisplayProps: { id: `${SELECT_ID}-display` } } }}
            >
              {available.map((reader) => (
                <MenuItem key={reader.name} value={reader.name}>
                  {reader.name}
                </MenuItem>
              ))}
            </TextField>

            <CardArea
              readersStatus={readers}
              selected={selected}
              cardPresent={cardPresent}
              shown={shown}
              details={details}
              // The refusal below already says the PIN is blocked, with focus on it.
              saysPinBlocked={refused?.error.code !== 'PIN_BLOCKED'}
              onReadAgain={readCardAgain}
              onLeave={onClose}
            />

            {pinOnReader && (
              <Alert severity="info" variant="outlined" aria-labelledby="enroll-device-pin-on-reader">
                <Typography id="enroll-device-pin-on-reader" sx={{ fontWeight: 700 }}>
                  Enter the PIN on the reader
                </Typography>
                This reader has its own PIN pad: click Enroll Device, then the card holder types their PIN ({PIN_DIGITS_TEXT}) on the reader and presses its OK key. The
                keyboard is not used.
              </Alert>
            )}

            {needsPin && (
              <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
                <TextField
                  label="PIN"
                  type="password"
                  value={pinValue}
                  inputRef={pinRef}
                  onChange={(event) => typePin(event.target.value)}
                  disabled={enrolling}
                  error={pinError !== undefined}
                  sx={{ width: 260, flexShrink: 0 }}
                  slotProps={{
                    htmlInput: { inputMode: 'numeric', autoComplete: 'off', maxLength: PIN_MAX_DIGITS, spellCheck: false, 'aria-describedby': 'enroll-device-pin-note' },
                  }}
                />
                {/* Beside the field, where the card holder is looking: how to type it, or what was wrong. */}
                <Typography
                  id="enroll-device-pin-note"
                  role={pinError ? 'alert' : undefined}
                  sx={pinError ? { color: 'error.main', fontWeight: 600 } : { color: 'text.secondary' }}
                >
                  {pinError ?? `The card holder types their PIN (${PIN_DIGITS_TEXT}), then Enroll Device.`}
                </Typography>
              </Stack>
            )}

            {enrolling && (
              <Alert severity="info" icon={<CircularProgress size={22} aria-hidden />} role="status">
                {pinOnReader ? 'Enter the PIN on the reader. ' : ''}Enrolling the card. Keep it in the reader until the station says it is done.
              </Alert>
            )}
            {refused && !pinFieldError && <EnrollRefusal ref={refusalRef} error={refused.error} onLeave={onClose} />}
          </Stack>
        </DialogContent>
        <DialogActions sx={{ px: 3, pt: 1.5, pb: 2.5, gap: 1.5 }}>
          <Button variant="outlined" onClick={close} disabled={enrolling}>
            Close
          </Button>
          <Button
            variant="contained"
            type="submit"
            ref={enrollRef}
            disabled={enrollDisabled}
            startIcon={enrolling ? <CircularProgress size={20} color="inherit" aria-hidden /> : undefined}
          >
            Enroll Device
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}

interface CardAreaProps {
  readersStatus: ReadersState;
  selected: string;
  cardPresent: boolean;
  shown: Reading | undefined;
  details: CardDetails | undefined;
  saysPinBlocked: boolean;
  onReadAgain: () => void;
  onLeave: () => void;
}

/** Under the select: what the clerk does next, or the card's details. */
function CardArea({ readersStatus, selected, cardPresent, shown, details, saysPinBlocked, onReadAgain, onLeave }: CardAreaProps) {
  if (readersStatus.status === 'loading' || readersStatus.pcsc === 'starting') return <LoadingState label="Looking for card readers…" />;
  if (readersStatus.status === 'failed') return <ErrorAlert error={readersStatus.error} />;
  if (readersStatus.pcsc === 'service-not-running') {
    return <ErrorAlert error={describeError({ code: 'PCSC_NOT_RUNNING', message: '' })} />;
  }
  if (readersStatus.readers.length === 0) {
    return (
      <Alert severity="warning" variant="outlined" role="status">
        <AlertTitle>No card reader found</AlertTitle>
        <Typography>{CLERK_MESSAGES.DEVICE_NOT_FOUND.fix}</Typography>
        <Typography sx={{ mt: 1 }}>The reader appears here by itself as soon as it is connected.</Typography>
      </Alert>
    );
  }
  if (selected === '') {
    return <Prompt>Choose the card reader the card is in.</Prompt>;
  }
  if (!cardPresent) {
    return (
      <Prompt icon>
        Insert the card in {selected}
        <Typography component="span" sx={{ display: 'block', fontSize: '1.0625rem', fontWeight: 400, color: 'text.secondary', mt: 0.5 }}>
          Its details appear here as soon as the card is in.
        </Typography>
      </Prompt>
    );
  }
  if (!shown) return <LoadingState label="Reading the card…" />;
  if ('error' in shown) {
    return (
      <ErrorAlert
        error={shown.error}
        actions={
          <Button variant="contained" onClick={onReadAgain}>
            Read the card again
          </Button>
        }
      />
    );
  }
  return details ? <CardDetailsView details={details} saysPinBlocked={saysPinBlocked} onLeave={onLeave} /> : null;
}

function Prompt({ children, icon = false }: { children: ReactNode; icon?: boolean }) {
  return (
    <Stack direction="row" spacing={2} role="status" sx={{ alignItems: 'center', py: 2, px: 2, border: '2px dashed', borderColor: 'divider', borderRadius: 2 }}>
      {icon && <CreditCardIcon sx={{ fontSize: 44, color: 'primary.main' }} aria-hidden />}
      <Typography component="div" sx={{ fontSize: '1.25rem', fontWeight: 600 }}>
        {children}
      </Typography>
    </Stack>
  );
}

/** Serial Number, ATR, Assigned To, Policy, Status (the procedure's list), then what stops enrollment, if anything. */
function CardDetailsView({ details, saysPinBlocked, onLeave }: { details: CardDetails; saysPinBlocked: boolean; onLeave: () => void }) {
  const { policy, assignedTo } = details;
  const elsewhere = details.status === 'assigned-elsewhere';
  const rows: [string, ReactNode][] = [
    [
      'Serial Number',
      <Box key="sn" component="span" sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', columnGap: 2 }}>
        <Box component="span" sx={{ fontSize: '1.375rem', fontWeight: 700, fontVariantNumeric: 'tabular-nums', letterSpacing: '0.04em' }}>
          {details.serialNumber}
        </Box>
        <Box component="span" sx={{ color: 'text.secondary', fontWeight: 400 }}>
          {deviceKind(details.cardType, details.cardFamily)}
        </Box>
      </Box>,
    ],
    ['ATR', <Box key="atr" component="span" sx={{ fontFamily: 'monospace', fontSize: '1rem' }}>{details.atr}</Box>],
    [
      'Assigned To',
      assignedTo ? (
        <Box key="to" component="span" sx={elsewhere ? { color: 'error.main', fontWeight: 700 } : undefined}>
          {assignedTo.name}, Employee Number {assignedTo.employeeNumber}
        </Box>
      ) : (
        'Not assigned'
      ),
    ],
    [
      'Policy',
      `${policy.credentialTypeName} · accepts ${policy.acceptedCardTypes.join(', ')} · ${policy.pinRequired ? 'PIN required' : 'no PIN needed'}`,
    ],
    ['Status', <StatusChip key="status" details={details} />],
  ];
  if (details.pinTriesLeft !== undefined) {
    rows.push(['PIN tries left', details.pinTriesLeft === 0 ? '0 (the PIN is blocked)' : String(details.pinTriesLeft)]);
  }

  return (
    <Stack spacing={2}>
      <Box
        component="dl"
        aria-label="The card in the reader"
        sx={{ m: 0, display: 'grid', gridTemplateColumns: 'minmax(9em, max-content) 1fr', columnGap: 3, border: '1px solid', borderColor: 'divider', borderRadius: 2, px: 2 }}
      >
        {rows.map(([label, value], index) => (
          <Box key={label} sx={{ display: 'contents' }}>
            <Box component="dt" sx={{ ...cell(index === rows.length - 1), fontWeight: 600, color: 'text.secondary' }}>
              {label}
            </Box>
            <Box component="dd" sx={{ ...cell(index === rows.length - 1), m: 0, fontSize: '1.125rem', fontWeight: 500, overflowWrap: 'anywhere' }}>
              {value}
            </Box>
          </Box>
        ))}
      </Box>
      {elsewhere && (
        <EnrollRefusal
          error={describeError({ code: 'CARD_ALREADY_ASSIGNED', message: '', details: { ...assignedTo } })}
          onLeave={onLeave}
        />
      )}
      {details.status === 'not-accepted' && (
        <ErrorAlert severity="warning" error={{ ...describeError({ code: 'WRONG_CARD_TYPE', message: '' }), fix: notAcceptedReason(details) }} />
      )}
      {details.status !== 'not-accepted' && !elsewhere && pinBlocked(details) && saysPinBlocked && (
        <ErrorAlert error={describeError({ code: 'PIN_BLOCKED', message: '' })} />
      )}
      {details.status === 'ready' && details.replaces && details.replaces.length > 0 && (
        <Alert severity="info" variant="outlined">
          This card replaces card {details.replaces.join(' and ')}: enrolling it marks {details.replaces.length === 1 ? 'that card' : 'those cards'} Replaced and
          revokes {details.replaces.length === 1 ? 'its' : 'their'} credentials.
        </Alert>
      )}
      {details.status === 'enrolled-here' && (
        <Alert severity="info" variant="outlined">
          This card is already enrolled to this person: enrolling it again changes nothing. Click Close, or Enroll Device to check it.
        </Alert>
      )}
    </Stack>
  );
}

const cell = (last: boolean) => ({ py: 0.75, borderBottom: last ? 0 : '1px solid', borderColor: 'divider' }) as const;

function StatusChip({ details }: { details: CardDetails }) {
  const ok = canEnroll(details);
  const colours = ok
    ? details.status === 'ready'
      ? toneSx('good')
      : toneSx('info')
    : toneSx('bad');
  return <Chip label={cardStatusText(details)} sx={{ ...colours, height: 'auto', minHeight: 34, '& .MuiChip-label': { whiteSpace: 'normal', py: 0.5 } }} />;
}

/** Why the card cannot be enrolled, with the way on: the record of the person it belongs to. */
function EnrollRefusal({ error, onLeave, ref }: { error: ClerkError; onLeave: () => void; ref?: Ref<HTMLDivElement> }) {
  const owner = error.code === 'CARD_ALREADY_ASSIGNED' ? assignedToFromDetails(error.wire.details) : undefined;
  return (
    <ErrorAlert
      ref={ref}
      error={error}
      actions={
        owner && (
          <Button variant="outlined" color="error" component={RouterLink} to={applicantPath(owner.employeeNumber)} onClick={onLeave}>
            Open the record of {owner.name}
          </Button>
        )
      }
    />
  );
}
