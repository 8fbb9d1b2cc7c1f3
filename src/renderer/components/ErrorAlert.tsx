import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode, Ref } from 'react';
import type { ClerkError } from '../errors/clerk-messages';

interface ErrorAlertProps {
  error: ClerkError;
  /** Buttons that get the clerk going again ("Try again", "Search"). */
  actions?: ReactNode;
  severity?: 'error' | 'warning';
  ref?: Ref<HTMLDivElement>;
}

/** An error in the clerk's words: what happened, what to do, and the way on. */
export function ErrorAlert({ error, actions, severity = 'error', ref }: ErrorAlertProps) {
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
