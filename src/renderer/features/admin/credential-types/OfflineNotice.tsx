import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import type { ClerkError } from '../../../errors/clerk-messages';

/** Administration is done on the central server: offline, this tab is read-only, and says why. */
export function AdminOfflineNotice({ error, what, onRetry }: { error: ClerkError; what: string; onRetry: () => void }) {
  return (
    <Alert severity="warning" variant="outlined" sx={{ mb: 2, bgcolor: 'background.paper' }} action={<Button onClick={onRetry}>Try again</Button>}>
      <AlertTitle>Read-only: the central server cannot be reached</AlertTitle>
      {error.detail ?? error.fix} {what}
    </Alert>
  );
}
