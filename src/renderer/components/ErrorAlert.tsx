import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode, Ref } from 'react';
import type { ClerkError } from '../errors/clerk-messages';
import { useStationInfo } from '../stores/station-info-store';

interface ErrorAlertProps {
  error: ClerkError;
  /** Buttons that get the clerk going again ("Try again", "Search"). */
  actions?: ReactNode;
  severity?: 'error' | 'warning';
  ref?: Ref<HTMLDivElement>;
  /** The top bar's own message about the lost station: always shown in full. */
  stationLevel?: boolean;
}

/** An error in the clerk's words: what happened, what to do, and the way on. */
export function ErrorAlert({ error, actions, severity = 'error', ref, stationLevel = false }: ErrorAlertProps) {
  const stationGone = useStationInfo((s) => s.status === 'failed' && s.error.code === 'NOT_CONNECTED');
  if (!stationLevel && stationGone && error.code === 'NOT_CONNECTED') {
    // The message at the top already says what happened and what to do; do not repeat it here.
    return (
      <Alert severity={severity} variant="outlined" ref={ref} tabIndex={-1} sx={{ bgcolor: 'background.paper' }}>
        <Typography>Not connected to the station, so this could not be done. See the message at the top of the screen.</Typography>
      </Alert>
    );
  }
  return (
    <Alert severity={severity} variant="outlined" ref={ref} tabIndex={-1} sx={{ bgcolor: 'background.paper' }}>
      <AlertTitle>{error.title}</AlertTitle>
      <Typography>{error.fix}</Typography>
      {error.detail && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          Station says: {error.detail}
        </Typography>
      )}
      {actions && (
        <Box sx={{ mt: 2 }}>
          <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
            {actions}
          </Stack>
        </Box>
      )}
    </Alert>
  );
}
