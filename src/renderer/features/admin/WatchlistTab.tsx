import Typography from '@mui/material/Typography';

/** Station › Administration › Watchlist (issue 17). */
export function WatchlistTab() {
  return <Typography>Not available yet.</Typography>;
}
