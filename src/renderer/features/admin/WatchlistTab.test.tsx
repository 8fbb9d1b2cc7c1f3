// @vitest-environment jsdom
import { ThemeProvider } from '@mui/material/styles';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { WatchlistResponse } from '../../../shared/contract/watchlist-protocol';
import { theme } from '../../app/theme';
import { fakeStation, type FakeHandlers } from '../../test-support/station-fake';
import { withStation } from '../../test-support/with-station';
import { showSession, useSession } from '../../stores/session-store';
import { signedInSession } from '../../test-support/samples';
import { WatchlistTab } from './WatchlistTab';

const NOW = '2025-03-14T09:00:00.000Z';
const invitation = {
  invitationId: '6f1b1c4e-8a55-4a43-9a8e-0c4b7e1a2b01',
  credentialId: 'cred-m1',
  employeeNumber: '10000007',
  holderName: 'Priya Raman',
  credentialTypeId: 'mobile-pacs-employee',
  credentialTypeName: 'Mobile PACS – Employee',
  issuedBy: 'Alice Clerk',
  issuedAt: '2025-03-12T05:00:00.000Z',
  expiresAt: '2025-03-14T05:00:00.000Z',
  expired: true,
};
const approval = {
  deviceId: 'dev-9',
  credentialId: 'cred-9',
  employeeNumber: '10000009',
  holderName: 'Marta Kowalczyk',
  credentialTypeId: 'mobile-pacs-contractor',
  credentialTypeName: 'Mobile PACS – Contractor',
  deviceSerialNumber: '4D2A9C1170001',
  requestedBy: 'Alice Clerk',
  stationName: 'Warehouse Gate',
  pendingSince: '2025-03-13T03:00:00.000Z',
};
const station = {
  stationId: '0b8a1d52-3c1e-4f7a-9d7e-5a6b7c8d9e0f',
  stationName: 'Lobby Kiosk',
  site: 'Head office · Lobby',
  lastSeenAt: '2025-03-11T05:00:00.000Z',
  registeredAt: '2025-01-02T08:00:00.000Z',
};

function answer(overrides: Partial<WatchlistResponse> = {}): WatchlistResponse {
  return {
    invitations: { olderThanHours: 24, total: 1, items: [invitation] },
    approvals: { olderThanHours: 8, total: 1, items: [approval] },
    stations: { olderThanHours: 24, total: 1, items: [station] },
    serverTime: NOW,
    ...overrides,
  };
}

async function renderTab(handlers: FakeHandlers = {}) {
  const fake = fakeStation({ 'watchlist:get': async () => answer(), ...handlers });
  render(
    <ThemeProvider theme={theme}>
      <MemoryRouter initialEntries={['/admin/watchlist']}>
        <WatchlistTab />
      </MemoryRouter>
    </ThemeProvider>,
    { wrapper: withStation(fake.station) },
  );
  await act(async () => {});
  return fake;
}

const rows = (name: string) => within(screen.getByRole('table', { name })).getAllByRole('row').slice(1);

