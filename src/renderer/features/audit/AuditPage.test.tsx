// @vitest-environment jsdom
import { ThemeProvider } from '@mui/material/styles';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { theme } from '../../app/theme';
import { followSession, useSession } from '../../stores/session-store';
import { fakeStation } from '../../test-support/station-fake';
import { sampleAuditEntry, sampleAuditPage, signedInSession } from '../../test-support/samples';
import { AuditPage } from './AuditPage';
import { withStation } from '../../test-support/with-station';

let stops: (() => void)[] = [];

/** jsdom's Blob has no text(): read it the old way. */
function blobText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

async function renderAudit(overrides: Parameters<typeof fakeStation>[0] = {}) {
  const station = fakeStation({ 'session:get': async () => signedInSession(['supervisor']), ...overrides });
  stops = [followSession(station.station)];
  render(
    <ThemeProvider theme={theme}>
      <MemoryRouter initialEntries={['/audit']}>
        <Routes>
          <Route path="/audit" element={<AuditPage />} />
          <Route path="/applicants/:employeeNumber/:tab?" element={<p>Applicant page</p>} />
        </Routes>
      </MemoryRouter>
    </ThemeProvider>, { wrapper: withStation(station.station) });
  await act(async () => {});
  return station;
}

const entries = [
  sampleAuditEntry({ seq: 3, at: '2025-03-12T14:00:00.000Z', action: 'credential.rejected', operator: 'Grace Hopper', summary: 'PIV Card – Contractor rejected: no ID' }),
  sampleAuditEntry({ seq: 2, at: '2025-03-12T13:30:00.000Z', action: 'operator.signed-in', employeeNumber: undefined, operator: 'Grace Hopper', summary: 'Grace Hopper signed in' }),
  sampleAuditEntry({ seq: 1 }),
];

describe('Audit trail', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    for (const stop of stops) stop();
    useSession.setState({ status: 'loading' }, true);
    cleanup();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('says the trail is intact and how far the server has it, then lists the entries in words', async () => {
    await renderAudit({ 'audit:list': async () => sampleAuditPage(entries, { acknowledgedHead: { seq: 2, hash: '2'.repeat(64) } }) });
    expect(screen.getByText('Audit trail intact: 3 entries, each linked and signed; last delivered to the server: entry 2')).toBeTruthy();
    const table = screen.getByRole('table', { name: 'Audit trail' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['When', 'Action', 'Person', 'Operator', 'Station', 'Summary']);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[1]!.textContent)).toEqual(['Credential rejected', 'Operator signed in', 'Applicant added']);
    expect(within(rows[0]!).getByRole('link', { name: 'Employee Number 10000001' }).getAttribute('href')).toBe('/applicants/10000001/history');
    expect(within(rows[1]!).queryByRole('link')).toBeNull();
  });

  it('lists each finding when the trail is damaged', async () => {
    await renderAudit({
      'audit:list': async () =>
        sampleAuditPage(entries, {
          ok: false,
          findings: [
            { seq: 2, problem: 'hash-mismatch', message: 'Entry 2 was changed after it was written (its hash does not match its contents).' },
            { seq: 3, problem: 'broken-link', message: 'Entry 3 does not link to the entry before it: an entry was changed, removed or moved.' },
          ],
        }),
    });
    const banner = screen.getByText('Audit trail damaged: 2 problems found').closest('[role="alert"]') as HTMLElement;
    expect(within(banner).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Entry 2 was changed after it was written (its hash does not match its contents).',
      'Entry 3 does not link to the entry before it: an entry was changed, removed or moved.',
    ]);
    expect(screen.queryByText(/Audit trail intact/)).toBeNull();
  });

  it('searches as the supervisor types', async () => {
    const station = await renderAudit({ 'audit:list': async (q) => sampleAuditPage(q?.text ? entries.slice(0, 1) : entries) });
    fireEvent.change(screen.getByRole('textbox', { name: 'Search the audit trail' }), { target: { value: 'rejected' } });
    await act(async () => vi.advanceTimersByTimeAsync(400));
    expect(station.calls.filter((c) => c.channel === 'audit:list').at(-1)?.input).toEqual({ text: 'rejected', limit: 200 });
    expect(screen.getByText('1 entry match “rejected”, newest first.')).toBeTruthy();
  });

  it('downloads the CSV and the signed bundle under the station’s file names', async () => {
    const created: Blob[] = [];
    vi.stubGlobal('URL', Object.assign(Object.create(URL) as typeof URL, {
      createObjectURL: (blob: Blob) => {
        created.push(blob);
        return `blob:audit-${created.length}`;
      },
      revokeObjectURL: () => undefined,
    }));
    const clicked: { href: string; download: string }[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.getAttribute('href') ?? '', download: this.download });
    });
    const station = await renderAudit({ 'audit:list': async () => sampleAuditPage(entries) });

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Export CSV' })));
    expect(station.calls.find((c) => c.channel === 'audit:export')?.input).toEqual({ format: 'csv' });
    expect(clicked).toEqual([{ href: 'blob:audit-1', download: 'audit-front-desk-1.csv' }]);
    expect(created[0]!.type).toBe('text/csv');
    expect(await blobText(created[0]!)).toMatch(/^seq,at,action/);
    expect(screen.getByText('Saved as audit-front-desk-1.csv in your downloads.')).toBeTruthy();

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Export signed bundle' })));
    expect(clicked[1]).toEqual({ href: 'blob:audit-2', download: 'audit-front-desk-1.json' });
    expect(created[1]!.type).toBe('application/json');
    click.mockRestore();
  });

  it('says in words when the export fails', async () => {
    await renderAudit({ 'audit:list': async () => sampleAuditPage(entries), 'audit:export': () => Promise.reject({ code: 'STORE_UNREADABLE', message: 'damaged' }) });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Export CSV' })));
    expect(screen.getByText('Station records cannot be read')).toBeTruthy();
  });
});
