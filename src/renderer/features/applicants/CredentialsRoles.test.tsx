// @vitest-environment jsdom
import { ThemeProvider } from '@mui/material/styles';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/domain/roles';
import { followSession, useSession } from '../../stores/session-store';
import { fakeStation } from '../../test-support/station-fake';
import { activeMobileCredential, sampleDevice, signedInSession } from '../../test-support/samples';
import { renderCredentials } from '../../test-support/render-credentials-tab';
import { theme } from '../../app/theme';
import { AddApplicantPage } from './AddApplicantPage';
import { withStation } from '../../test-support/with-station';

let stop: (() => void) | undefined;

async function signedInAs(roles: Role[]) {
  const station = fakeStation({ 'session:get': async () => signedInSession(roles) });
  stop = followSession(station.station);
  await act(async () => {});
}

function menuItem(name: string) {
  const item = screen.getByRole('menuitem', { name });
  const reasonId = item.getAttribute('aria-describedby');
  return { off: item.getAttribute('aria-disabled') === 'true', reason: reasonId ? document.getElementById(reasonId)?.textContent : undefined };
}

describe('Credentials tab by role', () => {
  afterEach(() => {
    stop?.();
    useSession.setState({ status: 'loading' }, true);
    cleanup();
  });

  it('a supervisor cannot enroll a device or issue an invitation, and is told who may', async () => {
    await signedInAs(['supervisor']);
    await renderCredentials({ mobiles: [activeMobileCredential()] });
    const add = screen.getByRole('button', { name: '+ Device' }) as HTMLButtonElement;
    expect(add.disabled).toBe(true);
    const wrapper = add.parentElement!;
    expect(document.getElementById(wrapper.getAttribute('aria-describedby')!)?.textContent).toBe('Only a Clerk may enroll devices.');
    fireEvent.click(screen.getByRole('button', { name: 'Action' }));
    expect(menuItem('Pick up your HID Mobile Credential')).toEqual({ off: true, reason: 'Only a Clerk may issue mobile credential invitations.' });
    expect(menuItem('Suspend')).toEqual({ off: false, reason: undefined });
  });

  it('a clerk enrolls, but Suspend, Resume and Revoke are a supervisor’s', async () => {
    await signedInAs(['clerk']);
    await renderCredentials({ mobiles: [activeMobileCredential()] });
    expect((screen.getByRole('button', { name: '+ Device' }) as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Action' }));
    expect(menuItem('Suspend')).toEqual({ off: true, reason: 'Only a Supervisor may suspend, resume or revoke credentials.' });
  });
});

describe('what a supervisor decided, on the Credentials tab', () => {
  afterEach(cleanup);

  it('Pending: says the credential requires supervisor approval', async () => {
    await renderCredentials({ pending: true });
    const devices = screen.getByRole('table', { name: 'Devices' });
    expect(within(devices).getByText('PENDING')).toBeTruthy();
    expect(within(devices).getByText((_, el) => el?.tagName === 'P' && el.textContent === 'Pending approval: credential requires supervisor approval.')).toBeTruthy();
  });

  it('REJECTED: says who rejected it and why', async () => {
    await renderCredentials({
      'devices:report': async () => [
        sampleDevice({
          credentials: [
            {
              id: 'cred-1',
              credentialTypeId: 'mobile-pacs-employee',
              status: 'REJECTED',
              issuedAt: '2025-03-12T13:10:05.000Z',
              decision: { decision: 'reject', reason: 'No identity document', decidedBy: 'Grace Hopper', decidedAt: '2025-03-12T14:00:00.000Z' },
            },
          ],
        }),
      ],
    });
    const devices = screen.getByRole('table', { name: 'Devices' });
    expect(within(devices).getByText('REJECTED')).toBeTruthy();
    expect(within(devices).getByText(/^Rejected by Grace Hopper, .+\. Reason: No identity document$/)).toBeTruthy();
  });

  it('ISSUED after approval: says who approved it', async () => {
    await renderCredentials({
      'devices:report': async () => [
        sampleDevice({
          credentials: [
            {
              id: 'cred-1',
              credentialTypeId: 'mobile-pacs-employee',
              status: 'ISSUED',
              issuedAt: '2025-03-12T13:10:05.000Z',
              decision: { decision: 'approve', reason: '', decidedBy: 'Grace Hopper', decidedAt: '2025-03-12T14:00:00.000Z' },
            },
          ],
        }),
      ],
    });
    expect(screen.getByText(/^Approved by Grace Hopper, /)).toBeTruthy();
  });
});

describe('Add Applicant by its address', () => {
  afterEach(() => {
    stop?.();
    useSession.setState({ status: 'loading' }, true);
    cleanup();
  });

  it('tells a supervisor who may add applicants instead of showing the form', async () => {
    await signedInAs(['supervisor']);
    render(
      <ThemeProvider theme={theme}>
        <MemoryRouter>
          <AddApplicantPage />
        </MemoryRouter>
      </ThemeProvider>, { wrapper: withStation(fakeStation().station) });
    expect(screen.getByText(/^Only a Clerk may add applicants\./)).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Add a New Applicant' })).toBeNull();
  });
});
