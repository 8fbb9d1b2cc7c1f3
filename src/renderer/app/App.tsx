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
import { loadCredentialTypes } from '../stores/credential-types-store';
import { followReaders } from '../stores/readers-store';
import { followStationInfo } from '../stores/station-info-store';
import { followSync } from '../stores/sync-store';
import { AppShell } from './AppShell';
import { NotFoundPage } from './NotFoundPage';
import { StationMissingPage } from './StationMissingPage';
import { theme } from './theme';

export function App() {
  const hasStation = typeof window.station === 'object' && window.station !== null;
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      {hasStation ? <ConnectedApp /> : <StationMissingPage />}
    </ThemeProvider>
  );
}

function ConnectedApp() {
  useEffect(() => {
    void loadCredentialTypes(window.station);
    const stopInfo = followStationInfo(window.station);
    const stopReaders = followReaders(window.station);
    const stopSync = followSync(window.station);
    return () => {
      stopInfo();
      stopReaders();
      stopSync();
    };
  }, []);

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
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </HashRouter>
  );
}
