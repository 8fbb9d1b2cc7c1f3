// @vitest-environment jsdom
import { ThemeProvider } from '@mui/material/styles';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { followReaders } from '../stores/readers-store';
import { followStationInfo } from '../stores/station-info-store';
import { followSync } from '../stores/sync-store';
import { fakeStation, sampleSyncStatus } from '../test-support/fake-station';
import { AppShell } from './AppShell';
import { theme } from './theme';

let stops: (() => void)[] = [];

async function renderShell() {
  const station = fakeStation({ syncStatus: async () => sampleSyncStatus({ state: 'online', openReviews: 0 }) });
  window.station = station.station;
  stops = [followStationInfo(station.station), followReaders(station.station), followSync(station.station)];
  render(
    <ThemeProvider theme={theme}>
      <MemoryRouter initialEntries={['/search']}>
        <Routes>
          <Route element={<AppShell />}>
            <Route path="/search" element={<p>Search page</p>} />
            <Route path="/sync" element={<p>Sync page</p>} />
            <Route path="/reviews" element={<p>Needs review page</p>} />
          </Route>
        </Routes>
      </MemoryRouter>
    </ThemeProvider>,
  );
  await act(async () => {});
  return station;
}

describe('top bar navigation', () => {
  afterEach(() => {
    for (const stop of stops) stop();
    cleanup();
  });

  it('opens Sync from the Station menu and Needs review from the Identity menu', async () => {
    await renderShell();
    expect(screen.getByRole('link', { name: 'Online' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Station' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Sync' }));
    expect(await screen.findByText('Sync page')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Identity' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Needs review' }));
    expect(await screen.findByText('Needs review page')).toBeTruthy();
  });

  it('shows Needs review with its count on the top bar while something is open', async () => {
    const station = await renderShell();
    expect(screen.queryByRole('link', { name: /Needs review/ })).toBeNull();
    await act(async () => station.emit('reviews:changed', { openReviews: 2 }));
    fireEvent.click(screen.getByRole('link', { name: 'Needs review: 2 open' }));
    expect(await screen.findByText('Needs review page')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Identity' }));
    expect(screen.getByRole('menuitem', { name: 'Needs review 2' })).toBeTruthy();
  });
});
