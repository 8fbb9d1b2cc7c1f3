// @vitest-environment jsdom
import { ThemeProvider } from '@mui/material/styles';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { describeCallFailure, followStationInfo } from '../stores/station-info-store';
import { followSync } from '../stores/sync-store';
import { fakeStation } from '../test-support/station-fake';
import { sampleSyncStatus } from '../test-support/samples';
import { SyncChip } from './SyncChip';
import { theme } from './theme';
import { withStation } from '../test-support/with-station';

let stops: (() => void)[] = [];

async function renderChip(overrides: Parameters<typeof fakeStation>[0] = {}) {
  const station = fakeStation(overrides);
  stops = [followStationInfo(station.station), followSync(station.station)];
  render(
    <ThemeProvider theme={theme}>
      <MemoryRouter initialEntries={['/search']}>
        <SyncChip />
        <Routes>
          <Route path="/search" element={<p>Search page</p>} />
          <Route path="/sync" element={<p>Sync page</p>} />
        </Routes>
      </MemoryRouter>
    </ThemeProvider>, { wrapper: withStation(station.station) });
  await act(async () => {});
  return station;
}

describe('sync chip on the top bar', () => {
  afterEach(() => {
    for (const stop of stops) stop();
    cleanup();
  });

  it('says each state in words, with the changes waiting and the last sync', async () => {
    const station = await renderChip();
    expect(screen.getByRole('link', { name: 'Not connected to a server' })).toBeTruthy();

    const lastSync = new Date();
    lastSync.setHours(10, 42, 0, 0);
    await act(async () => station.emit('sync:status-changed', sampleSyncStatus({ state: 'offline', waiting: 3, lastSuccessAt: lastSync.toISOString() })));
    expect(screen.getByRole('link', { name: /^Offline · 3 waiting · Last sync 10:42( AM)?$/ })).toBeTruthy();
    expect(screen.getByText('Offline')).toBeTruthy();

    await act(async () => station.emit('sync:status-changed', sampleSyncStatus({ state: 'syncing', waiting: 1 })));
    expect(screen.getByRole('link', { name: 'Syncing… · 1 waiting' })).toBeTruthy();

    await act(async () => station.emit('sync:status-changed', sampleSyncStatus({ state: 'online', waiting: 0 })));
    expect(screen.getByRole('link', { name: 'Online' })).toBeTruthy();
  });

  it('opens the Sync page', async () => {
    await renderChip({ 'sync:status': async () => sampleSyncStatus({ state: 'online' }) });
    fireEvent.click(screen.getByRole('link', { name: 'Online' }));
    expect(await screen.findByText('Sync page')).toBeTruthy();
  });

  it('says "Station not connected" when the station itself is gone', async () => {
    await renderChip({ 'sync:status': async () => sampleSyncStatus({ state: 'online' }) });
    await act(async () => void describeCallFailure({ code: 'NOT_CONNECTED', message: 'lost' }));
    expect(screen.getByText('Station not connected')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Online' })).toBeNull();
  });
});
