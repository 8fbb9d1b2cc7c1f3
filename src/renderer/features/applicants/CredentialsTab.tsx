import ContactlessIcon from '@mui/icons-material/Contactless';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';

const NO_READERS = 'Card readers are not set up on this station yet';

/**
 * The procedure's Credentials tab (step 6). Device enrollment needs card-reader
 * support, which this station does not have yet: say so, rather than offer a button that does nothing.
 */
export function CredentialsTab() {
  return (
    <Stack spacing={2} sx={{ alignItems: 'flex-start', py: 2 }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <ContactlessIcon sx={{ fontSize: 40, color: 'text.secondary' }} aria-hidden />
        <Typography variant="h2">No devices enrolled yet</Typography>
      </Stack>
      <Typography sx={{ maxWidth: '60ch' }}>
        Device enrollment (+ Device) arrives with card-reader support. {NO_READERS}, so no device can be enrolled
        for this applicant here.
      </Typography>
      <Tooltip title={NO_READERS}>
        {/* A disabled button gets no pointer events; the wrapper shows the tooltip on hover. */}
        <Box component="span" sx={{ display: 'inline-block' }}>
          <Button variant="contained" disabled>
            + Device
          </Button>
        </Box>
      </Tooltip>
    </Stack>
  );
}
