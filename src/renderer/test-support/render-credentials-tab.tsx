import { ThemeProvider } from '@mui/material/styles';
import { render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { expect } from 'vitest';
import type { MobileCredential } from '../../shared/domain/mobile-credential';
import { theme } from '../app/theme';
import { ApplicantPage } from '../features/applicants/ApplicantPage';
import { loadCredentialTypes } from '../stores/credential-types-store';
import { fakeStation } from './station-fake';
import { sampleApplicant, sampleDevice } from './samples';
import { withStation } from './with-station';

type Overrides = Parameters<typeof fakeStation>[0];
/** The device report stays "Obtaining device information..." at least 400 ms. */
const REPORT_WAIT = { timeout: 3000 };

/**
 * Renders Ada's Credentials tab (Mobile PACS – Employee, one card whose credential is
 * ISSUED, unless told otherwise) and waits until the device report is on screen.
 */
export async function renderCredentials(overrides: Overrides & { mobiles?: MobileCredential[]; credentialTypeId?: string; pending?: boolean } = {}) {
  const { mobiles = [], credentialTypeId = 'mobile-pacs-employee', pending = false, ...rest } = overrides;
  const station = fakeStation({
    'applicants:get': async () => ({ applicant: sampleApplicant({ credentialTypeId, email: 'ada@example.org' }), history: [] }),
    'devices:report': async () => [
      sampleDevice({ credentials: [{ id: 'cred-1', credentialTypeId, status: pending ? 'PENDING' : 'ISSUED', issuedAt: '2025-03-12T13:10:05.000Z' }] }),
    ],
    'mobile:list': async () => mobiles,
    ...rest,
  });
  await loadCredentialTypes(station.station);
  render(
    <ThemeProvider theme={theme}>
      <MemoryRouter initialEntries={['/applicants/10000001/credentials']}>
        <Routes>
          <Route path="/applicants/:employeeNumber/:tab" element={<ApplicantPage />} />
        </Routes>
      </MemoryRouter>
    </ThemeProvider>, { wrapper: withStation(station.station) });
  await screen.findByRole('button', { name: 'Refresh Report Data' });
  await waitFor(() => expect(screen.queryByText('Obtaining device information...')).toBeNull(), REPORT_WAIT);
  return station;
}

