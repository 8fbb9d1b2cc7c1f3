import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { Invitation } from '../../../shared/contract/mobile';
import type { MobileCredential } from '../../../shared/domain/mobile-credential';
import { visuallyHidden } from '../../components/visually-hidden';
import { InvitationCodeText, PickupQr } from './InvitationCode';
import { formatRemaining } from './mobile-words';
import { countdownAnnouncement, useCountdown, type Clock } from './use-countdown';

interface InvitationViewProps {
  invitation: Invitation;
  credential: MobileCredential;
  onGenerate: () => void;
  now?: Clock;
  /** Set when the code stopped working before its time (replaced, suspended): why. */
  endedWhy?: string;
}

/**
 * Step 10 and 11 of the procedure: the QR code, the invitation code, what to do in the app,
 * who it is for, and a live countdown. At expiry the code gives way to "Generate new code".
 */
export function InvitationView({ invitation, credential, onGenerate, now, endedWhy }: InvitationViewProps) {
  const secondsLeft = useCountdown(invitation.expiresAt, invitation.clockOffsetMs, now);
  const expired = secondsLeft <= 0;
  const scanned = credential.invitation?.id === invitation.invitationId && credential.invitation.state === 'redeemed';

  return (
    <Box sx={{ display: 'grid', gap: { xs: 3, md: 5 }, gridTemplateColumns: { xs: '1fr', md: 'auto minmax(0, 1fr)' }, alignItems: 'start' }}>
      <Stack spacing={2.5} sx={{ alignItems: { xs: 'stretch', md: 'center' }, minWidth: { md: 380 } }}>
        {expired || endedWhy ? (
          <CodeEnded why={endedWhy} onGenerate={credential.status === 'ISSUED' ? onGenerate : undefined} />
        ) : (
          <>
            <PickupQr value={invitation.pickupUri} appName={invitation.appName} />
            <Stack direction="row" spacing={2} role="status" sx={{ alignItems: 'center' }}>
              <CircularProgress size={28} aria-hidden />
              <Typography sx={{ fontSize: '1.25rem', fontWeight: 500 }}>
                {scanned ? 'The mobile app scanned the code: provisioning the credential…' : 'Waiting for the mobile app to scan the code…'}
              </Typography>
            </Stack>
            <Typography
              component="p"
              sx={{ fontSize: '2rem', fontWeight: 700, fontVariantNumeric: 'tabular-nums', color: secondsLeft <= 60 ? 'warning.main' : 'text.primary' }}
            >
              Expires in {formatRemaining(secondsLeft * 1000)}
            </Typography>
          </>
        )}
        {/* Heard at a few thresholds only; the visible countdown is not read out every second. */}
        <Box aria-live="polite" sx={visuallyHidden}>
          {endedWhy ? '' : countdownAnnouncement(secondsLeft)}
        </Box>
      </Stack>

      <Stack spacing={3} sx={{ minWidth: 0 }}>
        {!expired && !endedWhy && (
          <>
            <InvitationCodeText code={invitation.code} />
            <Instructions appName={invitation.appName} />
          </>
        )}
        <PersonFacts invitation={invitation} />
      </Stack>
    </Box>
  );
}

/** Step 11 in the procedure's words (the app is the server's provider's), with the manual-entry alternative. */
function Instructions({ appName }: { appName: string }) {
  return (
    <Box>
      <Typography variant="h2" component="h3" sx={{ mb: 1 }}>
        Scan with the {appName} app
      </Typography>
      <Box component="ol" sx={{ m: 0, pl: 3.5, '& li': { fontSize: '1.125rem', mb: 0.5 } }}>
        <li>Open the {appName} app on the smartphone.</li>
        <li>In the app, tap the option to add a new credential or scan a QR code.</li>
        <li>Position the smartphone camera to scan the QR code on this screen.</li>
        <li>Wait for the app to download and provision the credential (typically 5-15 seconds).</li>
      </Box>
      <Typography sx={{ mt: 1.5, fontSize: '1.125rem' }}>
        <strong>Alternative method:</strong> if QR code scanning is unavailable, enter the invitation code shown above manually in the app.
      </Typography>
    </Box>
  );
}

/** "User ID and email address", then the basic device information of Step 10, two by two to fit one screen. */
function PersonFacts({ invitation }: { invitation: Invitation }) {
  const facts = [
    ['Name', invitation.holderName],
    ['Device Type', invitation.deviceType],
    ['Device Management System', invitation.deviceManagementSystem],
    ['Certificate Authority', invitation.certificateAuthority],
  ] as const;
  return (
    <Box>
      <Typography variant="overline" component="h3" sx={{ color: 'text.secondary', fontSize: '1rem' }}>
        User ID and email address
      </Typography>
      <Typography sx={{ fontSize: '1.375rem', fontWeight: 500, overflowWrap: 'anywhere' }}>
        User ID <strong>{invitation.userId}</strong>
      </Typography>
      <Typography sx={{ fontSize: '1.375rem', fontWeight: 500, overflowWrap: 'anywhere', mb: 2 }}>
        {invitation.email ?? 'No email address recorded'}
      </Typography>
      <Box component="dl" sx={{ m: 0, display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' }, columnGap: 4, rowGap: 1.5 }}>
        {facts.map(([label, value]) => (
          <Box key={label} sx={{ borderTop: '1px solid', borderColor: 'divider', pt: 1 }}>
            <Box component="dt" sx={{ typography: 'overline', color: 'text.secondary' }}>
              {label}
            </Box>
            <Box component="dd" sx={{ m: 0, fontSize: '1.125rem', fontWeight: 500, overflowWrap: 'anywhere' }}>
              {value}
            </Box>
          </Box>
        ))}
      </Box>
    </Box>
  );
}

/** Where the QR code was: the troubleshooting row "Invitation code expired" and its solution. */
function CodeEnded({ why, onGenerate }: { why?: string; onGenerate?: () => void }) {
  return (
    <Alert severity="warning" variant="outlined" sx={{ bgcolor: 'background.paper', width: '100%', maxWidth: 560, py: 2 }}>
      <AlertTitle sx={{ fontSize: '1.5rem' }}>{why ? 'This invitation code no longer works' : 'Invitation code expired'}</AlertTitle>
      <Typography sx={{ fontSize: '1.125rem' }}>
        {why ?? 'Too much time elapsed between generation and scanning, so the code no longer works.'}{' '}
        {onGenerate ? 'Generate a new invitation code and let the person scan it.' : 'Close this screen; the Mobile credentials list shows the status.'}
      </Typography>
      {onGenerate && (
        <Button variant="contained" size="large" onClick={onGenerate} autoFocus sx={{ mt: 2.5 }}>
          Generate new code
        </Button>
      )}
    </Alert>
  );
}
