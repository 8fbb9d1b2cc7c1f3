import type { Invitation } from '../../../shared/contract/mobile';
import { GeneratingInvitation } from './GeneratingInvitation';
import CloseIcon from '@mui/icons-material/Close';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useId, useRef } from 'react';
import type { MobileCredential } from '../../../shared/domain/mobile-credential';
import { ErrorAlert } from '../../components/ErrorAlert';
import { InvitationView } from './InvitationView';
import { PICKUP_LABEL } from './mobile-words';
import { PickupActive } from './PickupActive';
import type { Clock } from './use-countdown';
import { usePickup } from './use-pickup';

interface PickupDialogProps {
  open: boolean;
  employeeNumber: string;
  /** The device credential the mobile credential is issued for. */
  credentialId: string;
  onClose: () => void;
  /** Every credential the server answers with, for the person's page behind. */
  onCredential: (credential: MobileCredential) => void;
  /** The invitation request the opening click made (else the screen asks as it opens). */
  firstAsk?: Promise<Invitation>;
  now?: Clock;
}

/**
 * The full-screen pickup screen of Step 9–12. Mount it afresh (a new `key`) for each
 * opening: it asks for a new invitation as it opens. Escape or Close ends it at any time;
 * an invitation left behind simply expires.
 */
export function PickupDialog({ open, onClose, ...rest }: PickupDialogProps) {
  const titleId = useId();
  return (
    <Dialog open={open} onClose={onClose} fullScreen aria-labelledby={titleId} disableRestoreFocus>
      {open && <PickupScreen titleId={titleId} onClose={onClose} {...rest} />}
    </Dialog>
  );
}

function PickupScreen({ titleId, employeeNumber, credentialId, onClose, onCredential, firstAsk, now }: Omit<PickupDialogProps, 'open'> & { titleId: string }) {
  const { state, generate } = usePickup(employeeNumber, credentialId, onCredential, firstAsk);
  const errorRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (state.phase === 'failed') errorRef.current?.focus();
  }, [state.phase]);

  const holder = 'invitation' in state ? `For ${state.invitation.holderName} · Employee Number ${employeeNumber}` : `Employee Number ${employeeNumber}`;

  return (
    <>
      <Box component="header" sx={{ bgcolor: 'primary.dark', color: 'primary.contrastText', px: { xs: 2, md: 4 }, py: 2 }}>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', justifyContent: 'space-between', maxWidth: 1400, mx: 'auto' }}>
          <Box sx={{ minWidth: 0 }}>
            <Typography id={titleId} variant="h1" component="h2" sx={{ fontSize: { xs: '1.5rem', md: '2rem' } }}>
              {PICKUP_LABEL}
            </Typography>
            <Typography sx={{ fontSize: '1.125rem', opacity: 0.92 }}>{holder}</Typography>
          </Box>
          <Button
            variant="outlined"
            startIcon={<CloseIcon />}
            onClick={onClose}
            sx={{ color: 'inherit', borderColor: 'rgba(255,255,255,0.7)', flexShrink: 0, '&:hover': { borderColor: 'common.white' } }}
          >
            Close
          </Button>
        </Stack>
      </Box>
      <DialogContent sx={{ bgcolor: 'background.default', px: { xs: 2, md: 4 }, py: { xs: 2, md: 4 } }}>
        <Box sx={{ maxWidth: 1400, mx: 'auto' }}>
          {state.phase === 'generating' && <GeneratingInvitation />}
          {state.phase === 'failed' && (
            <ErrorAlert
              ref={errorRef}
              error={state.error}
              actions={
                <Button variant="contained" onClick={generate}>
                  Retry
                </Button>
              }
            />
          )}
          {(state.phase === 'waiting' || state.phase === 'ended') && (
            // A new invitation (Generate new code) starts its own countdown.
            <InvitationView
              key={state.invitation.invitationId}
              invitation={state.invitation}
              credential={state.credential}
              onGenerate={generate}
              now={now}
              endedWhy={state.phase === 'ended' ? state.why : undefined}
            />
          )}
          {state.phase === 'active' && <PickupActive invitation={state.invitation} credential={state.credential} onDone={onClose} />}
        </Box>
      </DialogContent>
    </>
  );
}
