import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { LoadingState } from '../../components/LoadingState';

/** After this long, the clerk is told why it takes time (HID Origo may be slow or retrying). */
const SLOW_AFTER_S = 4;

/** "Generating the invitation…", then, when the provider is slow, how long it has been and that it is still trying. */
export function GeneratingInvitation({ slowAfterS = SLOW_AFTER_S }: { slowAfterS?: number }) {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const started = Date.now();
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <>
      <LoadingState label="Generating the invitation…" />
      {seconds >= slowAfterS && seconds > 0 && (
        <Typography role="status" sx={{ fontSize: '1.125rem' }}>
          Still waiting for the credential provider ({seconds} s). It is trying again by itself; this can take up to 45 seconds.
        </Typography>
      )}
    </>
  );
}
