import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { useEffect } from 'react';
import { HashRouter, Navigate, Route, Routes } from 'react-router';
import { AddApplicantPage } from '../features/applicants/AddApplicantPage';
import { ApplicantPage } from '../features/applicants/ApplicantPage';
import { ADD_APPLICANT_PATH, SEARCH_PATH } from '../features/applicants/paths';
import { SearchPage } from '../features/applicants/SearchPage';
import { loadCredentialTypes } from '../stores/credential-types-store';
import { followStationInfo } from '../stores/station-info-store';
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
    return followStationInfo(window.station);
  }, []);

  return (
    <HashRouter>
      <Routes>
        <Route element={<AppShell />}>
          <Route index element={<Navigate to={SEARCH_PATH} replace />} />
          <Route path={SEARCH_PATH} element={<SearchPage />} />
          <Route path={ADD_APPLICANT_PATH} element={<AddApplicantPage />} />
          <Route path="/applicants/:employeeNumber/:tab?" element={<ApplicantPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </HashRouter>
  );
}
