import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import LinkOffIcon from '@mui/icons-material/LinkOff';

export const NOT_CONNECTED_TITLE = 'Station not connected';

/**
 * Over everything while the page cannot reach its station: what is shown may be out of
 * date and nothing can be saved. It goes away by itself when the station answers again.
 */
export function NotConnectedBanner() {
  return (
    <Box sx={{ position: 'fixed', top: 0, left: 0, right: 0, zIndex: (theme) => theme.zIndex.modal + 10, p: 1.5, pointerEvents: 'none' }}>
      <Alert
        severity="error"
        variant="filled"
        role="alert"
        icon={<LinkOffIcon aria-hidden />}
        sx={{ maxWidth: 900, mx: 'auto', boxShadow: 6, pointerEvents: 'auto', fontSize: '1.0625rem' }}
      >
        <AlertTitle sx={{ fontSize: '1.1875rem' }}>{NOT_CONNECTED_TITLE}</AlertTitle>
        The station&apos;s back end is not answering, so nothing can be saved and what you see may be out of date. Trying again… If this does not
        clear within a minute, start Enrollment Station again.
      </Alert>
    </Box>
  );
}
