import CloudDoneIcon from '@mui/icons-material/CloudDone';
import CloudOffIcon from '@mui/icons-material/CloudOff';
import CloudOffOutlinedIcon from '@mui/icons-material/CloudOffOutlined';
import CloudSyncIcon from '@mui/icons-material/CloudSync';
import HourglassEmptyIcon from '@mui/icons-material/HourglassEmpty';
import LinkOffIcon from '@mui/icons-material/LinkOff';
import SyncProblemIcon from '@mui/icons-material/SyncProblem';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import type { ReactElement } from 'react';
import { Link as RouterLink } from 'react-router';
import { SYNC_PATH } from '../features/sync/paths';
import { useStationInfo } from '../stores/station-info-store';
import { syncHealth, syncLabel, syncWords, useSync, type SyncState } from '../stores/sync-store';
import { CHIP_LOOKS } from './chip-looks';
import { TOP_BAR } from './top-bar-widths';

function iconFor(state: SyncState): ReactElement {
  if (state.status === 'loading') return <HourglassEmptyIcon />;
  if (state.status === 'failed') return <SyncProblemIcon />;
  const icons = { online: CloudDoneIcon, offline: CloudOffIcon, syncing: CloudSyncIcon, 'not-registered': CloudOffOutlinedIcon } as const;
  const Icon = syncHealth(state) === 'down' ? SyncProblemIcon : icons[state.sync.state];
  return <Icon />;
}

/**
 * Online / Offline / Syncing… on the top bar, with the changes waiting and the last
 * successful sync; opens the Sync page. When the station itself is gone, says that instead.
 */
export function SyncChip() {
  const stationGone = useStationInfo((s) => s.status === 'failed');
  const state = useSync();
  if (stationGone) {
    return <Chip icon={<LinkOffIcon />} label="Station not connected" sx={{ ...CHIP_LOOKS.down, '& .MuiChip-icon': { color: 'inherit' } }} />;
  }
  const words = syncWords(state);
  const label = syncLabel(words);
  const look = CHIP_LOOKS[syncHealth(state)];
  // Narrower top bars drop the last sync, then the count; the full words stay the accessible name.
  return (
    <Tooltip describeChild title="Opens Sync: the central server, the changes waiting, and what to do about any error.">
      <Chip
        component={RouterLink}
        to={SYNC_PATH}
        clickable
        icon={iconFor(state)}
        aria-label={label}
        label={
          <>
            {words.headline}
            {words.waiting && (
              <Box component="span" sx={{ display: 'none', [TOP_BAR.syncWaiting]: { display: 'inline' } }}>
                {` · ${words.waiting}`}
              </Box>
            )}
            {words.lastSync && (
              <Box component="span" sx={{ display: 'none', [TOP_BAR.syncLastSync]: { display: 'inline' } }}>
                {` · ${words.lastSync}`}
              </Box>
            )}
          </>
        }
        sx={{ ...look, '& .MuiChip-icon': { color: 'inherit' }, '&:hover': { bgcolor: look.bgcolor, filter: 'brightness(0.95)' } }}
      />
    </Tooltip>
  );
}
