import Typography from '@mui/material/Typography';

/** Station › Administration › Operators (issue 17). */
export function OperatorsTab() {
  return <Typography>Not available yet.</Typography>;
}
