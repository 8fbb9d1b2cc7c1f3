import Typography from '@mui/material/Typography';

/** Station › Administration › CredentialTypes (issue 17). */
export function CredentialTypesTab() {
  return <Typography>Not available yet.</Typography>;
}
