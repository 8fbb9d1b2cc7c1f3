import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';

/** A wait that says what it is waiting for. */
export function LoadingState({ label }: { label: string }) {
  return (
    <Stack direction="row" spacing={2} role="status" sx={{ alignItems: 'center', py: 4 }}>
      <CircularProgress size={28} aria-hidden />
      <Typography>{label}</Typography>
    </Stack>
  );
}
