// @vitest-environment jsdom
import { ThemeProvider } from '@mui/material/styles';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useParams } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApplicantSummary, SearchResult } from '../../../shared/contract';
import { theme } from '../../app/theme';
import { useStationInfo } from '../../stores/station-info-store';
import { fakeStation } from '../../test-support/station-fake';
import { SearchPage } from './SearchPage';
import { SEARCH_DEBOUNCE_MS } from './use-applicant-search';
import { withStation } from '../../test-support/with-station';

const ada: ApplicantSummary = { employeeNumber: '10000001', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.org', credentialTypeId: 'piv-card-employee' };
const alan: ApplicantSummary = { employeeNumber: '10000002', firstName: 'Alan', lastName: 'Turing', credentialTypeId: 'prox-card-visitor' };

function RecordStub() {
  return <p>Record page {useParams().employeeNumber}</p>;
}

function renderSearch(search: (q: { text: string; limit?: number }) => Promise<SearchResult>) {
  const station = fakeStation({ 'applicants:search': search });
  render(
    <ThemeProvider theme={theme}>
      <MemoryRouter initialEntries={['/search']}>
        <Routes>
          <Route path="/search" element={<SearchPage />} />
          <Route path="/applicants/:employeeNumber" element={<RecordStub />} />
        </Routes>
      </MemoryRouter>
    </ThemeProvider>, { wrapper: withStation(station.station) });
  return station;
}

const flush = () => act(async () => {});

describe('Search', () => {
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    useStationInfo.setState({ status: 'loading' }, true);
  });

  it('lists the most recent applicants for an empty query', async () => {
    const station = renderSearch(async () => ({ applicants: [alan, ada], total: 2 }));
    await screen.findByText('Ada Lovelace');
    expect(station.calls.filter((c) => c.channel === 'applicants:search')[0]?.input).toEqual({ text: '', limit: 50 });
    expect(screen.getByText('2 applicants on this station, most recent first.')).toBeTruthy();
    expect(screen.getByLabelText('Search applicants').getAttribute('placeholder')).toBe('Name, Employee Number or email');
  });

  it('points the search field at the results table only while the table is on the page (aria-controls)', async () => {
    renderSearch(async ({ text }) => (text === 'nobody' ? { applicants: [], total: 0 } : { applicants: [ada], total: 1 }));
    await screen.findByText('Ada Lovelace');
    const field = screen.getByLabelText('Search applicants');
    expect(field.getAttribute('aria-controls')).toBe('search-results');
    expect(document.getElementById('search-results')).not.toBeNull();
    fireEvent.change(field, { target: { value: 'nobody' } });
    await screen.findByText(/No applicant matches/i);
    expect(document.getElementById('search-results')).toBeNull();
    expect(field.hasAttribute('aria-controls')).toBe(false);
  });

  it('searches after a pause in typing, not on every key', async () => {
    vi.useFakeTimers();
    const station = renderSearch(async ({ text }) => (text === 'ada' ? { applicants: [ada], total: 1 } : { applicants: [alan, ada], total: 2 }));
    await act(async () => vi.advanceTimersByTimeAsync(0));
    const field = screen.getByLabelText('Search applicants');
    fireEvent.change(field, { target: { value: 'a' } });
    fireEvent.change(field, { target: { value: 'ad' } });
    fireEvent.change(field, { target: { value: 'ada' } });
    await act(async () => vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS + 10));
    const texts = station.calls.filter((c) => c.channel === 'applicants:search').map((c) => (c.input as { text: string }).text);
    expect(texts).toEqual(['', 'ada']);
    expect(screen.getByText('1 applicant matching “ada”.')).toBeTruthy();
  });

  it('says when nothing matches, and offers Add Applicant', async () => {
    renderSearch(async ({ text }) => (text === '' ? { applicants: [ada], total: 1 } : { applicants: [], total: 0 }));
    await screen.findByText('Ada Lovelace');
    fireEvent.change(screen.getByLabelText('Search applicants'), { target: { value: 'zzz' } });
    expect(await screen.findByText('No applicant matches “zzz”')).toBeTruthy();
    // One in the page header, one in the empty state where the clerk is looking.
    expect(screen.getAllByRole('link', { name: 'Add Applicant' })).toHaveLength(2);
  });

  it('says when the limit cut the list', async () => {
    renderSearch(async () => ({ applicants: [ada, alan], total: 120 }));
    expect(await screen.findByText('The 2 most recent of 120 applicants on this station. Type to narrow the list.')).toBeTruthy();
  });

  it('refreshes when an applicant is added elsewhere', async () => {
    let applicants = [ada];
    const station = renderSearch(async () => ({ applicants, total: applicants.length }));
    await screen.findByText('Ada Lovelace');
    applicants = [alan, ada];
    await act(async () => station.emit('applicants:changed', { employeeNumber: '10000002' }));
    expect(await screen.findByText('Alan Turing', undefined, { timeout: 2000 })).toBeTruthy();
  });

  it('opens a record with Enter on its row, and by click', async () => {
    renderSearch(async () => ({ applicants: [alan, ada], total: 2 }));
    const row = (await screen.findByText('Ada Lovelace')).closest('tr')!;
    fireEvent.keyDown(row, { key: 'Enter' });
    expect(await screen.findByText('Record page 10000001')).toBeTruthy();
  });

  it('explains a failed search with its fix and a way to retry', async () => {
    renderSearch(() => Promise.reject({ code: 'STORE_UNREADABLE', message: 'The station file is damaged.' }));
    await flush();
    expect(await screen.findByText('Station records cannot be read')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Search again' })).toBeTruthy();
  });

  it('leaves a lost station to the message at the top instead of repeating it', async () => {
    renderSearch(() => Promise.reject({ code: 'NOT_CONNECTED', message: 'The connection to the station was lost.' }));
    await flush();
    expect(await screen.findByText(/See the message at the top of the screen/)).toBeTruthy();
    expect(useStationInfo.getState().status).toBe('failed');
  });
});
