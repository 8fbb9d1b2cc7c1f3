// @vitest-environment jsdom
import { ThemeProvider } from '@mui/material/styles';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { StationSummary } from '../../../shared/contract/server-protocol';
import { theme } from '../../app/theme';
import { followSession, useSession } from '../../stores/session-store';
import { fakeStation } from '../../test-support/station-fake';
import { signedInSession } from '../../test-support/samples';
import { withStation } from '../../test-support/with-station';
import { StationsTab } from './StationsTab';

const THIS = '0b6f2d9e-5c1a-4a8e-9f3b-2d7c6e1a4b55';
const OTHER = '7d2e9c41-3a6b-4f0e-8c5d-1b9a2e7f6c33';
const summary = (s: Partial<StationSummary>): StationSummary => ({
  stationId: THIS,
  stationName: 'Badging Office 1',
  registeredAt: '2026-11-01T09:00:00.000Z',
  revokedAt: null,
  lastAppliedSeq: 40,
  lastSeenAt: '2026-12-07T08:00:00.000Z',
  site: 'Building 7',
  revokedReason: null,
  waitingChanges: 0,
  auditHeadSeq: 118,
  ...s,
});

let stops: (() => void)[] = [];
async function renderTab(handlers: Parameters<typeof fakeStation>[0]) {
  const station = fakeStation({ 'session:get': async () => signedInSession(['administrator']), ...handlers });
  stops = [followSession(station.station)];
  render(
    <ThemeProvider theme={theme}>
      <MemoryRouter>
        <StationsTab />
      </MemoryRouter>
    </ThemeProvider>,
    { wrapper: withStation(station.station) },
  );
  await act(async () => {});
}
const click = async (name: string | RegExp) => act(async () => void fireEvent.click(screen.getByRole('button', { name })));
const stations = { stations: [summary({}), summary({ stationId: OTHER, stationName: 'Lobby kiosk', site: null, waitingChanges: 3, auditHeadSeq: null })], thisStationId: THIS };

describe('Administration › Stations', () => {
  afterEach(() => {
    for (const stop of stops) stop();
    useSession.setState({ status: 'loading' }, true);
    cleanup();
  });

  it('lists stations with site, waiting changes and audit head', async () => {
    await renderTab({ 'admin-stations:list': async () => stations });
    const table = screen.getByRole('table', { name: 'Registered stations' });
    expect(within(table).getByRole('row', { name: /Badging Office 1 \(this station\).*Building 7.*#118.*Active/ })).toBeTruthy();
    expect(within(table).getByRole('row', { name: /Lobby kiosk.*3.*None yet/ })).toBeTruthy();
  });

  it('a token is shown once with its expiry; a reason is needed to revoke, and the reason is shown', async () => {
    const calls: unknown[] = [];
    await renderTab({
      'admin-stations:list': async () => stations,
      'admin-stations:create-token': async (input) => (calls.push(input), { token: 'EST-AAAAA-BBBBB-CCCCC-DDDDD-EEEEE', expiresAt: '2026-12-10T08:00:00.000Z' }),
      'admin-stations:revoke': async ({ stationId, reason }) => summary({ stationId, stationName: 'Lobby kiosk', revokedAt: '2026-12-07T09:00:00.000Z', revokedReason: reason }),
    });
    await click('Create registration token');
    fireEvent.change(screen.getByLabelText(/^Station name/), { target: { value: 'Annex desk' } });
    fireEvent.change(screen.getByLabelText(/^Site/), { target: { value: 'Annex' } });
    await click('Create token');
    expect(calls).toEqual([{ stationName: 'Annex desk', site: 'Annex', expiresInHours: 72 }]);
    expect(screen.getByLabelText('Registration token').textContent).toBe('EST-AAAAA-BBBBB-CCCCC-DDDDD-EEEEE');
    expect(screen.getByRole('button', { name: 'Copy' })).toBeTruthy();
    await click('Done');

    await click('Revoke Lobby kiosk');
    expect(screen.getByText(/3 change\(s\) were still waiting/)).toBeTruthy();
    await click('Revoke station');
    expect(screen.getByText('Say why the station is revoked (at least 3 characters)')).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/^Reason/), { target: { value: 'Kiosk replaced' } });
    await click('Revoke station');
    expect(screen.getByRole('row', { name: /Lobby kiosk.*Revoked.*Kiosk replaced/ })).toBeTruthy();
  });

  it('offline: says administration is read-only and why', async () => {
    await renderTab({
      'admin-stations:list': async () => {
        throw { code: 'ADMIN_OFFLINE', message: 'The central server did not answer. Administration is read-only until the server answers again.' };
      },
    });
    expect(screen.getByText('Read-only: the central server cannot be reached')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Create registration token' })).toBeNull();
  });
});
