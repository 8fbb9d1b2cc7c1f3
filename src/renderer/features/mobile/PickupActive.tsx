import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { Invitation } from '../../../shared/contract/mobile';
import type { MobileCredential } from '../../../shared/domain/mobile-credential';
import { FactList } from '../../components/FactList';
import { phoneFacts } from './mobile-words';
import { toneSx } from '../../app/theme';

/**
 * Step 12: the phone redeemed the code. The QR gives way to the phone's details in the
 * procedure's order, and the confirmation button the clerk clicks before returning.
 */
export function PickupActive({ invitation, credential, onDone }: { invitation: Invitation; credential: MobileCredential; onDone: () => void }) {
  return (
    <Stack spacing={3} sx={{ maxWidth: 760, mx: 'auto', width: '100%' }}>
      <Stack direction="row" spacing={2.5} role="status" sx={{ alignItems: 'center', p: 3, borderRadius: 2, ...toneSx('good') }}>
        <CheckCircleIcon sx={{ fontSize: 72, color: 'success.main' }} aria-hidden />
        <Box>
          <Typography variant="h2" component="p" sx={{ fontSize: '2.25rem' }}>
            Mobile credential ACTIVE
          </Typography>
          <Typography sx={{ fontSize: '1.25rem' }}>
            {invitation.holderName}&apos;s phone carries the credential. The mobile app shows a success message and the active credential.
          </Typography>
        </Box>
      </Stack>
      <Box>
        <Typography variant="h2" component="h3" sx={{ mb: 1 }}>
          Mobile device details
        </Typography>
        {credential.phone && <FactList labelWidth="14em" facts={phoneFacts(credential.phone, credential.status)} />}
      </Box>
      <Button variant="contained" size="large" color="success" onClick={onDone} autoFocus sx={{ alignSelf: 'flex-start', minHeight: 64, fontSize: '1.25rem', px: 5 }}>
        Done: credential is ACTIVE
      </Button>
    </Stack>
  );
}
