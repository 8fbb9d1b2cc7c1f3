// @vitest-environment jsdom
import { ThemeProvider } from '@mui/material/styles';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../shared/contract';
import { theme } from '../../app/theme';
import { followSync } from '../../stores/sync-store';
import { fakeStation } from '../../test-support/station-fake';
import { sampleSyncStatus } from '../../test-support/samples';
import { SyncPage } from './SyncPage';
import { withStation } from '../../test-support/with-station';

let stop: (() => void) | undefined;
const SERVER = 'https://credentials.example.org';

async function renderSync(overrides: Parameters<typeof fakeStation>[0] = {}) {
  const station = fakeStation(overrides);
  stop = followSync(station.station);
  render(
    <ThemeProvider theme={theme}>
      <MemoryRouter initialEntries={['/sync']}>
        <Routes>
          <Route path="/sync" element={<SyncPage />} />
          <Route path="/reviews" element={<p>Needs review page</p>} />
        </Routes>
      </MemoryRouter>
    </ThemeProvider>, { wrapper: withStation(station.station) });
  await act(async () => {});
  return station;
}

const offline = sampleSyncStatus({
  state: 'offline',
  serverUrl: SERVER,
  waiting: 3,
  lastAttemptAt: '2025-03-12T10:45:00.000Z',
  nextAttemptAt: '2025-03-12T10:46:00.000Z',
  lastError: { problem: 'unreachable', message: 'connect ECONNREFUSED 10.0.0.5:443', at: '2025-03-12T10:45:00.000Z' },
  clockOffsetMs: 3 * 60_000,
  employeeNumbersLeft: 12,
  openReviews: 2,
});

