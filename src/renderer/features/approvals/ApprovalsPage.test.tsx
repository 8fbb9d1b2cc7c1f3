// @vitest-environment jsdom
import { ThemeProvider } from '@mui/material/styles';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../../shared/contract';
import { theme } from '../../app/theme';
import { followSession, useSession } from '../../stores/session-store';
import { fakeStation } from '../../test-support/station-fake';
import { sampleApproval, signedInSession } from '../../test-support/samples';
import { ApprovalsPage } from './ApprovalsPage';
import { withStation } from '../../test-support/with-station';

let stops: (() => void)[] = [];

async function renderApprovals(overrides: Parameters<typeof fakeStation>[0] = {}) {
  const station = fakeStation({ 'session:get': async () => signedInSession(['supervisor']), ...overrides });
  stops = [followSession(station.station)];
  render(
    <ThemeProvider theme={theme}>
      <MemoryRouter initialEntries={['/approvals']}>
        <Routes>
          <Route path="/approvals" element={<ApprovalsPage />} />
          <Route path="/applicants/:employeeNumber/:tab?" element={<p>Applicant page</p>} />
        </Routes>
      </MemoryRouter>
    </ThemeProvider>, { wrapper: withStation(station.station) });
  await act(async () => {});
  return station;
}

const ada = sampleApproval();
const bob = sampleApproval({
  deviceId: 'dev-2',
  credentialId: 'cred-2',
  employeeNumber: '10000002',
  holderName: 'Bob Byte',
  cardType: 'contactless-uid',
  deviceSerialNumber: '04A1B2C3D4',
  requestedBy: 'Grace Hopper',
  mayDecide: false,
  whyNot: 'You enrolled this person: another supervisor must decide',
});

describe('Approvals', () => {
  afterEach(() => {
    for (const stop of stops) stop();
    useSession.setState({ status: 'loading' }, true);
    cleanup();
  });

  it('lists each pending credential: person, credential type, device, requested by, station, when', async () => {
    await renderApprovals({ 'approvals:list': async () => [ada] });
    const table = screen.getByRole('table', { name: 'Credentials waiting for approval' });
    const headers = within(table).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['Person', 'Credential type', 'Device', 'Requested by', 'Station', 'Requested', 'Decision']);
    const row = within(table).getAllByRole('row')[1]!;
    expect(within(row).getByRole('link', { name: 'Ada Lovelace' }).getAttribute('href')).toBe('/applicants/10000001/credentials');
    expect(within(row).getByText('Employee Number 10000001')).toBeTruthy();
    expect(within(row).getByText('PIV Card – Contractor')).toBeTruthy();
    expect(within(row).getByText('PIV card')).toBeTruthy();
    expect(within(row).getByText('4D2A9C1170001')).toBeTruthy();
    expect(within(row).getByText('Sam Clerk')).toBeTruthy();
    expect(within(row).getByText('Front Desk 1')).toBeTruthy();
    expect(within(row).getByText((_, el) => el?.tagName === 'TIME').getAttribute('datetime')).toBe('2025-03-12T13:10:05.000Z');
  });

  it('approves: the row leaves the list and a confirmation says so', async () => {
    let list: ApprovalRequest[] = [ada];
    const station = await renderApprovals({ 'approvals:list': async () => list });
    list = [];
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Approve PIV Card – Contractor for Ada Lovelace (10000001)' })));
    expect(station.calls.find((c) => c.channel === 'approvals:decide')?.input).toEqual({
      deviceId: 'dev-1',
      credentialId: 'cred-1',
      decision: 'approve',
      reason: '',
    });
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Approved: PIV Card – Contractor for Ada Lovelace (10000001) is ISSUED.');
    expect(screen.getByText('No credentials are waiting for approval.')).toBeTruthy();
  });

  it('rejects only with a reason of at least 3 characters', async () => {
    const station = await renderApprovals({ 'approvals:list': async () => [ada] });
    fireEvent.click(screen.getByRole('button', { name: 'Reject PIV Card – Contractor for Ada Lovelace (10000001)' }));
    const dialog = screen.getByRole('dialog', { name: 'Reject this credential?' });
    const reason = within(dialog).getByRole('textbox', { name: /Reason for rejecting/ });
    expect(document.activeElement).toBe(reason);
    fireEvent.change(reason, { target: { value: ' no ' } });
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Reject' })));
    expect(within(dialog).getByText('Give a reason of at least 3 characters to reject.')).toBeTruthy();
    expect(station.calls.some((c) => c.channel === 'approvals:decide')).toBe(false);

    fireEvent.change(reason, { target: { value: 'Identity document not presented' } });
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Reject' })));
    expect(station.calls.find((c) => c.channel === 'approvals:decide')?.input).toEqual({
      deviceId: 'dev-1',
      credentialId: 'cred-1',
      decision: 'reject',
      reason: 'Identity document not presented',
    });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('status').textContent).toMatch(/^Rejected: PIV Card – Contractor for Ada Lovelace \(10000001\)\. Reason: Identity document not presented$/);
  });

  it('keeps Approve and Reject off where four eyes forbid, saying why', async () => {
    await renderApprovals({ 'approvals:list': async () => [ada, bob] });
    const approveBob = screen.getByRole('button', { name: 'Approve PIV Card – Contractor for Bob Byte (10000002)' }) as HTMLButtonElement;
    const rejectBob = screen.getByRole('button', { name: 'Reject PIV Card – Contractor for Bob Byte (10000002)' }) as HTMLButtonElement;
    expect(approveBob.disabled).toBe(true);
    expect(rejectBob.disabled).toBe(true);
    expect(screen.getByText('You enrolled this person: another supervisor must decide')).toBeTruthy();
    expect(approveBob.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(approveBob.getAttribute('aria-describedby')!)?.textContent).toBe('You enrolled this person: another supervisor must decide');
    expect((screen.getByRole('button', { name: 'Approve PIV Card – Contractor for Ada Lovelace (10000001)' }) as HTMLButtonElement).disabled).toBe(false);
    expect(screen.getByText('Contactless card')).toBeTruthy();
  });

  it('says when nothing is waiting, and reloads when a credential arrives', async () => {
    let list: ApprovalRequest[] = [];
    const station = await renderApprovals({ 'approvals:list': async () => list });
    expect(screen.getByText('No credentials are waiting for approval.')).toBeTruthy();
    list = [ada];
    await act(async () => station.emit('approvals:changed', { pending: 1 }));
    expect(screen.getByRole('link', { name: 'Ada Lovelace' })).toBeTruthy();
  });

  it('says in words when another supervisor decided first', async () => {
    await renderApprovals({
      'approvals:list': async () => [ada],
      'approvals:decide': () => Promise.reject({ code: 'APPROVAL_NOT_FOUND', message: 'not pending' }),
    });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: /^Approve/ })));
    expect(screen.getByText('Nothing to approve')).toBeTruthy();
  });
});
