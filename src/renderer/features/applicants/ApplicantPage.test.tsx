// @vitest-environment jsdom
import { ThemeProvider } from '@mui/material/styles';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApplicantRecord } from '../../../shared/contract';
import { theme } from '../../app/theme';
import { followSession, useSession } from '../../stores/session-store';
import { fakeStation } from '../../test-support/station-fake';
import { sampleApplicant, sampleAuditEntry, sampleAuditPage, signedInSession } from '../../test-support/samples';
import { ApplicantPage } from './ApplicantPage';
import { withStation } from '../../test-support/with-station';

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
let stopSession: (() => void) | undefined;

const record: ApplicantRecord = {
  applicant: sampleApplicant({ email: 'ada@example.org' }),
  history: [created],
};

function renderAt(path: string, get: (q: { employeeNumber: string }) => Promise<ApplicantRecord>, more: Parameters<typeof fakeStation>[0] = {}) {
  const station = fakeStation({ 'applicants:get': get, ...more });
  render(
    <ThemeProvider theme={theme}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/applicants/:employeeNumber/:tab?" element={<ApplicantPage />} />
          <Route path="/search" element={<p>Search page</p>} />
        </Routes>
      </MemoryRouter>
    </ThemeProvider>, { wrapper: withStation(station.station) });
  return station;
}

describe('applicant record', () => {
  afterEach(() => {
    stopSession?.();
    stopSession = undefined;
    useSession.setState({ status: 'loading' }, true);
    cleanup();
  });

  it('says what it is loading, then shows the name and the Employee Number', async () => {
    renderAt('/applicants/10000001', async () => record);
    expect(screen.getByText('Loading the record of Employee Number 10000001…')).toBeTruthy();
    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeTruthy();
    expect(screen.getByText((_, el) => el?.tagName === 'P' && el.textContent === 'Employee Number 10000001')).toBeTruthy();
    for (const tab of ['Details', 'Credentials', 'History']) expect(screen.getByRole('tab', { name: tab })).toBeTruthy();
    expect(screen.getByText('ada@example.org')).toBeTruthy();
  });

  it('shows the history from the audit trail, with action, operator and station', async () => {
    const approved = sampleAuditEntry({ seq: 2, at: '2025-03-12T14:00:00.000Z', action: 'credential.approved', operator: 'Grace Hopper', summary: 'PIV Card – Contractor approved' });
    const station = renderAt('/applicants/10000001/history', async () => ({ ...record, history: [] }), {
      'audit:list': async () => sampleAuditPage([approved, sampleAuditEntry({ ...created, operator: 'clerk1' })]),
    });
    const table = await screen.findByRole('table', { name: 'History' });
    expect(station.calls.find((c) => c.channel === 'audit:list')?.input).toMatchObject({ employeeNumber: '10000001' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[1]?.textContent)).toEqual(['Credential approved', 'Applicant added']);
    expect(within(rows[1]!).getByText('Applicant Ada Lovelace added with credential type PIV Card – Employee')).toBeTruthy();
    expect(within(rows[1]!).getByText('clerk1')).toBeTruthy();
    expect(within(rows[1]!).getByText('Front Desk 1')).toBeTruthy();
    expect(within(rows[0]!).getByText((_, el) => el?.tagName === 'TIME')?.getAttribute('datetime')).toBe('2025-03-12T14:00:00.000Z');
  });

  it("shows a clerk the person's history from the audit trail too", async () => {
    const station = fakeStation({ 'session:get': async () => signedInSession(['clerk']) });
    stopSession = followSession(station.station);
    await act(async () => {});
    const shown = renderAt('/applicants/10000001/history', async () => ({ ...record, history: [] }), {
      'audit:list': async () => sampleAuditPage([sampleAuditEntry({ summary: 'From the audit trail' })]),
    });
    expect(await screen.findByText('From the audit trail')).toBeTruthy();
    expect(shown.calls.find((c) => c.channel === 'audit:list')?.input).toMatchObject({ employeeNumber: '10000001' });
  });

  it("falls back to the record's own history where the station has no audit trail to ask", async () => {
    renderAt('/applicants/10000001/history', async () => record, {
      'audit:list': () => Promise.reject({ code: 'UNKNOWN_CHANNEL', message: 'No channel audit:list' }),
    });
    expect(await screen.findByText('Applicant Ada Lovelace added with credential type PIV Card – Employee')).toBeTruthy();
    expect(screen.getByText('Applicant added')).toBeTruthy();
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
