import PersonIcon from '@mui/icons-material/Person';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useSession } from '../stores/session-store';
import { useStationInfo } from '../stores/station-info-store';
import { OperatorChip, SignInNotConfigured } from './OperatorChip';
import { ReadersChip } from './ReadersChip';
import { SyncChip } from './SyncChip';

/** Station name, the card readers, the sync chip (Online, Offline, Syncing…) and the operator, on the right of the top bar. */
export function StationStatus() {
  const state = useStationInfo();
  const session = useSession();
  const operator = session.status === 'ready' ? session.session.operator : null;
  const setup = session.status === 'ready' && session.session.mode === 'setup';
  return (
    <Stack direction="row" spacing={3} sx={{ alignItems: 'center' }} aria-label="Station status" role="group">
      {state.info && <Labelled label="Station" value={state.info.stationName} />}
      <ReadersChip />
      <SyncChip />
      {operator ? (
        <OperatorChip operator={operator} />
      ) : setup && state.info ? (
        <SignInNotConfigured localAccount={state.info.operator} />
      ) : (
        state.info && (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <PersonIcon aria-hidden />
            <Labelled label="Operator" value={state.info.operator} />
          </Stack>
        )
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
