// @vitest-environment jsdom
import { ThemeProvider } from '@mui/material/styles';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReaderDiagnostics } from '../../../shared/contract/devices';
import { ReadersChip } from '../../app/ReadersChip';
import { theme } from '../../app/theme';
import { followReaders } from '../../stores/readers-store';
import { fakeStation } from '../../test-support/station-fake';
import { readerStatus, SAMPLE_READER } from '../../test-support/samples';
import { DevicesPage } from './DevicesPage';
import { readerDiagnosticsPath } from './paths';
import { ReaderDiagnosticsPage } from './ReaderDiagnosticsPage';
import { withStation } from '../../test-support/with-station';

type Overrides = Parameters<typeof fakeStation>[0];
let stopReaders: (() => void) | undefined;

async function renderAt(path: string, overrides: Overrides = {}) {
  const station = fakeStation({ 'readers:status': async () => readerStatus(true), ...overrides });
  stopReaders = followReaders(station.station);
  render(
    <ThemeProvider theme={theme}>
      <MemoryRouter initialEntries={[path]}>
        <ReadersChip />
        <Routes>
          <Route path="/devices" element={<DevicesPage />} />
          <Route path="/devices/:readerName" element={<ReaderDiagnosticsPage />} />
          <Route path="/search" element={<p>Search page</p>} />
        </Routes>
      </MemoryRouter>
    </ThemeProvider>, { wrapper: withStation(station.station) });
  await act(async () => {});
  return station;
}

const diagnostics: ReaderDiagnostics = {
  readerName: SAMPLE_READER,
  cardPresent: true,
  atr: '3B 88 80 01 00 73 C8 40 13 00 90 00 71',
  atrExplained: ['TS = 3B: direct convention', 'T0 = 88: historical bytes 8, TD1 follows'],
  cardFamily: 'PIV card (NIST SP 800-73)',
  apduLog: [
    { at: '2025-03-12T13:10:04.100Z', card: { number: 1, atr: '3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A' }, command: 'FF CA 00 00 00', response: '04 A2 3B 7A', status: '90 00 OK', ms: 12.4 },
    { at: '2025-03-12T13:10:04.200Z', card: { number: 2, atr: '3B 88 80 01 00 73 C8 40 13 00 90 00 71' }, command: '00 20 00 80 08 ** ** ** ** ** ** ** **', response: '', status: '63 C2 wrong PIN, 2 tries left', ms: 31 },
  ],
};

describe('readers in the top bar and the Devices page', () => {
  afterEach(() => {
    stopReaders?.();
    cleanup();
  });

  it('names the readers on the top bar and opens Devices', async () => {
    const station = await renderAt('/search');
    const chip = screen.getByRole('link', { name: `Readers: 1 · card in ${SAMPLE_READER}` });
    await act(async () => station.emit('readers:changed', { pcsc: 'service-not-running', readers: [] }));
    expect(screen.getByRole('link', { name: 'PC/SC service not running' })).toBe(chip);
    fireEvent.click(chip);
    expect(await screen.findByRole('heading', { name: 'Devices' })).toBeTruthy();
    expect(screen.getAllByText('PC/SC service not running').length).toBeGreaterThanOrEqual(2);
    expect(screen.getByText(/Start the smart card service/)).toBeTruthy();
  });

  it('lists the readers and the card in each, live', async () => {
    const station = await renderAt('/devices');
    const row = screen.getByRole('row', { name: new RegExp(SAMPLE_READER) });
    expect(within(row).getByText('Card in the reader')).toBeTruthy();
    await act(async () => station.emit('readers:changed', readerStatus(false)));
    expect(within(screen.getByRole('row', { name: new RegExp(SAMPLE_READER) })).getByText('No card')).toBeTruthy();
    await act(async () => station.emit('readers:changed', { pcsc: 'running', readers: [] }));
    expect(screen.getByText('No card reader found')).toBeTruthy();
    expect(screen.getByText(/Verify the USB connection/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'No card reader' })).toBeTruthy();
  });

  it("opens a reader's Diagnostics: ATR, its breakdown, card family and the APDU log", async () => {
    const station = await renderAt('/devices', { 'readers:diagnostics': async () => diagnostics });
    fireEvent.click(screen.getByRole('link', { name: `Diagnostics for ${SAMPLE_READER}` }));
    expect(await screen.findByRole('heading', { name: SAMPLE_READER })).toBeTruthy();
    // The ATR of the card in the reader, and the same ATR on card 2's entry in the log.
    expect(await screen.findAllByText('3B 88 80 01 00 73 C8 40 13 00 90 00 71')).toHaveLength(2);
    expect(screen.getByText('TS = 3B: direct convention')).toBeTruthy();
    expect(screen.getByText('PIV card (NIST SP 800-73)')).toBeTruthy();
    const log = screen.getByRole('table', { name: 'APDU log' });
    for (const header of ['Time', 'Card', 'Command', 'Response', 'Status', 'ms']) expect(within(log).getByRole('columnheader', { name: header })).toBeTruthy();
    const rows = within(log).getAllByRole('row').slice(1);
    // Newest first: the last exchange is where support starts.
    expect(within(rows[0]!).getByText('63 C2 wrong PIN, 2 tries left')).toBeTruthy();
    expect(within(rows[0]!).getByText('31')).toBeTruthy();
    expect(within(rows[1]!).getByText('12')).toBeTruthy();
    // Each entry says which card it came from: its number in this reader and its ATR.
    expect(within(rows[0]!).getByText('Card 2')).toBeTruthy();
    expect(within(rows[0]!).getByLabelText('ATR 3B 88 80 01 00 73 C8 40 13 00 90 00 71')).toBeTruthy();
    expect(within(rows[1]!).getByText('Card 1')).toBeTruthy();
    expect(within(rows[1]!).getByText('3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A')).toBeTruthy();
    expect(station.calls.filter((c) => c.channel === 'readers:diagnostics')).toEqual([{ channel: 'readers:diagnostics', input: { readerName: SAMPLE_READER } }]);

    // A card taken out is diagnosed again, without a click.
    await act(async () => station.emit('readers:changed', readerStatus(false)));
    expect(station.calls.filter((c) => c.channel === 'readers:diagnostics')).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Read again' }));
    await act(async () => {});
    expect(station.calls.filter((c) => c.channel === 'readers:diagnostics')).toHaveLength(3);
  });

  it('explains a reader that is gone and leads back to Devices', async () => {
    await renderAt(readerDiagnosticsPath('OMNIKEY CardMan 3121 00 00'), {
      'readers:diagnostics': () =>
        Promise.reject({ code: 'DEVICE_NOT_FOUND', message: 'Device not found: there is no reader "OMNIKEY CardMan 3121 00 00".', details: { readerName: 'x' } }),
    });
    expect(await screen.findByText('Device not found')).toBeTruthy();
    fireEvent.click(screen.getByRole('link', { name: 'Back to Devices' }));
    expect(await screen.findByRole('heading', { name: 'Devices' })).toBeTruthy();
  });
});
