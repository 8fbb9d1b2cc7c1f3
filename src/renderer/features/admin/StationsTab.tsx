import Typography from '@mui/material/Typography';

/** Station › Administration › Stations (issue 17). */
export function StationsTab() {
  return <Typography>Not available yet.</Typography>;
}
