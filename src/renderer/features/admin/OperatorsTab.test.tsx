// @vitest-environment jsdom
import { ThemeProvider } from '@mui/material/styles';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { OperatorDetail, OperatorsView, PendingGrant } from '../../../shared/contract';
import { theme } from '../../app/theme';
import { followSession, useSession } from '../../stores/session-store';
import { useReaders } from '../../stores/readers-store';
import { fakeStation } from '../../test-support/station-fake';
import { SAMPLE_READER, signedInSession } from '../../test-support/samples';
import { withStation } from '../../test-support/with-station';
import { OperatorsTab } from './OperatorsTab';

const ME = 'a'.repeat(64);
/** The Administrator's own card is in SAMPLE_READER (signedInSession): the new operator's card is in this one. */
const NEW_CARD_READER = 'OMNIKEY 5022 CL 00 00';
const operator = (o: Partial<OperatorDetail>): OperatorDetail => ({
  fingerprint: 'b'.repeat(64),
  name: 'Clara Clerk',
  roles: ['clerk'],
  disabled: false,
  status: 'active',
  certificateSubject: 'Clara Clerk',
  certificateExpiresAt: '2027-05-01T00:00:00.000Z',
  addedAt: '2026-01-01T00:00:00.000Z',
  lastSignInAt: '2026-12-07T08:30:00.000Z',
  ...o,
});
const grant = (g: Partial<PendingGrant>): PendingGrant => ({
  id: '7f0c1a8e-3f64-4b0f-9d8e-0c1a2b3c4d5e',
  fingerprint: 'c'.repeat(64),
  name: 'Nora New',
  roles: ['administrator'],
  newOperator: true,
  certificateSubject: 'Nora New',
  requestedBy: 'd'.repeat(64),
  requestedByName: 'Abe Admin',
  requestedAt: '2026-12-07T09:00:00.000Z',
  ...g,
});
const online = (o: Partial<OperatorsView> = {}): OperatorsView => ({
  source: { kind: 'server', offlineReason: null, copyCheckedAt: null },
  operators: [operator({ fingerprint: ME, name: 'Alan Admin', roles: ['administrator'], certificateSubject: 'Alan Admin' }), operator({})],
  pendingGrants: [],
  me: ME,
  ...o,
});

let stops: (() => void)[] = [];
async function renderTab(handlers: Parameters<typeof fakeStation>[0]) {
  const station = fakeStation({ 'session:get': async () => signedInSession(['administrator']), ...handlers });
  stops = [followSession(station.station)];
  render(
    <ThemeProvider theme={theme}>
      <MemoryRouter>
        <OperatorsTab />
      </MemoryRouter>
    </ThemeProvider>,
    { wrapper: withStation(station.station) },
  );
  await act(async () => {});
  return station;
}

