import Container from '@mui/material/Container';
import Typography from '@mui/material/Typography';
import { ErrorAlert } from '../components/ErrorAlert';
import { describeError, type ClerkError } from '../errors/clerk-messages';

/** Shown when the page was opened without its host (no window.station), or the station cannot answer: nothing else can work. */
export function StationMissingPage({ error: given }: { error?: ClerkError }) {
  const error =
    given ??
    describeError({
      code: 'NOT_CONNECTED',
      message: 'This page was opened without the station: open Enrollment Station itself, or the address the station printed when it started.',
    });
  return (
    <Container maxWidth="md" sx={{ py: 6 }}>
      <Typography variant="h1" sx={{ mb: 3 }}>
        Enrollment Station
      </Typography>
      <ErrorAlert error={error} />
    </Container>
  );
}