describe('Administration › Watchlist', () => {
  afterEach(cleanup);

  it('shows the three lists with their counts, from one call with the default hours', async () => {
    const fake = await renderTab();
    expect(fake.calls.filter((c) => c.channel === 'watchlist:get').map((c) => c.input)).toEqual([{ invitationHours: 24, approvalHours: 8, stationHours: 24 }]);
    for (const name of ['Invitations not picked up', 'Credentials Pending approval', 'Stations not seen']) {
      const section = screen.getByRole('region', { name });
      expect(within(section).getByLabelText('1 waiting')).toBeTruthy();
    }
    const [inv] = rows('Invitations not picked up');
    expect(inv!.textContent).toContain('Priya Raman');
    expect(inv!.textContent).toContain('Employee Number 10000007');
    expect(inv!.textContent).toContain('Mobile PACS – Employee');
    expect(inv!.textContent).toContain('Alice Clerk');
    expect(inv!.textContent).toContain('Expired');
    expect(within(inv!).getAllByText((_, el) => el?.tagName === 'TIME')[0]!.getAttribute('datetime')).toBe(invitation.issuedAt);
    const [app] = rows('Credentials Pending approval');
    for (const text of ['Marta Kowalczyk', 'Mobile PACS – Contractor', '4D2A9C1170001', 'Warehouse Gate']) expect(app!.textContent).toContain(text);
    const [st] = rows('Stations not seen');
    expect(st!.textContent).toContain('Lobby Kiosk');
    expect(st!.textContent).toContain('Head office · Lobby');
  });

  it('each item has its one-click action: Reissue opens the person’s credentials, the approval, the station', async () => {
    await renderTab();
    expect(screen.getByRole('link', { name: 'Reissue the invitation of Priya Raman (10000007)' }).getAttribute('href')).toBe('/applicants/10000007/credentials');
    expect(screen.getByRole('link', { name: 'Open the approval of Mobile PACS – Contractor for Marta Kowalczyk (10000009)' }).getAttribute('href')).toBe('/approvals');
    expect(screen.getByRole('link', { name: 'Open the station Lobby Kiosk' }).getAttribute('href')).toBe('/admin/stations');
  });

  it('a Supervisor is told an Administrator opens a station (the Stations tab is not theirs)', async () => {
    showSession(signedInSession(['supervisor']));
    try {
      await renderTab();
      expect(screen.queryByRole('link', { name: 'Open the station Lobby Kiosk' })).toBeNull();
      expect(within(rows('Stations not seen')[0]!).getByText('An Administrator opens it')).toBeTruthy();
      expect(screen.getByRole('link', { name: 'Open the approval of Mobile PACS – Contractor for Marta Kowalczyk (10000009)' })).toBeTruthy();
    } finally {
      useSession.setState({ status: 'loading' }, true);
    }
  });

  it('says how many more there are beyond those shown, and what an empty list means', async () => {
    await renderTab({
      'watchlist:get': async () => answer({ invitations: { olderThanHours: 24, total: 203, items: [invitation] }, stations: { olderThanHours: 24, total: 0, items: [] } }),
    });
    expect(screen.getByText('… and 202 more (the oldest 1 are shown).')).toBeTruthy();
    expect(screen.getByText('Every station has been in contact within the last 24 hours.')).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Stations not seen' })).toBeNull();
  });

  it('asks again with the hours typed; hours that are not 1 to 720 are refused on screen and not sent', async () => {
    const fake = await renderTab();
    await act(async () => fireEvent.change(screen.getByLabelText('Pending for more than (hours)'), { target: { value: '2' } }));
    expect(fake.calls.filter((c) => c.channel === 'watchlist:get').at(-1)?.input).toEqual({ invitationHours: 24, approvalHours: 2, stationHours: 24 });
    const count = fake.calls.length;
    await act(async () => fireEvent.change(screen.getByLabelText('Not seen for (hours)'), { target: { value: '0' } }));
    await act(async () => fireEvent.change(screen.getByLabelText('Not picked up after (hours)'), { target: { value: '1000' } }));
    expect(fake.calls.length).toBe(count);
    expect(screen.getAllByText('Whole hours, 1 to 720')).toHaveLength(2);
  });

  it('offline: says why, and shows no list (not even the one it had)', async () => {
    let offline = false;
    await renderTab({
      'watchlist:get': async () => {
        if (offline) throw { code: 'ADMIN_OFFLINE', message: 'The central server did not answer. Administration is read-only until the server answers again.' };
        return answer();
      },
    });
    expect(screen.getAllByRole('table')).toHaveLength(3);
    offline = true;
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Refresh' })));
    expect(screen.getByText('Administration needs the central server')).toBeTruthy();
    expect(screen.getByText(/read-only until the server answers again/)).toBeTruthy();
    expect(screen.queryAllByRole('table')).toHaveLength(0);
    expect(screen.queryByLabelText('1 waiting')).toBeNull();
  });
});