describe('Administration › Operators', () => {
  afterEach(() => {
    for (const stop of stops) stop();
    useSession.setState({ status: 'loading' }, true);
    cleanup();
  });

  it('lists operators: name, roles, certificate subject and expiry, status, last sign-in', async () => {
    await renderTab({ 'admin-operators:list': async () => online({ operators: [...online().operators, operator({ fingerprint: 'e'.repeat(64), name: 'Rex Revoked', certificateSubject: 'Rex Revoked', status: 'certificate-revoked', lastSignInAt: null })] }) });
    const table = screen.getByRole('table', { name: 'Operators' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Name', 'Roles', 'Certificate', 'Status', 'Last sign-in', 'Actions']);
    const clara = within(table).getByRole('row', { name: /Clara Clerk/ });
    expect(within(clara).getByText(/^Expires/)).toBeTruthy();
    expect(within(clara).getByText('Active')).toBeTruthy();
    const rex = within(table).getByRole('row', { name: /Rex Revoked/ });
    expect(within(rex).getByText('Certificate revoked')).toBeTruthy();
    expect(within(rex).getByText('Never')).toBeTruthy();
    expect(within(rex).queryByRole('button')).toBeNull();
    expect(within(within(table).getByRole('row', { name: /Alan Admin/ })).getByText('You')).toBeTruthy();
  });

  it('pending Administrator grants: Approve / Reject for another Administrator, not for the one who asked', async () => {
    const station = await renderTab({
      'admin-operators:list': async () => online({ pendingGrants: [grant({}), grant({ id: '8f0c1a8e-3f64-4b0f-9d8e-0c1a2b3c4d5e', name: 'Clara Clerk', newOperator: false, requestedBy: ME, requestedByName: 'Alan Admin' })] }),
      'admin-operators:decide-grant': async () => ({ grant: grant({}), decision: 'approved', operator: { fingerprint: 'c'.repeat(64), name: 'Nora New', roles: ['administrator'], disabled: false } }),
    });
    const pending = screen.getByRole('table', { name: 'Waiting for a second Administrator' });
    const mine = within(pending).getByRole('row', { name: /Clara Clerk/ });
    expect(within(mine).getByText('You asked for this: another Administrator decides.')).toBeTruthy();
    expect(within(mine).queryByRole('button', { name: /Approve/ })).toBeNull();
    fireEvent.click(within(pending).getByRole('button', { name: 'Approve Nora New' }));
    await act(async () => {});
    expect(screen.getByText('Approved: Nora New is now Administrator.')).toBeTruthy();
    expect(station.calls.find((c) => c.channel === 'admin-operators:decide-grant')?.input).toEqual({ grantId: grant({}).id, decision: 'approve', reason: '' });
  });

  it('adds an operator from the card in a reader (not the one holding the Administrator\'s own card); granting Administrator says it waits for approval', async () => {
    useReaders.setState({ status: 'ready', pcsc: 'running', readers: [{ name: SAMPLE_READER, cardPresent: true }, { name: NEW_CARD_READER, cardPresent: true }] });
    const station = await renderTab({
      'admin-operators:list': async () => online(),
      'admin-operators:add': async () => ({ outcome: 'pending', message: 'Adding "Nora New" as an Administrator waits for a second Administrator\'s approval.', fingerprint: 'c'.repeat(64), grant: grant({}) }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add operator' }));
    const dialog = screen.getByRole('dialog', { name: 'Add an operator' });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Nora New' } });
    fireEvent.click(within(dialog).getByLabelText('Administrator'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add operator' }));
    await act(async () => {});
    expect(station.calls.find((c) => c.channel === 'admin-operators:add')?.input).toEqual({ source: { kind: 'card', readerName: NEW_CARD_READER }, name: 'Nora New', roles: ['clerk', 'administrator'] });
    expect(screen.getByText(/waits for a second Administrator's approval/)).toBeTruthy();
  });

  it('a refused certificate is shown in the server\'s words and the dialog stays open', async () => {
    useReaders.setState({ status: 'ready', pcsc: 'running', readers: [{ name: SAMPLE_READER, cardPresent: true }, { name: NEW_CARD_READER, cardPresent: true }] });
    await renderTab({
      'admin-operators:list': async () => online(),
      'admin-operators:add': async () => {
        throw { code: 'ADMIN_REFUSED', message: 'The operator certificate of "Eve Expired" expired on 2025-01-01. Use a current certificate (issue the operator a new card).' };
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add operator' }));
    const dialog = screen.getByRole('dialog', { name: 'Add an operator' });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Eve' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add operator' }));
    await act(async () => {});
    expect(within(dialog).getByText('The central server refused this change')).toBeTruthy();
    expect(within(dialog).getByText(/expired on 2025-01-01/)).toBeTruthy();
  });

  it('one\'s own Administrator role cannot be unticked', async () => {
    await renderTab({ 'admin-operators:list': async () => online() });
    fireEvent.click(screen.getByRole('button', { name: 'Roles of Alan Admin' }));
    const dialog = screen.getByRole('dialog', { name: 'Roles of Alan Admin' });
    expect((within(dialog).getByLabelText('Administrator') as HTMLInputElement).disabled).toBe(true);
    expect(within(dialog).getByText(/You cannot remove your own Administrator role/)).toBeTruthy();
  });

  it('offline: read-only, says why, and shows the station\'s copy clearly labelled', async () => {
    await renderTab({
      'admin-operators:list': async () =>
        online({ source: { kind: 'station-copy', offlineReason: 'The central server at https://credentials.example.org could not be reached. Administration is read-only until the server answers again.', copyCheckedAt: '2026-12-07T07:00:00.000Z' } }),
    });
    expect(screen.getByText('Read-only: the central server cannot be reached')).toBeTruthy();
    expect(screen.getByText(/this station's copy of the registry/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Add operator' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Disable Clara Clerk' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
