import CreditCardIcon from '@mui/icons-material/CreditCard';
import HourglassEmptyIcon from '@mui/icons-material/HourglassEmpty';
import UsbIcon from '@mui/icons-material/Usb';
import UsbOffIcon from '@mui/icons-material/UsbOff';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import { Link as RouterLink } from 'react-router';
import { DEVICES_PATH } from '../features/devices/paths';
import { readersHealth, readersLabel, readersShortLabels, useReaders } from '../stores/readers-store';

const LOOKS = {
  ok: { bgcolor: '#d7f5df', color: '#0b3d1e' },
  attention: { bgcolor: '#ffe9b8', color: '#3d2800' },
  down: { bgcolor: '#ffdad6', color: '#410002' },
  waiting: { bgcolor: '#e3e8ef', color: '#121821' },
} as const;

/** Wide enough for the reader's name beside the station, connection and operator (1366 × 768 kiosks). */
const WIDE = '@media (min-width: 1340px)';
const MEDIUM = '@media (min-width: 1180px)';

/** The card readers at a glance, on the top bar; opens Devices (readers, cards, diagnostics). */
export function ReadersChip() {
  const state = useReaders();
  const label = readersLabel(state);
  const shorter = readersShortLabels(state);
  const health = readersHealth(state);
  const anyCard = state.readers.some((r) => r.cardPresent);
  const icon =
    health === 'waiting' ? <HourglassEmptyIcon /> : health === 'down' || health === 'attention' ? <UsbOffIcon /> : anyCard ? <CreditCardIcon /> : <UsbIcon />;
  // describeChild: the chip's name stays its words; the tooltip describes where it leads.
  return (
    <Tooltip describeChild title="Opens Devices: the card readers, the card in each, and diagnostics for support.">
      <Chip
        component={RouterLink}
        to={DEVICES_PATH}
        clickable
        icon={icon}
        aria-label={label}
        label={
          <>
            <Box component="span" sx={{ [MEDIUM]: { display: 'none' } }}>
              {shorter.compact}
            </Box>
            <Box component="span" sx={{ display: 'none', [MEDIUM]: { display: 'inline' }, [WIDE]: { display: 'none' } }}>
              {shorter.short}
            </Box>
            <Box component="span" sx={{ display: 'none', [WIDE]: { display: 'inline' } }}>
              {label}
            </Box>
          </>
        }
        sx={{
          ...LOOKS[health],
          maxWidth: 380,
          '& .MuiChip-icon': { color: 'inherit' },
          '&:hover': { bgcolor: LOOKS[health].bgcolor, filter: 'brightness(0.95)' },
        }}
      />
    </Tooltip>
  );
}
