// @vitest-environment jsdom
import { ThemeProvider } from '@mui/material/styles';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { CredentialTypeImpact, CredentialTypeListResponse } from '../../../shared/contract/admin-credential-types';
import { DEFAULT_CREDENTIAL_TYPES } from '../../../shared/domain/credential-types';
import { theme } from '../../app/theme';
import { followSession, useSession } from '../../stores/session-store';
import { fakeStation } from '../../test-support/station-fake';
import { signedInSession } from '../../test-support/samples';
import { withStation } from '../../test-support/with-station';
import { CredentialTypesTab } from './CredentialTypesTab';

const piv = DEFAULT_CREDENTIAL_TYPES[2]!;
const visitor = { ...DEFAULT_CREDENTIAL_TYPES[3]!, retired: true };
const listed: CredentialTypeListResponse = {
  credentialTypes: [
    { type: piv, usage: { applicants: 5, credentials: { ISSUED: 12 } } },
    { type: visitor, usage: { applicants: 2, credentials: {} } },
  ],
};

let stops: (() => void)[] = [];
async function renderTab(handlers: Parameters<typeof fakeStation>[0]) {
  const station = fakeStation({ 'session:get': async () => signedInSession(['administrator']), ...handlers });
  stops = [followSession(station.station)];
  render(
    <ThemeProvider theme={theme}>
      <MemoryRouter>
        <CredentialTypesTab />
      </MemoryRouter>
    </ThemeProvider>,
    { wrapper: withStation(station.station) },
  );
  await act(async () => {});
  return station;
}
const click = async (name: string | RegExp) => act(async () => void fireEvent.click(screen.getByRole('button', { name })));

describe('Administration › Credential types', () => {
  afterEach(() => {
    for (const stop of stops) stop();
    useSession.setState({ status: 'loading' }, true);
    cleanup();
  });

  it('lists the types with their counts and shows a retired one as retired', async () => {
    await renderTab({ 'admin-credential-types:list': async () => listed });
    const table = screen.getByRole('table', { name: 'Credential types and policies' });
    expect(within(table).getByRole('row', { name: /PIV Card – Employee.*5.*12 ISSUED.*In use/ })).toBeTruthy();
    expect(within(table).getByRole('row', { name: /Proximity Card – Visitor.*Retired/ })).toBeTruthy();
  });

  it('an edit is reviewed first: the server\'s statement is shown, then Save sends the same change', async () => {
    const impact: CredentialTypeImpact = {
      credentialType: { ...piv, policy: { ...piv.policy, supervisorApprovalRequired: true } },
      changed: true,
      statements: ['Supervisor approval: applies to devices enrolled from now on; the 12 credentials already issued stay ISSUED.'],
      usage: { applicants: 5, credentials: { ISSUED: 12 } },
    };
    const calls: unknown[] = [];
    await renderTab({
      'admin-credential-types:list': async () => listed,
      'admin-credential-types:preview': async (input) => (calls.push(['preview', input]), impact),
      'admin-credential-types:update': async (input) => (calls.push(['update', input]), impact),
    });
    await click('Edit PIV Card – Employee');
    fireEvent.click(screen.getByRole('switch', { name: 'Supervisor approval for new credentials' }));
    await click('Review change');
    expect(screen.getByText(/the 12 credentials already issued stay ISSUED/)).toBeTruthy();
    expect(calls).toHaveLength(1);
    await click('Save');
    expect(calls[1]).toEqual(['update', { id: 'piv-card-employee', change: expect.objectContaining({ policy: expect.objectContaining({ supervisorApprovalRequired: true }) }) }]);
    expect(screen.getByText(/is saved\. Every station follows/)).toBeTruthy();
  });

  it('refuses a bad id before asking, and shows the server\'s refusal in words', async () => {
    await renderTab({
      'admin-credential-types:list': async () => listed,
      'admin-credential-types:create': async () => {
        throw { code: 'ADMIN_REFUSED', message: 'A credential type with id "piv-card-employee" already exists (retired types keep their id). Choose another id, or edit that type.' };
      },
    });
    await click('New credential type');
    fireEvent.change(screen.getByLabelText(/^Id/), { target: { value: 'Bad Id' } });
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Something' } });
    await click('Create');
    expect(screen.getByText('Use lower-case letters, digits and hyphens')).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/^Id/), { target: { value: 'piv-card-employee' } });
    await click('Create');
    expect(screen.getByText(/already exists/)).toBeTruthy();
  });

  it('offline: read-only, says why, and shows the station\'s copy', async () => {
    await renderTab({
      'admin-credential-types:list': async () => {
        throw { code: 'ADMIN_OFFLINE', message: 'The central server did not answer. Administration is read-only until the server answers again.' };
      },
      'credential-types:list': async () => [piv],
    });
    await act(async () => {});
    expect(screen.getByText('Read-only: the central server cannot be reached')).toBeTruthy();
    expect(screen.getByRole('row', { name: /PIV Card – Employee/ })).toBeTruthy();
    expect((screen.getByRole('button', { name: 'New credential type' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
