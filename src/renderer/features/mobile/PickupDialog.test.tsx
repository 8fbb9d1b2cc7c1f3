// @vitest-environment jsdom
import { ThemeProvider } from '@mui/material/styles';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Invitation } from '../../../shared/contract/mobile';
import { theme } from '../../app/theme';
import { fakeStation } from '../../test-support/station-fake';
import { activeMobileCredential, sampleInvitation, sampleMobileCredential } from '../../test-support/samples';
import { PickupDialog } from './PickupDialog';
import { withStation } from '../../test-support/with-station';

type Overrides = Parameters<typeof fakeStation>[0];

/** The sample invitation expires at 13:50 UTC; the station's clock starts at 13:20:19 (29:41 left). */
const EXPIRES = Date.parse('2025-03-12T13:50:00.000Z');
const clock = { at: EXPIRES - (29 * 60 + 41) * 1000 };
const now = () => clock.at;
/** Lets the countdown's half-second tick see the moved clock. */
const tick = () => act(() => new Promise((resolve) => setTimeout(resolve, 600)));

function renderPickup(overrides: Overrides = {}) {
  clock.at = EXPIRES - (29 * 60 + 41) * 1000;
  const station = fakeStation(overrides);
  const onClose = vi.fn();
  const onCredential = vi.fn();
  render(
    <ThemeProvider theme={theme}>
      <PickupDialog open employeeNumber="10000001" credentialId="cred-1" onClose={onClose} onCredential={onCredential} now={now} />
    </ThemeProvider>, { wrapper: withStation(station.station) });
  return { station, onClose, onCredential, dialog: screen.getByRole('dialog', { name: 'Pick up your HID Mobile Credential' }) };
}

const inviteCalls = (station: ReturnType<typeof fakeStation>) => station.calls.filter((c) => c.channel === 'mobile:invite');

