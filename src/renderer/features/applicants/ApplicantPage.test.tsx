// @vitest-environment jsdom
import { ThemeProvider } from '@mui/material/styles';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApplicantRecord } from '../../../shared/contract';
import { theme } from '../../app/theme';
import { fakeStation, sampleApplicant } from '../../test-support/fake-station';
import { ApplicantPage } from './ApplicantPage';

// Not a fresh literal in `history`, so it fits the contract with or without newer optional fields.
const created = {
  id: 'a1',
  seq: 1,
  at: '2025-03-12T13:03:22.000Z',
  action: 'applicant.created' as const,
  employeeNumber: '10000001',
  operator: 'clerk1',
  stationId: 'st-1',
  stationName: 'Front Desk 1',
  summary: 'Applicant Ada Lovelace added with credential type PIV Card – Employee',
  prevHash: '0'.repeat(64),
  hash: 'a'.repeat(64),
  signature: 'b'.repeat(128),
};
const record: ApplicantRecord = {
  applicant: sampleApplicant({ email: 'ada@example.org' }),
  history: [created],
};

function renderAt(path: string, get: (q: { employeeNumber: string }) => Promise<ApplicantRecord>) {
  const station = fakeStation({ get });
  window.station = station.station;
  render(
    <ThemeProvider theme={theme}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/applicants/:employeeNumber/:tab?" element={<ApplicantPage />} />
          <Route path="/search" element={<p>Search page</p>} />
        </Routes>
      </MemoryRouter>
    </ThemeProvider>,
  );
  return station;
}

describe('applicant record', () => {
  afterEach(() => cleanup());

  it('says what it is loading, then shows the name and the Employee Number', async () => {
    renderAt('/applicants/10000001', async () => record);
    expect(screen.getByText('Loading the record of Employee Number 10000001…')).toBeTruthy();
    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeTruthy();
    expect(screen.getByText((_, el) => el?.tagName === 'P' && el.textContent === 'Employee Number 10000001')).toBeTruthy();
    for (const tab of ['Details', 'Credentials', 'History']) expect(screen.getByRole('tab', { name: tab })).toBeTruthy();
    expect(screen.getByText('ada@example.org')).toBeTruthy();
  });

  it('shows the history with operator and station', async () => {
    renderAt('/applicants/10000001/history', async () => record);
    expect(await screen.findByText('Applicant Ada Lovelace added with credential type PIV Card – Employee')).toBeTruthy();
    expect(screen.getByText('clerk1')).toBeTruthy();
    expect(screen.getByText('Front Desk 1')).toBeTruthy();
    expect(screen.getByText((_, el) => el?.tagName === 'TIME')?.getAttribute('datetime')).toBe('2025-03-12T13:03:22.000Z');
  });

  it('offers + Device and Refresh Report Data on the Credentials tab', async () => {
    renderAt('/applicants/10000001/credentials', async () => record);
    expect(await screen.findByText('No devices enrolled yet')).toBeTruthy();
    expect((screen.getByRole('button', { name: '+ Device' }) as HTMLButtonElement).disabled).toBe(false);
    expect(screen.getByRole('button', { name: 'Refresh Report Data' })).toBeTruthy();
  });

  it('explains an unknown Employee Number and leads back to Search', async () => {
    renderAt('/applicants/99999999', () =>
      Promise.reject({ code: 'APPLICANT_NOT_FOUND', message: 'No applicant has Employee Number 99999999 on this station.' }),
    );
    expect(await screen.findByText('Applicant not found')).toBeTruthy();
    fireEvent.click(screen.getByRole('link', { name: 'Search applicants' }));
    expect(await screen.findByText('Search page')).toBeTruthy();
  });

  it('does not ask the station about something that is not an Employee Number', async () => {
    const station = renderAt('/applicants/abc', async () => record);
    await act(async () => {});
    expect(screen.getByText('Applicant not found')).toBeTruthy();
    expect(station.calls.some((c) => c.channel === 'applicants:get')).toBe(false);
  });

  it('says a merged record was merged, and leads to the record that stays', async () => {
    const merged = { ...record, applicant: sampleApplicant({ employeeNumber: '20000001', mergedInto: '10000001' }) };
    renderAt('/applicants/20000001', async ({ employeeNumber }) => (employeeNumber === '20000001' ? merged : record));
    const notice = await screen.findByText((_, el) => el?.textContent === 'This record was merged into 10000001' && el.classList.contains('MuiAlertTitle-root'));
    fireEvent.click(within(notice).getByRole('link', { name: '10000001' }));
    expect(await screen.findByText('ada@example.org')).toBeTruthy();
    expect(screen.queryByText(/This record was merged into/)).toBeNull();
  });

  it('reloads when this applicant changes', async () => {
    let current = record;
    const station = renderAt('/applicants/10000001', async () => current);
    await screen.findByRole('heading', { name: 'Ada Lovelace' });
    current = { ...record, applicant: { ...record.applicant, lastName: 'King' } };
    await act(async () => station.emit('applicants:changed', { employeeNumber: '10000001' }));
    expect(await screen.findByRole('heading', { name: 'Ada King' })).toBeTruthy();
  });
});
