import Box from '@mui/material/Box';
import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { useEffect } from 'react';
import { HashRouter, Navigate, Route, Routes } from 'react-router';
import { AddApplicantPage } from '../features/applicants/AddApplicantPage';
import { ApplicantPage } from '../features/applicants/ApplicantPage';
import { ADD_APPLICANT_PATH, SEARCH_PATH } from '../features/applicants/paths';
import { SearchPage } from '../features/applicants/SearchPage';
import { DevicesPage } from '../features/devices/DevicesPage';
import { DEVICES_PATH } from '../features/devices/paths';
import { ReaderDiagnosticsPage } from '../features/devices/ReaderDiagnosticsPage';
import { REVIEWS_PATH } from '../features/reviews/paths';
import { ReviewsPage } from '../features/reviews/ReviewsPage';
import { SYNC_PATH } from '../features/sync/paths';
import { SyncPage } from '../features/sync/SyncPage';
import { ApprovalsPage } from '../features/approvals/ApprovalsPage';
import { APPROVALS_PATH } from '../features/approvals/paths';
import { AuditPage } from '../features/audit/AuditPage';
import { AUDIT_PATH } from '../features/audit/paths';
import { AdministrationPage } from '../features/admin/AdministrationPage';
import { ADMIN_PATH } from '../features/admin/paths';
import { LockScreen } from '../features/session/LockScreen';
import { LoadingState } from '../components/LoadingState';
import { PassphraseScreen } from '../features/unlock/PassphraseScreen';
import { followApprovals } from '../stores/approvals-store';
import { followConnection, useConnection } from '../stores/connection-store';
import { followUnlock, useUnlock } from '../stores/unlock-store';
import { followSession, trackActivity, useSession } from '../stores/session-store';
import { loadCredentialTypes } from '../stores/credential-types-store';
import { followReaders } from '../stores/readers-store';
import { followStationInfo } from '../stores/station-info-store';
import { followSync } from '../stores/sync-store';
import { AppShell } from './AppShell';
import { NotConnectedBanner } from './NotConnectedBanner';
import { NotFoundPage } from './NotFoundPage';
import { useStation, useStationIfAny } from './station-context';
import { StationMissingPage } from './StationMissingPage';
import { theme } from './theme';

export function App() {
  const hasStation = useStationIfAny() !== undefined;
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      {hasStation ? <StationGate /> : <StationMissingPage />}
    </ThemeProvider>
  );
}

/**
 * Follows the connection to the station: while it is lost the page says so (and keeps
 * what it shows); when it is back, everything below is mounted afresh so each screen
 * reloads from the station, without a page reload.
 */
function StationGate() {
  const station = useStation();
  useEffect(() => followConnection(station), [station]);
  const { connected, generation } = useConnection();
  return (
    <>
      {!connected && <NotConnectedBanner />}
      <UnlockGate key={generation} />
    </>
  );
}

/** The station passphrase, when the station's data waits for one; then the station. */
function UnlockGate() {
  const station = useStation();
  useEffect(() => followUnlock(station), [station]);
  const unlock = useUnlock();
  if (unlock.status === 'failed') return <StationMissingPage error={unlock.error} />;
  if (unlock.status === 'loading') return <Starting />;
  if (unlock.unlock.state !== 'open') return <PassphraseScreen unlock={unlock.unlock} />;
  return <ConnectedApp />;
}

function Starting() {
  return (
    <Box component="main" sx={{ display: 'flex', justifyContent: 'center', pt: 12 }}>
      <LoadingState label="Starting the station…" />
    </Box>
  );
}

function ConnectedApp() {
  const station = useStation();
  useEffect(() => {
    const stopInfo = followStationInfo(station);
    const stopReaders = followReaders(station);
    const stopSync = followSync(station);
    const stopSession = followSession(station);
    const stopApprovals = followApprovals(station);
    const stopActivity = trackActivity(station);
    return () => {
      stopInfo();
      stopReaders();
      stopSync();
      stopSession();
      stopApprovals();
      stopActivity();
    };
  }, [station]);
  const session = useSession();
  // What main serves only to a signed-in operator is (re)loaded for each operator.
  const who = session.status === 'ready' ? (session.session.operator?.fingerprint ?? session.session.mode) : 'loading';
  useEffect(() => {
    if (who !== 'loading' && who !== 'locked') void loadCredentialTypes(station);
  }, [station, who]);

  // Kiosk-style: while locked, the sign-in screen is all there is.
  if (session.status === 'ready' && session.session.mode === 'locked') return <LockScreen session={session.session} />;
  // Nothing of the station shows before the station says whether it is locked.
  if (session.status === 'loading') return <Starting />;

  return (
    <HashRouter>
      <Routes>
        <Route element={<AppShell />}>
          <Route index element={<Navigate to={SEARCH_PATH} replace />} />
          <Route path={SEARCH_PATH} element={<SearchPage />} />
          <Route path={ADD_APPLICANT_PATH} element={<AddApplicantPage />} />
          <Route path="/applicants/:employeeNumber/:tab?" element={<ApplicantPage />} />
          <Route path={DEVICES_PATH} element={<DevicesPage />} />
          <Route path={`${DEVICES_PATH}/:readerName`} element={<ReaderDiagnosticsPage />} />
          <Route path={SYNC_PATH} element={<SyncPage />} />
          <Route path={REVIEWS_PATH} element={<ReviewsPage />} />
          <Route path={APPROVALS_PATH} element={<ApprovalsPage />} />
          <Route path={AUDIT_PATH} element={<AuditPage />} />
          <Route path={`${ADMIN_PATH}/:tab?`} element={<AdministrationPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </HashRouter>
  );
}
