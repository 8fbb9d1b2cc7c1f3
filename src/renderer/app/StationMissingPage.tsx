import Container from '@mui/material/Container';
import Typography from '@mui/material/Typography';
import { ErrorAlert } from '../components/ErrorAlert';
import { describeError } from '../errors/clerk-messages';

/** Shown when the page was opened without its host (no window.station): nothing else can work. */
export function StationMissingPage() {
  const error = describeError({
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
