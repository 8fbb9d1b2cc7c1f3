// @vitest-environment jsdom
import { ThemeProvider } from '@mui/material/styles';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIAL_TYPES } from '../../../shared/domain/credential-types';
import { theme } from '../../app/theme';
import { activeMobileCredential, sampleApplicant, sampleDevice, sampleMobileCredential } from '../../test-support/samples';
import { renderCredentials } from '../../test-support/render-credentials-tab';
import { VerificationChecklist } from './VerificationChecklist';
import type { ChecklistInput } from './verification-checklist';

const ada = sampleApplicant({ credentialTypeId: 'mobile-pacs-employee', email: 'ada@example.org' });
const mobileDevice = sampleDevice({ credentials: [{ id: 'cred-1', credentialTypeId: 'mobile-pacs-employee', status: 'ISSUED', issuedAt: '2025-03-12T13:10:05.000Z' }] });

function renderChecklist(input: Partial<ChecklistInput> = {}) {
  render(
    <ThemeProvider theme={theme}>
      <VerificationChecklist applicant={ada} types={DEFAULT_CREDENTIAL_TYPES} devices={[mobileDevice]} mobiles={[]} {...input} />
    </ThemeProvider>,
  );
  return screen.getByRole('region', { name: 'Verification Checklist' });
}

/** Each item as the clerk reads it: ✓ when its note starts with "Done". */
function ticks(panel: HTMLElement) {
  return within(panel)
    .getAllByRole('listitem')
    .map((item) => `${item.textContent?.includes('Done · ') ? '✓' : '○'} ${item.querySelector('p')?.textContent?.replace('Not done: ', '')}`);
}

describe('Verification Checklist', () => {
  afterEach(cleanup);

  it("lists the procedure's ten items, ticking only what is recorded", () => {
    const panel = renderChecklist();
    expect(ticks(panel)).toEqual([
      '✓ User successfully added to IDMS with unique Employee Number',
      '✓ All required user information entered correctly (name, email)',
      '✓ Appropriate credential type selected and assigned',
      '✓ Physical device enrolled with valid serial number',
      "✓ Credentials show 'ISSUED' status in IDMS",
      '○ QR code generated and displayed successfully',
      '○ Mobile app successfully scanned QR code',
      '○ Mobile credential appears as active in HID Mobile Access app',
      '○ Device information updated in IDMS showing mobile device details',
      '○ User can successfully present credential for access',
    ]);
    expect(within(panel).getByText('5 of 10 done')).toBeTruthy();
    // An open item says what is missing, also to a screen reader.
    expect(within(panel).getByText('Not yet: Action › Pick up your HID Mobile Credential')).toBeTruthy();
    expect(within(panel).getAllByText('Not done:', { exact: false })).toHaveLength(5);
  });

  it('says what is missing for a person without email, device or a mobile-capable type', () => {
    const panel = renderChecklist({ applicant: sampleApplicant(), devices: [], mobiles: [] });
    expect(within(panel).getByText('Missing: email address (Details tab)')).toBeTruthy();
    expect(within(panel).getByText('PIV Card – Employee is not configured for mobile credentials')).toBeTruthy();
    expect(within(panel).getByText('No device enrolled yet (+ Device)')).toBeTruthy();
    expect(within(panel).getByText('No credential yet')).toBeTruthy();
    expect(within(panel).getByText('1 of 10 done')).toBeTruthy();
  });

  it('ticks QR generated with an invitation, the rest once the phone redeemed it and a door granted access', () => {
    let panel = renderChecklist({ mobiles: [sampleMobileCredential()] });
    expect(ticks(panel)[5]).toBe('✓ QR code generated and displayed successfully');
    expect(ticks(panel)[6]).toBe('○ Mobile app successfully scanned QR code');
    cleanup();

    panel = renderChecklist({ mobiles: [activeMobileCredential({ lastAccessGrantedAt: '2025-03-12T13:30:00.000Z' })] });
    expect(ticks(panel).every((t) => t.startsWith('✓'))).toBe(true);
    expect(within(panel).getByText('Done · Apple iPhone X, Device ID 1412104381')).toBeTruthy();
    cleanup();

    panel = renderChecklist({ mobiles: [activeMobileCredential({ status: 'SUSPENDED' })] });
    expect(ticks(panel)[7]).toBe('○ Mobile credential appears as active in HID Mobile Access app');
    expect(within(panel).getByText('Status is SUSPENDED')).toBeTruthy();
  });

  it('says it is checking while the devices are being obtained', () => {
    const panel = renderChecklist({ devices: undefined, mobiles: undefined });
    expect(within(panel).getAllByText('Checking…')).toHaveLength(7);
  });
});

describe('Mobile credentials on the Credentials tab', () => {
  afterEach(cleanup);

  it('says there is none yet, then shows one as soon as mobile:changed names this person', async () => {
    const station = await renderCredentials();
    const section = screen.getByRole('region', { name: 'Mobile credentials' });
    expect(within(section).getByText(/No mobile credential yet/)).toBeTruthy();

    await act(async () => station.emit('mobile:changed', { employeeNumber: '10000002', credential: activeMobileCredential({ employeeNumber: '10000002' }) }));
    expect(within(section).getByText(/No mobile credential yet/)).toBeTruthy();

    await act(async () => station.emit('mobile:changed', { employeeNumber: '10000001', credential: activeMobileCredential() }));
    const card = within(section).getByRole('article', { name: 'Mobile credential ACTIVE' });
    expect(within(card).getByText('Mobile PACS – Employee')).toBeTruthy();
    expect(within(card).getByText('for the card 4D2A9C1170001')).toBeTruthy();
    expect(within(card).getByText('iPhone X')).toBeTruthy();
    expect(within(card).getByText('Activated')).toBeTruthy();
    // The page's checklist follows the same news.
    expect(within(screen.getByRole('region', { name: 'Verification Checklist' })).getByText('9 of 10 done')).toBeTruthy();
  });

  it('shows the invitation while it is open, and the reason of a suspension', async () => {
    const open = sampleMobileCredential({
      invitation: { id: '5f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b', createdAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 60 * 60_000).toISOString(), state: 'open' },
    });
    await renderCredentials({ mobiles: [open] });
    expect(within(screen.getByRole('article', { name: 'Mobile credential ISSUED' })).getByText(/^Open until /)).toBeTruthy();
    cleanup();

    await renderCredentials({ mobiles: [activeMobileCredential({ status: 'SUSPENDED', statusReason: 'Phone reported lost', statusChangedBy: 'clerk2' })] });
    const card = screen.getByRole('article', { name: 'Mobile credential SUSPENDED' });
    expect(within(card).getByText('Phone reported lost (by clerk2)')).toBeTruthy();
  });

  it('explains a list that could not be read and offers to try again', async () => {
    await renderCredentials({ 'mobile:list': () => Promise.reject({ code: 'STORE_UNREADABLE', message: 'damaged' }) });
    const section = screen.getByRole('region', { name: 'Mobile credentials' });
    expect(await within(section).findByText('Station records cannot be read')).toBeTruthy();
    expect(within(section).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
