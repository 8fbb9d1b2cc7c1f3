import Box from '@mui/material/Box';
import { visuallyHidden } from './visually-hidden';

/** An empty optional value: a dash to the eye, "not given" to a screen reader. */
export function NotGiven() {
  return (
    <>
      <Box component="span" aria-hidden sx={{ color: 'text.secondary' }}>
        —
      </Box>
      <Box component="span" sx={visuallyHidden}>
        not given
      </Box>
    </>
  );
}
