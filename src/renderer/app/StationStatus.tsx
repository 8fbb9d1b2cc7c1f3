import CloudDoneIcon from '@mui/icons-material/CloudDone';
import CloudOffIcon from '@mui/icons-material/CloudOff';
import HourglassEmptyIcon from '@mui/icons-material/HourglassEmpty';
import LinkOffIcon from '@mui/icons-material/LinkOff';
import PersonIcon from '@mui/icons-material/Person';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { connectionLabel, useStationInfo, type StationInfoState } from '../stores/station-info-store';
import { ReadersChip } from './ReadersChip';

/** Station name, the card readers, an honest connection chip and the operator, on the right of the top bar. */
export function StationStatus() {
  const state = useStationInfo();
  return (
    <Stack direction="row" spacing={3} sx={{ alignItems: 'center' }} aria-label="Station status" role="group">
      {state.info && <Labelled label="Station" value={state.info.stationName} />}
      <ReadersChip />
      <ConnectionChip state={state} />
      {state.info && (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <PersonIcon aria-hidden />
          <Labelled label="Operator" value={state.info.operator} />
        </Stack>
      )}
    </Stack>
  );
}

function Labelled({ label, value }: { label: string; value: string }) {
  return (
    <Box sx={{ lineHeight: 1.2 }}>
      <Typography component="div" sx={{ fontSize: '0.8125rem', opacity: 0.85, letterSpacing: 0.5 }}>
        {label}
      </Typography>
      <Typography component="div" sx={{ fontWeight: 600, fontSize: '1rem', whiteSpace: 'nowrap' }}>
        {value}
      </Typography>
    </Box>
  );
}

function ConnectionChip({ state }: { state: StationInfoState }) {
  const label = connectionLabel(state);
  if (state.status === 'loading') {
    return <Chip icon={<HourglassEmptyIcon />} label={label} sx={{ bgcolor: '#e3e8ef', color: '#121821' }} />;
  }
  if (state.status === 'failed') {
    return <Chip icon={<LinkOffIcon />} label={label} sx={{ bgcolor: '#ffdad6', color: '#410002', '& .MuiChip-icon': { color: 'inherit' } }} />;
  }
  const { connection } = state.info;
  const online = connection.state === 'online';
  const explanation = online
    ? `Connected to ${connection.serverUrl}. New applicants are shared with the central server.`
    : 'Applicants are saved on this station only. They are not shared with other stations until a server is connected.';
  return (
    <Tooltip title={explanation}>
      <Chip
        icon={online ? <CloudDoneIcon /> : <CloudOffIcon />}
        label={label}
        tabIndex={0}
        aria-description={explanation}
        sx={{
          bgcolor: online ? '#d7f5df' : '#ffe9b8',
          color: online ? '#0b3d1e' : '#3d2800',
          '& .MuiChip-icon': { color: 'inherit' },
        }}
      />
    </Tooltip>
  );
}
