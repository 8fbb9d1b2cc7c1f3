import BadgeIcon from '@mui/icons-material/Badge';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import Toolbar from '@mui/material/Toolbar';
import { Link as RouterLink, Outlet } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert';
import { SEARCH_PATH } from '../features/applicants/paths';
import { useStationInfo } from '../stores/station-info-store';
import { IdentityMenu } from './IdentityMenu';
import { StationStatus } from './StationStatus';

/** Top bar (product, Identity menu, station, connection, operator) and the current screen. */
export function AppShell() {
  return (
    <Box sx={{ minHeight: '100vh', display: 'flex', flexDirection: 'column' }}>
      <AppBar position="sticky" elevation={0} sx={{ bgcolor: '#0e2a47' }}>
        <Toolbar sx={{ gap: 3, minHeight: { xs: 72 } }}>
          <Button
            component={RouterLink}
            to={SEARCH_PATH}
            color="inherit"
            startIcon={<BadgeIcon sx={{ fontSize: '1.75rem !important' }} />}
            sx={{ fontSize: '1.3rem', fontWeight: 700, px: 1 }}
            aria-label="Enrollment Station: go to Search"
          >
            Enrollment Station
          </Button>
          <Box component="nav" aria-label="Main">
            <IdentityMenu />
          </Box>
          <Box sx={{ flexGrow: 1 }} />
          <StationStatus />
        </Toolbar>
      </AppBar>
      <StationProblem />
      <Container component="main" maxWidth="lg" sx={{ pt: 2.5, pb: 4, flexGrow: 1 }}>
        <Outlet />
      </Container>
    </Box>
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
