// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { activeMobileCredential, sampleInvitation } from '../../test-support/samples';
import { renderCredentials } from '../../test-support/render-credentials-tab';

async function openMenu() {
  fireEvent.click(screen.getByRole('button', { name: 'Action' }));
  return screen.findByRole('menu');
}

/** Each item: its name, whether it can be chosen, and the reason beneath it when not. */
function items(menu: HTMLElement) {
  return within(menu)
    .getAllByRole('menuitem')
    .map((item) => {
      const reasonId = item.getAttribute('aria-describedby');
      const reason = reasonId ? document.getElementById(reasonId)?.textContent : undefined;
      const name = document.getElementById(item.getAttribute('aria-labelledby') ?? '')?.textContent;
      return [name, item.getAttribute('aria-disabled') === 'true' ? `off: ${reason}` : 'on'];
    });
}

describe('Action menu on an enrolled device', () => {
  afterEach(cleanup);

  it('offers Pick up for an ISSUED mobile-capable credential; Suspend, Resume and Revoke wait for a mobile credential', async () => {
    await renderCredentials();
    expect(items(await openMenu())).toEqual([
      ['Pick up your HID Mobile Credential', 'on'],
      ['Suspend', 'off: No mobile credential yet'],
      ['Resume', 'off: No mobile credential yet'],
      ['Revoke', 'off: No mobile credential yet'],
    ]);
    // Named by the label alone, as end-to-end tests select it.
    expect(screen.getByRole('menuitem', { name: 'Pick up your HID Mobile Credential' })).toBeTruthy();
  });

  it('keeps Pick up off, with the reason, for a Pending credential or a card-only type', async () => {
    await renderCredentials({ credentialTypeId: 'mobile-pacs-contractor', pending: true });
    expect(items(await openMenu())[0]).toEqual(['Pick up your HID Mobile Credential', "off: Pending approval: a supervisor's approval comes first"]);
    cleanup();
    await renderCredentials({ credentialTypeId: 'piv-card-employee' });
    expect(items(await openMenu())[0]).toEqual([
      'Pick up your HID Mobile Credential',
      'off: Invalid credential type: PIV Card – Employee is not configured for mobile credentials',
    ]);
  });

  it('follows the mobile credential status: ACTIVE can be suspended or revoked, SUSPENDED resumed', async () => {
    await renderCredentials({ mobiles: [activeMobileCredential()] });
    expect(items(await openMenu())).toEqual([
      ['Pick up your HID Mobile Credential', 'off: Already ACTIVE on Apple iPhone X'],
      ['Suspend', 'on'],
      ['Resume', 'off: Not possible while ACTIVE'],
      ['Revoke', 'on'],
    ]);
    cleanup();
    await renderCredentials({ mobiles: [activeMobileCredential({ status: 'SUSPENDED', statusReason: 'Phone reported lost' })] });
    expect(items(await openMenu()).map(([name, on]) => `${name} ${on?.startsWith('on') ? 'on' : 'off'}`)).toEqual([
      'Pick up your HID Mobile Credential off',
      'Suspend off',
      'Resume on',
      'Revoke on',
    ]);
  });

  it('Suspend says what happens, asks for a reason, then suspends; focus returns to Action', async () => {
    const station = await renderCredentials({ mobiles: [activeMobileCredential()] });
    fireEvent.click(within(await openMenu()).getByRole('menuitem', { name: 'Suspend' }));
    const dialog = await screen.findByRole('dialog', { name: 'Suspend mobile credential' });
    expect(within(dialog).getByText('The phone stops opening doors until the credential is resumed.')).toBeTruthy();
    expect(within(dialog).getByText(/on Apple iPhone X \(Device ID 1412104381\), now ACTIVE/)).toBeTruthy();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Suspend' }));
    expect(within(dialog).getByText('Give a reason of at least 3 characters.')).toBeTruthy();
    expect(station.calls.filter((c) => c.channel === 'mobile:set-status')).toEqual([]);

    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Reason' }), { target: { value: ' Phone reported lost ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Suspend' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(station.calls.filter((c) => c.channel === 'mobile:set-status')).toEqual([
      { channel: 'mobile:set-status', input: { credentialId: 'cred-1', action: 'suspend', reason: 'Phone reported lost' } },
    ]);
    expect(screen.getByText('Mobile credential SUSPENDED')).toBeTruthy();
    expect(within(screen.getByRole('article', { name: 'Mobile credential SUSPENDED' })).getByText('Phone reported lost')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Action' }));
  });

  it('Revoke warns that it cannot be undone, and shows why the server refused', async () => {
    await renderCredentials({
      mobiles: [activeMobileCredential()],
      'mobile:set-status': () => Promise.reject({ code: 'TRANSITION_NOT_ALLOWED', message: 'Already revoked' }),
    });
    fireEvent.click(within(await openMenu()).getByRole('menuitem', { name: 'Revoke' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke mobile credential' });
    expect(within(dialog).getByText(/This cannot be undone\./)).toBeTruthy();
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Reason' }), { target: { value: 'Left the company' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    expect(await within(dialog).findByText('Not possible in this status')).toBeTruthy();
  });

  it('Pick up opens the full-screen modal; once ACTIVE, Done closes it and the page shows the phone', async () => {
    const station = await renderCredentials({ 'mobile:invite': async () => sampleInvitation({ expiresAt: new Date(Date.now() + 30 * 60_000).toISOString() }) });
    fireEvent.click(within(await openMenu()).getByRole('menuitem', { name: 'Pick up your HID Mobile Credential' }));
    const dialog = await screen.findByRole('dialog', { name: 'Pick up your HID Mobile Credential' });
    expect((await within(dialog).findByRole('group', { name: 'Invitation code' })).textContent).toBe('ADS7-H65H-YTJN-RXR6');
    // One opening asks for one code, whatever the page reloads underneath.
    expect(station.calls.filter((c) => c.channel === 'mobile:invite')).toHaveLength(1);

    await act(async () => station.emit('mobile:changed', { employeeNumber: '10000001', credential: activeMobileCredential() }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Done: credential is ACTIVE' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Action' }));

    const card = screen.getByRole('article', { name: 'Mobile credential ACTIVE' });
    for (const value of ['1412104381', 'iOS 16.7.11', 'EMULATED', 'Apple', 'iPhone X', '4.9.1']) expect(within(card).getByText(value)).toBeTruthy();
    expect(within(card).getByText('Redeemed by the mobile app')).toBeTruthy();
  });
});
