// @vitest-environment jsdom
import { ThemeProvider } from '@mui/material/styles';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrustView } from '../../../shared/contract';
import { theme } from '../../app/theme';
import { followSession, useSession } from '../../stores/session-store';
import { fakeStation } from '../../test-support/station-fake';
import { signedInSession } from '../../test-support/samples';
import { withStation } from '../../test-support/with-station';
import { TrustTab } from './TrustTab';

const view = (v: Partial<TrustView> = {}): TrustView => ({
  source: { kind: 'server', offlineReason: null, copyCheckedAt: null },
  cas: [{ fingerprint: 'f'.repeat(64), subject: 'Example Corp Operator CA', validFrom: '2026-01-01T00:00:00.000Z', validTo: '2036-01-01T00:00:00.000Z', addedAt: '2026-01-02T00:00:00.000Z' }],
  revokedCertificates: [{ fingerprint: 'e'.repeat(64), revokedAt: '2026-12-01T10:00:00.000Z', reason: 'Card reported lost', operatorName: 'Rex Revoked' }],
  registryUpdatedAt: '2026-12-01T10:00:00.000Z',
  stationCheckedAt: '2026-12-07T08:00:00.000Z',
  nextUpdateDueAt: '2026-12-08T08:00:00.000Z',
  warning: null,
  ...v,
});

let stops: (() => void)[] = [];
async function renderTab(handlers: Parameters<typeof fakeStation>[0]) {
  const station = fakeStation({ 'session:get': async () => signedInSession(['administrator']), ...handlers });
  stops = [followSession(station.station)];
  render(
    <ThemeProvider theme={theme}>
      <MemoryRouter>
        <TrustTab />
      </MemoryRouter>
    </ThemeProvider>,
    { wrapper: withStation(station.station) },
  );
  await act(async () => {});
  return station;
}

describe('Administration › Trust', () => {
  afterEach(() => {
    for (const stop of stops) stop();
    useSession.setState({ status: 'loading' }, true);
    cleanup();
  });

  it('shows the trusted CAs, the revocation list, its age and next update due', async () => {
    await renderTab({ 'admin-trust:get': async () => view() });
    const cas = screen.getByRole('table', { name: 'Trusted operator CAs' });
    expect(within(cas).getByText('Example Corp Operator CA')).toBeTruthy();
    expect(within(cas).getByText('f'.repeat(64))).toBeTruthy();
    const crl = screen.getByRole('table', { name: 'Revocation list' });
    expect(within(crl).getByRole('row', { name: /Rex Revoked.*Card reported lost/ })).toBeTruthy();
    expect(screen.getByText(/next update due by/)).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('warns before the 24-hour limit, and Refresh now takes the server\'s list', async () => {
    const station = await renderTab({
      'admin-trust:get': async () => view({ warning: 'This station\'s revocation list is due in 2 h 10 min: after that operators cannot sign in here until it reaches the central server. Refresh it now.' }),
      'admin-trust:refresh': async () => view(),
    });
    expect(screen.getByText(/due in 2 h 10 min/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Refresh now' }));
    await act(async () => {});
    expect(station.calls.some((c) => c.channel === 'admin-trust:refresh')).toBe(true);
    expect(screen.getByText('This station has the central server\'s current revocation list.')).toBeTruthy();
    expect(screen.queryByText(/due in 2 h 10 min/)).toBeNull();
  });

  it('offline: read-only with the station\'s copy, labelled, and why', async () => {
    await renderTab({
      'admin-trust:get': async () => view({ source: { kind: 'station-copy', offlineReason: 'The central server could not be reached.', copyCheckedAt: '2026-12-07T08:00:00.000Z' }, cas: [] }),
    });
    expect(screen.getByText('Read-only: the central server cannot be reached')).toBeTruthy();
    expect(screen.getByText(/the revocation list from this station's copy/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Refresh now' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
