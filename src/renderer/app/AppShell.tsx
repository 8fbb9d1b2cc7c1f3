import BadgeIcon from '@mui/icons-material/Badge';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import Toolbar from '@mui/material/Toolbar';
import { Link as RouterLink, Outlet } from 'react-router';
import { describeMissing } from '../../shared/contract/station';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatLocal } from '../lib/format-time';
import { SEARCH_PATH } from '../features/applicants/paths';
import { useStationInfo } from '../stores/station-info-store';
import { ApprovalsButton } from './ApprovalsButton';
import { IdentityMenu } from './IdentityMenu';
import { NeedsReviewButton } from './NeedsReviewButton';
import { StationMenu } from './StationMenu';
import { StationStatus } from './StationStatus';
import { TOP_BAR } from './top-bar-widths';

/** Top bar (product, Identity and Station menus, Needs review, station, readers, sync, operator) and the current screen. */
export function AppShell() {
  return (
    <Box sx={{ minHeight: '100vh', display: 'flex', flexDirection: 'column' }}>
      <AppBar position="sticky" elevation={0} sx={{ bgcolor: 'brand.bar' }}>
        <Toolbar sx={{ gap: 1.5, minHeight: { xs: 72 } }}>
          <Button
            component={RouterLink}
            to={SEARCH_PATH}
            color="inherit"
            startIcon={<BadgeIcon sx={{ fontSize: '1.75rem !important' }} />}
            sx={{ fontSize: '1.3rem', fontWeight: 700, px: 1, whiteSpace: 'nowrap', flexShrink: 0 }}
            aria-label="Enrollment Station: go to Search"
          >
            <Box component="span" sx={{ display: 'none', [TOP_BAR.brandWords]: { display: 'inline' } }}>
              Enrollment Station
            </Box>
          </Button>
          <Box component="nav" aria-label="Main" sx={{ display: 'flex', gap: 0.5 }}>
            <IdentityMenu />
            <StationMenu />
            <NeedsReviewButton />
            <ApprovalsButton />
          </Box>
          <Box sx={{ flexGrow: 1 }} />
          <StationStatus />
        </Toolbar>
      </AppBar>
      <StationProblem />
      <RecoveryNotice />
      <Container component="main" maxWidth="lg" sx={{ pt: 2.5, pb: 4, flexGrow: 1 }}>
        <Outlet />
      </Container>
    </Box>
  );
}

/**
 * After the station opened its last good copy of a damaged data file, every screen
 * says what may be missing, so the clerk re-checks recent work before going on.
 */
function RecoveryNotice() {
  const state = useStationInfo();
  const recovery = state.status === 'ready' ? state.info.recovery : undefined;
  if (!recovery) return null;
  return (
    <Container maxWidth="lg" sx={{ pt: 3 }}>
      <Alert severity="warning" variant="outlined" sx={{ fontSize: '1rem' }}>
        <AlertTitle>This station was restored from its last good copy</AlertTitle>
        Everything saved up to {formatLocal(recovery.savedUpTo)} is here; {describeMissing(recovery, formatLocal(recovery.savedUpTo))}.
        {recovery.missingChanges !== 0 && ' Check the applicants enrolled since then and add anyone missing again.'} The damaged files
        were kept for support in {recovery.keptAside}.
      </Alert>
    </Container>
  );
}

/** When the station itself cannot be reached, every screen says so first. */
function StationProblem() {
  const state = useStationInfo();
  if (state.status !== 'failed') return null;
  return (
    <Container maxWidth="lg" sx={{ pt: 3 }}>
      <ErrorAlert
        stationLevel
        error={state.error}
        actions={
          <Button variant="contained" color="error" onClick={() => window.location.reload()}>
            Reload
          </Button>
        }
      />
    </Container>
  );
}