describe('Sync page', () => {
  afterEach(() => {
    stop?.();
    cleanup();
  });

  it('says in plain words why the last attempt failed and what to do', async () => {
    await renderSync({ 'sync:status': async () => offline });
    expect(screen.getByRole('heading', { name: 'Sync' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe(
      'Offline: work continues on this station; 3 changes will be sent when the server answers.',
    );
    expect(
      screen.getByText(
        'Work continues on this station; changes are kept and sent when it answers again. Check the network cable or ask IT if this lasts.',
      ),
    ).toBeTruthy();
    expect(screen.getByText('Server says: connect ECONNREFUSED 10.0.0.5:443')).toBeTruthy();
    expect(screen.getByText(SERVER, { selector: 'dd' })).toBeTruthy();
    expect(screen.getByText('3 changes kept on this station, not yet on the server')).toBeTruthy();
    expect(screen.getByText('Next automatic attempt')).toBeTruthy();
    expect(screen.getByText("This computer's clock is 3 min behind the server; the server's time is used.")).toBeTruthy();
    expect(screen.getByText(/Few Employee Numbers left\. Connect to the server to get more/)).toBeTruthy();
    fireEvent.click(screen.getByRole('link', { name: '2 possible duplicates need review' }));
    expect(await screen.findByText('Needs review page')).toBeTruthy();
  });

  it('tells a revoked station that its changes are kept and whom to call', async () => {
    await renderSync({
      'sync:status': async () => ({ ...offline, lastError: { problem: 'revoked', message: 'Station revoked', at: '2025-03-12T10:45:00.000Z' } }),
    });
    expect(screen.getByText(/can no longer sync\. Changes are kept on this station and nothing is lost\. Call the site administrator/)).toBeTruthy();
  });

  it('shows a change the server refused and an audit trail it did not accept, in words', async () => {
    await renderSync({
      'sync:status': async () => ({
        ...offline,
        state: 'online',
        lastError: null,
        lastRefusal: { message: 'The server refused a change: You enrolled this person, so another supervisor must approve their credential.', at: '2025-03-12T10:45:00.000Z' },
        auditProblem: "The central server refused this station's audit trail: Entry 7 was changed after it was written.",
      }),
    });
    expect(screen.getByText(/^The server refused a change \(at /)).toBeTruthy();
    expect(screen.getByText(/another supervisor must approve their credential/)).toBeTruthy();
    expect(screen.getByText('Audit trail not accepted by the server')).toBeTruthy();
    expect(screen.getByText(/Entry 7 was changed after it was written/)).toBeTruthy();
  });

  it('Sync now asks the station at once and says Syncing… meanwhile', async () => {
    let answer: (value: SyncStatus) => void = () => undefined;
    const station = await renderSync({
      'sync:status': async () => offline,
      'sync:now': () => new Promise((resolve) => (answer = resolve)),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    expect(station.calls.filter((c) => c.channel === 'sync:now')).toHaveLength(1);
    const busy = screen.getByRole('button', { name: 'Syncing…' }) as HTMLButtonElement;
    expect(busy.disabled).toBe(true);
    await act(async () => answer(sampleSyncStatus({ state: 'online', serverUrl: SERVER })));
    expect(screen.getByRole('status').textContent).toBe('Online: everything saved on this station is on the central server.');
    expect((screen.getByRole('button', { name: 'Sync now' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('registers the station with the token as pasted, trimmed and in capitals', async () => {
    const station = await renderSync();
    expect(screen.getByRole('status').textContent).toMatch(/^Not connected to a server/);
    expect(screen.queryByRole('button', { name: 'Sync now' })).toBeNull();
    fireEvent.change(screen.getByLabelText(/Server address/), { target: { value: `  ${SERVER} ` } });
    fireEvent.change(screen.getByLabelText(/Station enrollment token/), { target: { value: ' est-abcde-12345-fghij-67890-klmno ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Register station' }));
    await act(async () => {});
    expect(station.calls.find((c) => c.channel === 'sync:register')?.input).toEqual({
      serverUrl: SERVER,
      token: 'EST-ABCDE-12345-FGHIJ-67890-KLMNO',
    });
    expect(screen.getByText(SERVER, { selector: 'strong' }).parentElement?.textContent).toBe(`Registered with ${SERVER}`);
    const done = screen.getByText(`Station registered. It now shares its work with ${SERVER}.`);
    expect(document.activeElement?.contains(done)).toBe(true);
    expect(screen.getByRole('button', { name: 'Sync now' })).toBeTruthy();
  });

  it("shows the station's field errors on the fields", async () => {
    const station = await renderSync({
      'sync:register': () =>
        Promise.reject({
          code: 'VALIDATION_FAILED',
          message: 'Invalid input',
          details: { fieldErrors: { token: ['A station enrollment token looks like EST-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX'] } },
        }),
    });
    fireEvent.change(screen.getByLabelText(/Server address/), { target: { value: SERVER } });
    fireEvent.change(screen.getByLabelText(/Station enrollment token/), { target: { value: 'EST-ABCDE-12345-FGHIJ-67890-KLMNO' } });
    fireEvent.click(screen.getByRole('button', { name: 'Register station' }));
    await act(async () => {});
    const token = screen.getByLabelText(/Station enrollment token/);
    expect(token.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('A station enrollment token looks like EST-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX')).toBeTruthy();
    expect(document.activeElement).toBe(token);
    expect(station.calls.filter((c) => c.channel === 'sync:register')).toHaveLength(1);
  });

  it('checks the fields before asking the station', async () => {
    const station = await renderSync();
    fireEvent.change(screen.getByLabelText(/Server address/), { target: { value: 'credentials.example.org' } });
    fireEvent.click(screen.getByRole('button', { name: 'Register station' }));
    await act(async () => {});
    expect(screen.getByLabelText(/Server address/).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText(/Station enrollment token/).getAttribute('aria-invalid')).toBe('true');
    expect(station.calls.some((c) => c.channel === 'sync:register')).toBe(false);
  });

  it('shows a refused registration with the server’s reason', async () => {
    await renderSync({ 'sync:register': () => Promise.reject({ code: 'REGISTRATION_REFUSED', message: 'This token was already used.' }) });
    fireEvent.change(screen.getByLabelText(/Server address/), { target: { value: SERVER } });
    fireEvent.change(screen.getByLabelText(/Station enrollment token/), { target: { value: 'EST-ABCDE-12345-FGHIJ-67890-KLMNO' } });
    fireEvent.click(screen.getByRole('button', { name: 'Register station' }));
    await act(async () => {});
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toMatch(/Registration refused/);
    expect(alert.textContent).toMatch(/Station says: This token was already used\./);
    expect(document.activeElement).toBe(alert);
  });
});
