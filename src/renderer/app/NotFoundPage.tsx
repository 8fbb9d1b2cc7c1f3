import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';
import { SEARCH_PATH } from '../features/applicants/paths';
import { useDocumentTitle } from './use-document-title';
import { AddApplicantButton } from '../features/applicants/AddApplicantButton';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <Paper variant="outlined" sx={{ p: 4 }}>
      <Typography variant="h1" sx={{ mb: 2 }}>
        This screen does not exist
      </Typography>
      <Typography sx={{ mb: 3 }}>The address does not match any screen of the station. Carry on from here:</Typography>
      <Stack direction="row" spacing={2}>
        <Button variant="contained" component={RouterLink} to={SEARCH_PATH}>
          Search
        </Button>
        <AddApplicantButton variant="outlined" icon={false} />
      </Stack>
    </Paper>
  );
}
