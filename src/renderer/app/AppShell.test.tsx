// @vitest-environment jsdom
import { ThemeProvider } from '@mui/material/styles';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionState } from '../../shared/contract';
import { followApprovals, usePendingApprovals } from '../stores/approvals-store';
import { followReaders } from '../stores/readers-store';
import { followSession, useSession } from '../stores/session-store';
import { followStationInfo } from '../stores/station-info-store';
import { followSync } from '../stores/sync-store';
import { fakeStation } from '../test-support/station-fake';
import { sampleApproval, sampleSession, sampleSyncStatus, signedInSession } from '../test-support/samples';
import { AppShell } from './AppShell';
import { theme } from './theme';
import { withStation } from '../test-support/with-station';

let stops: (() => void)[] = [];

async function renderShell(session: SessionState = sampleSession(), overrides: Parameters<typeof fakeStation>[0] = {}) {
  const station = fakeStation({ 'sync:status': async () => sampleSyncStatus({ state: 'online', openReviews: 0 }), 'session:get': async () => session, ...overrides });
  stops = [followStationInfo(station.station), followReaders(station.station), followSync(station.station), followSession(station.station), followApprovals(station.station)];
  render(
    <ThemeProvider theme={theme}>
      <MemoryRouter initialEntries={['/search']}>
        <Routes>
          <Route element={<AppShell />}>
            <Route path="/search" element={<p>Search page</p>} />
            <Route path="/sync" element={<p>Sync page</p>} />
            <Route path="/reviews" element={<p>Needs review page</p>} />
            <Route path="/approvals" element={<p>Approvals page</p>} />
            <Route path="/audit" element={<p>Audit page</p>} />
            <Route path="/applicants/new" element={<p>Add Applicant page</p>} />
          </Route>
        </Routes>
      </MemoryRouter>
    </ThemeProvider>, { wrapper: withStation(station.station) });
  await act(async () => {});
  return station;
}

describe('top bar navigation', () => {
  afterEach(() => {
    for (const stop of stops) stop();
    useSession.setState({ status: 'loading' }, true);
    usePendingApprovals.setState({ pending: null }, true);
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

function menuItems(menu: string): string[] {
  fireEvent.click(screen.getByRole('button', { name: menu }));
  const items = screen.getAllByRole('menuitem').map((item) => item.textContent ?? '');
  fireEvent.keyDown(screen.getByRole('menu'), { key: 'Escape' });
  return items;
}

describe('operator on the top bar', () => {
  afterEach(() => {
    for (const stop of stops) stop();
    useSession.setState({ status: 'loading' }, true);
    usePendingApprovals.setState({ pending: null }, true);
    cleanup();
  });

  it('shows the signed-in operator with their roles, and Sign out locks the station', async () => {
    const locked = sampleSession({ mode: 'locked', lockedBecause: 'signed-out', allowed: [] });
    const station = await renderShell(signedInSession(['supervisor']), { 'session:sign-out': async () => locked });
    fireEvent.click(screen.getByRole('button', { name: 'Operator: Grace Hopper (Supervisor)' }));
    expect(screen.getByText(/Certificate CN=Grace Hopper, valid until/)).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('menuitem', { name: 'Sign out' })));
    expect(station.calls.some((c) => c.channel === 'session:sign-out')).toBe(true);
    const state = useSession.getState();
    expect(state.status === 'ready' && state.session.mode).toBe('locked');
  });

  it('Switch operator signs out too, back to the lock screen', async () => {
    const station = await renderShell(signedInSession(['clerk']));
    fireEvent.click(screen.getByRole('button', { name: 'Operator: Sam Clerk (Clerk)' }));
    await act(async () => fireEvent.click(screen.getByRole('menuitem', { name: 'Switch operator' })));
    expect(station.calls.filter((c) => c.channel === 'session:sign-out')).toHaveLength(1);
  });

  it('says discreetly that sign-in is not configured in setup mode', async () => {
    await renderShell(sampleSession());
    fireEvent.mouseOver(screen.getByText('Sign-in not configured'));
    expect((await screen.findByRole('tooltip')).textContent).toMatch(/Sign-in turns on when the station is registered with a central server whose administrator trusted your organisation's certificate authority/);
    expect(screen.queryByRole('button', { name: /^Operator:/ })).toBeNull();
    expect(screen.getByText('clerk1')).toBeTruthy();
  });
});

describe('what each role is offered', () => {
  afterEach(() => {
    for (const stop of stops) stop();
    useSession.setState({ status: 'loading' }, true);
    usePendingApprovals.setState({ pending: null }, true);
    cleanup();
  });

  it('a clerk sees Add Applicant, but no Approvals and no Audit trail', async () => {
    await renderShell(signedInSession(['clerk']));
    expect(menuItems('Identity')).toEqual(['Add Applicant', 'Search', 'Needs review']);
    expect(menuItems('Station')).toEqual(['Sync', 'Devices']);
  });

  it('a supervisor sees Approvals with its count and the Audit trail, but no Add Applicant', async () => {
    const station = await renderShell(signedInSession(['supervisor']), { 'approvals:list': async () => [sampleApproval()] });
    expect(menuItems('Identity')).toEqual(['Search', 'Needs review', 'Approvals1']);
    expect(menuItems('Station')).toEqual(['Sync', 'Devices', 'Audit trail', 'Administration']);
    expect(screen.getByRole('link', { name: 'Approvals: 1 waiting' })).toBeTruthy();
    await act(async () => station.emit('approvals:changed', { pending: 3 }));
    fireEvent.click(screen.getByRole('link', { name: 'Approvals: 3 waiting' }));
    expect(await screen.findByText('Approvals page')).toBeTruthy();
  });

  it('setup mode offers everything', async () => {
    await renderShell(sampleSession());
    expect(menuItems('Identity')).toEqual(['Add Applicant', 'Search', 'Needs review', 'Approvals']);
    expect(menuItems('Station')).toEqual(['Sync', 'Devices', 'Audit trail', 'Administration']);
  });
});
