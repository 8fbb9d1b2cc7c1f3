import Typography from '@mui/material/Typography';

/** Station › Administration › Trust (issue 17). */
export function TrustTab() {
  return <Typography>Not available yet.</Typography>;
}
