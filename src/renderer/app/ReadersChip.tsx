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
import { CHIP_LOOKS as LOOKS } from './chip-looks';
import { TOP_BAR } from './top-bar-widths';

const WIDE = TOP_BAR.readersFull;
const MEDIUM = TOP_BAR.readersShort;

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