describe('Pick up your HID Mobile Credential', () => {
  afterEach(cleanup);

  it('says it is generating the invitation, then shows the code, the QR, who it is for and the countdown', async () => {
    let answer: (invitation: Invitation) => void = () => undefined;
    const { station, onCredential, dialog } = renderPickup({ 'mobile:invite': () => new Promise((resolve) => (answer = resolve)) });
    expect(within(dialog).getByText('Generating the invitation…')).toBeTruthy();
    // Nothing half-shown while the server has not answered.
    expect(within(dialog).queryByRole('img', { name: /QR code/ })).toBeNull();
    await waitFor(() => expect(inviteCalls(station)).toHaveLength(1));
    await act(async () => answer(sampleInvitation()));

    expect(within(dialog).getByRole('group', { name: 'Invitation code' }).textContent).toBe('ADS7-H65H-YTJN-RXR6');
    expect(within(dialog).getByRole('img', { name: 'QR code to scan with the HID Mobile Access app' })).toBeTruthy();
    expect(within(dialog).getByText('User ID and email address')).toBeTruthy();
    expect(within(dialog).getByText((_, el) => el?.tagName === 'P' && el.textContent === 'User ID 10000001')).toBeTruthy();
    expect(within(dialog).getByText('ada@example.org')).toBeTruthy();
    expect(within(dialog).getByText('HID Origo Mobile Identity')).toBeTruthy();
    expect(within(dialog).getByText('HID Origo Management Portal')).toBeTruthy();
    expect(within(dialog).getByText('HID Origo Mobile Identity CA')).toBeTruthy();
    expect(within(dialog).getByText('Ada Lovelace')).toBeTruthy();
    expect(within(dialog).getByText(/manually in the app/)).toBeTruthy();
    expect(within(dialog).getByText('Waiting for the mobile app to scan the code…')).toBeTruthy();
    expect(within(dialog).getByText('Expires in 29:41')).toBeTruthy();
    expect(inviteCalls(station)).toEqual([{ channel: 'mobile:invite', input: { employeeNumber: '10000001', credentialId: 'cred-1' } }]);
    expect(onCredential).toHaveBeenCalledWith(sampleMobileCredential());

    clock.at += 60_000;
    await tick();
    expect(within(dialog).getByText('Expires in 28:41')).toBeTruthy();
  });

  it("counts down on the server's clock and tells screen readers only at thresholds", async () => {
    // The server's clock is 25 minutes ahead of the station's: 4:41 left, not 29:41.
    const { dialog } = renderPickup({ 'mobile:invite': async () => sampleInvitation({ clockOffsetMs: 25 * 60_000 }) });
    expect(await within(dialog).findByText('Expires in 4:41')).toBeTruthy();
    expect(within(dialog).getByText('Less than 5 minutes left before the invitation code expires.')).toBeTruthy();
  });

  it('shows ACTIVE with the phone details when the phone has redeemed the code, and Done closes', async () => {
    const { station, onClose, dialog } = renderPickup();
    await within(dialog).findByRole('group', { name: 'Invitation code' });
    // Another person's credential changing is not this screen's news.
    await act(async () => station.emit('mobile:changed', { employeeNumber: '10000002', credential: activeMobileCredential({ credentialId: 'other' }) }));
    expect(within(dialog).getByText('Waiting for the mobile app to scan the code…')).toBeTruthy();

    await act(async () => station.emit('mobile:changed', { employeeNumber: '10000001', credential: activeMobileCredential() }));
    expect(within(dialog).getByText('Mobile credential ACTIVE')).toBeTruthy();
    expect(within(dialog).queryByRole('img', { name: /QR code/ })).toBeNull();
    const labels = within(dialog).getAllByRole('term').map((t) => t.textContent);
    const values = within(dialog).getAllByRole('definition').map((d) => d.textContent);
    expect(labels).toEqual(['Device ID', 'Status', 'OS Version', 'Secure Element Type', 'Manufacturer', 'Model', 'Application Version']);
    expect(values).toEqual(['1412104381', 'ACTIVE', 'iOS 16.7.11', 'EMULATED', 'Apple', 'iPhone X', '4.9.1']);

    const done = within(dialog).getByRole('button', { name: 'Done: credential is ACTIVE' });
    expect(document.activeElement).toBe(done);
    fireEvent.click(done);
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('replaces the QR code with "Invitation code expired" at expiry; Generate new code asks again', async () => {
    let calls = 0;
    const { station, dialog } = renderPickup({
      'mobile:invite': async () =>
        ++calls === 1
          ? sampleInvitation()
          : sampleInvitation({ invitationId: '0a9b8c7d-6e5f-4a3b-8c1d-2e3f4a5b6c7d', code: 'BCD2-EFG3-HJK4-LMN5', expiresAt: new Date(EXPIRES + 31 * 60_000).toISOString() }),
    });
    await within(dialog).findByRole('group', { name: 'Invitation code' });
    clock.at = EXPIRES + 1_000;
    await tick();

    expect(within(dialog).getByText('Invitation code expired')).toBeTruthy();
    expect(within(dialog).queryByRole('img', { name: /QR code/ })).toBeNull();
    expect(within(dialog).queryByRole('group', { name: 'Invitation code' })).toBeNull();
    expect(within(dialog).getByText('The invitation code has expired.')).toBeTruthy();
    const generate = within(dialog).getByRole('button', { name: 'Generate new code' });
    expect(document.activeElement).toBe(generate);

    fireEvent.click(generate);
    expect((await within(dialog).findByRole('group', { name: 'Invitation code' })).textContent).toBe('BCD2-EFG3-HJK4-LMN5');
    expect(within(dialog).getByText('Expires in 30:59')).toBeTruthy();
    expect(inviteCalls(station)).toHaveLength(2);
  });

  it('says when a newer code replaced this one', async () => {
    const { station, dialog } = renderPickup();
    await within(dialog).findByRole('group', { name: 'Invitation code' });
    const newer = sampleMobileCredential({
      invitation: { id: '0a9b8c7d-6e5f-4a3b-8c1d-2e3f4a5b6c7d', createdAt: '2025-03-12T13:25:00.000Z', expiresAt: '2025-03-12T13:55:00.000Z', state: 'open' },
    });
    await act(async () => station.emit('mobile:changed', { employeeNumber: '10000001', credential: newer }));
    expect(within(dialog).getByText('This invitation code no longer works')).toBeTruthy();
    expect(within(dialog).getByText(/A newer invitation code was generated/)).toBeTruthy();
  });

  it('says "Failed to provision credential" with the fix when the server cannot be reached, and Retry asks again', async () => {
    let fail = true;
    const { station, dialog } = renderPickup({
      'mobile:invite': async () => {
        if (fail) throw { code: 'PROVISIONING_FAILED', message: 'Failed to provision credential: the central server did not answer.' };
        return sampleInvitation();
      },
    });
    expect(await within(dialog).findByText('Failed to provision credential')).toBeTruthy();
    expect(within(dialog).getByText('Network or server connectivity issue. Verify internet connection and retry the provisioning process.')).toBeTruthy();
    expect(within(dialog).getByText('Station says: The central server did not answer.')).toBeTruthy();
    expect(within(dialog).queryByRole('group', { name: 'Invitation code' })).toBeNull();
    expect(within(dialog).queryByRole('img', { name: /QR code/ })).toBeNull();

    fail = false;
    fireEvent.click(within(dialog).getByRole('button', { name: 'Retry' }));
    expect(await within(dialog).findByRole('group', { name: 'Invitation code' })).toBeTruthy();
    expect(inviteCalls(station)).toHaveLength(2);
  });

  it('closes with Escape or Close at any time', () => {
    const { onClose, dialog } = renderPickup({ 'mobile:invite': () => new Promise(() => undefined) });
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});
