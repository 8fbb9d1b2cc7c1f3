// @vitest-environment jsdom
import { ThemeProvider } from '@mui/material/styles';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useParams } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { Device } from '../../../shared/domain/device';
import { theme } from '../../app/theme';
import { loadCredentialTypes } from '../../stores/credential-types-store';
import { followReaders, useLastReader } from '../../stores/readers-store';
import { fakeStation } from '../../test-support/station-fake';
import { readerStatus, sampleApplicant, sampleCardDetails, sampleDevice, SAMPLE_READER } from '../../test-support/samples';
import { ApplicantPage } from './ApplicantPage';
import { withStation } from '../../test-support/with-station';

type Overrides = Parameters<typeof fakeStation>[0];

function OtherRecord() {
  const { employeeNumber } = useParams();
  return <p>Record page {employeeNumber}</p>;
}

let stopReaders: (() => void) | undefined;
/** The report stays "Obtaining device information..." at least 400 ms: room for a slow machine. */
const REPORT_WAIT = { timeout: 3000 };

async function renderCredentials(overrides: Overrides = {}) {
  const station = fakeStation({
    'applicants:get': async () => ({ applicant: sampleApplicant(), history: [] }),
    'readers:status': async () => readerStatus(true),
    ...overrides,
  });
  await loadCredentialTypes(station.station);
  useLastReader.setState({ name: undefined });
  stopReaders = followReaders(station.station);
  render(
    <ThemeProvider theme={theme}>
      <MemoryRouter initialEntries={['/applicants/10000001/credentials']}>
        <Routes>
          <Route path="/applicants/:employeeNumber/:tab" element={<ApplicantPage />} />
          <Route path="/applicants/:employeeNumber" element={<OtherRecord />} />
        </Routes>
      </MemoryRouter>
    </ThemeProvider>, { wrapper: withStation(station.station) });
  await screen.findByRole('button', { name: '+ Device' });
  return station;
}

async function openDialog() {
  fireEvent.click(screen.getByRole('button', { name: '+ Device' }));
  return screen.findByRole('dialog', { name: 'Enroll a device' });
}

const readCalls = (station: ReturnType<typeof fakeStation>) => station.calls.filter((c) => c.channel === 'devices:read-card');

describe('Credentials tab: Refresh Report Data', () => {
  afterEach(() => {
    stopReaders?.();
    cleanup();
  });

  it('says it is obtaining device information, then that there is none yet', async () => {
    let answer: (devices: Device[]) => void = () => undefined;
    await renderCredentials({ 'devices:report': () => new Promise((resolve) => (answer = resolve)) });
    expect(screen.getByText('Obtaining device information...')).toBeTruthy();
    await act(async () => answer([]));
    expect(await screen.findByText('No devices enrolled yet', {}, REPORT_WAIT)).toBeTruthy();
    expect(screen.getByText(/click \+ Device/)).toBeTruthy();
  });

  it('lists the devices with their credentials, and obtains them again on request', async () => {
    let devices: Device[] = [];
    const station = await renderCredentials({ 'devices:report': async () => devices });
    await screen.findByText('No devices enrolled yet', {}, REPORT_WAIT);
    devices = [sampleDevice()];
    fireEvent.click(screen.getByRole('button', { name: 'Refresh Report Data' }));
    // Shown at least MIN_OBTAINING_MS, however fast the station answers.
    expect(screen.getByText('Obtaining device information...')).toBeTruthy();
    const row = await screen.findByRole('row', { name: /4D2A9C1170001/ }, REPORT_WAIT);
    expect(within(row).getByText('Added')).toBeTruthy();
    expect(within(row).getByText('ISSUED')).toBeTruthy();
    expect(within(row).getByText('PIV Card – Employee')).toBeTruthy();
    expect(within(row).getByText(/by clerk1/)).toBeTruthy();
    for (const header of ['Serial Number', 'Device Type', 'Status', 'Credentials', 'Enrolled']) {
      expect(screen.getByRole('columnheader', { name: header })).toBeTruthy();
    }
    expect(station.calls.filter((c) => c.channel === 'devices:report')).toEqual([
      { channel: 'devices:report', input: { employeeNumber: '10000001' } },
      { channel: 'devices:report', input: { employeeNumber: '10000001' } },
    ]);
  });

  it('shows a replaced card Replaced, by which card, with its credential REVOKED and why', async () => {
    const replaced = sampleDevice({
      id: 'dev-old',
      serialNumber: '1234-5678-000007-0-1',
      status: 'Replaced',
      replacedBy: { deviceId: 'dev-new', serialNumber: '1234-5678-000007-0-2', at: '2026-12-07T11:00:00.000Z' },
      credentials: [{ id: 'c-old', credentialTypeId: 'piv-card-employee', status: 'REVOKED', statusReason: 'Replaced by card 1234-5678-000007-0-2', issuedAt: '2026-12-07T10:00:00.000Z' }],
    });
    await renderCredentials({ 'devices:report': async () => [replaced, sampleDevice({ id: 'dev-new', serialNumber: '1234-5678-000007-0-2' })] });
    const row = await screen.findByRole('row', { name: /1234-5678-000007-0-1/ }, REPORT_WAIT);
    expect(within(row).getByText('Replaced')).toBeTruthy();
    expect(within(row).getByText('by card 1234-5678-000007-0-2')).toBeTruthy();
    expect(within(row).getByText('REVOKED')).toBeTruthy();
    expect(within(row).getByText('Replaced by card 1234-5678-000007-0-2')).toBeTruthy();
    const current = screen.getByRole('row', { name: /1234-5678-000007-0-2 .*Added/ });
    expect(within(current).getByText('ISSUED')).toBeTruthy();
  });

  it('obtains the report again when this applicant changes', async () => {
    let devices: Device[] = [];
    const station = await renderCredentials({ 'devices:report': async () => devices });
    await screen.findByText('No devices enrolled yet', {}, REPORT_WAIT);
    devices = [sampleDevice()];
    await act(async () => station.emit('applicants:changed', { employeeNumber: '10000001' }));
    expect(await screen.findByRole('row', { name: /4D2A9C1170001/ }, REPORT_WAIT)).toBeTruthy();
  });

  it('explains a report that failed and offers to try again', async () => {
    await renderCredentials({ 'devices:report': () => Promise.reject({ code: 'STORE_UNREADABLE', message: 'damaged' }) });
    expect(await screen.findByText('Station records cannot be read')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});

describe('+ Device', () => {
  afterEach(() => {
    stopReaders?.();
    cleanup();
  });

  it('with no card reader says so with the fix, then picks up a reader plugged in', async () => {
    const station = await renderCredentials({ 'readers:status': async () => ({ pcsc: 'running', readers: [] }) });
    const dialog = await openDialog();
    expect(within(dialog).getByText('No card reader found')).toBeTruthy();
    expect(within(dialog).getByText(/Verify the USB connection/)).toBeTruthy();
    expect(within(dialog).getByRole('combobox', { name: /Select the device/ }).getAttribute('aria-disabled')).toBe('true');

    await act(async () => station.emit('readers:changed', readerStatus(false)));
    expect(within(dialog).getByText(`Insert the card in ${SAMPLE_READER}`)).toBeTruthy();
    // The only reader is chosen for the clerk.
    expect(within(dialog).getByRole('combobox', { name: /Select the device/ }).textContent).toBe(SAMPLE_READER);
    expect(readCalls(station)).toEqual([]);
  });

  it('says when the smart card service is not running', async () => {
    await renderCredentials({ 'readers:status': async () => ({ pcsc: 'service-not-running', readers: [] }) });
    const dialog = await openDialog();
    expect(within(dialog).getByText('PC/SC service not running')).toBeTruthy();
    expect(within(dialog).getByText(/Start the smart card service/)).toBeTruthy();
  });

  it('lets the clerk choose among several readers, reads the card in the chosen one, and starts with it next time', async () => {
    const station = await renderCredentials({
      'readers:status': async () => ({ pcsc: 'running', readers: [{ name: 'OMNIKEY CardMan 3121 00 00', cardPresent: false }, { name: SAMPLE_READER, cardPresent: false }] }),
    });
    let dialog = await openDialog();
    expect(within(dialog).getByText('Choose the card reader the card is in.')).toBeTruthy();
    expect(document.activeElement).toBe(within(dialog).getByRole('combobox', { name: /Select the device/ }));
    fireEvent.mouseDown(within(dialog).getByRole('combobox', { name: /Select the device/ }));
    fireEvent.click(within(screen.getByRole('listbox')).getByRole('option', { name: SAMPLE_READER }));
    expect(within(dialog).getByText(`Insert the card in ${SAMPLE_READER}`)).toBeTruthy();
    await act(async () =>
      station.emit('readers:changed', { pcsc: 'running', readers: [{ name: 'OMNIKEY CardMan 3121 00 00', cardPresent: false }, { name: SAMPLE_READER, cardPresent: true }] }),
    );
    expect(await within(dialog).findByText('4D2A9C1170001')).toBeTruthy();
    expect(readCalls(station)).toEqual([{ channel: 'devices:read-card', input: { readerName: SAMPLE_READER, employeeNumber: '10000001' } }]);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    dialog = await openDialog();
    expect(within(dialog).getByRole('combobox', { name: /Select the device/ }).textContent).toBe(SAMPLE_READER);
  });

  it('with several readers starts with the only one holding a card', async () => {
    const station = await renderCredentials({
      'readers:status': async () => ({ pcsc: 'running', readers: [{ name: 'OMNIKEY CardMan 3121 00 00', cardPresent: false }, { name: SAMPLE_READER, cardPresent: true }] }),
    });
    const dialog = await openDialog();
    expect(await within(dialog).findByText('4D2A9C1170001')).toBeTruthy();
    expect(within(dialog).getByRole('combobox', { name: /Select the device/ }).textContent).toBe(SAMPLE_READER);
    expect(readCalls(station)).toHaveLength(1);
  });

  it("reads the card and shows its details under the procedure's labels", async () => {
    const answers: (() => void)[] = [];
    const station = await renderCredentials({
      'devices:read-card': () => new Promise((resolve) => answers.push(() => resolve(sampleCardDetails()))),
    });
    const dialog = await openDialog();
    expect(within(dialog).getByText('Reading the card…')).toBeTruthy();
    await act(async () => answers.shift()?.());
    expect(await within(dialog).findByText('4D2A9C1170001')).toBeTruthy();
    for (const label of ['Serial Number', 'ATR', 'Assigned To', 'Policy', 'Status', 'PIN tries left']) {
      expect(within(dialog).getByText(label)).toBeTruthy();
    }
    expect(within(dialog).getByText('3B 88 80 01 00 73 C8 40 13 00 90 00 71')).toBeTruthy();
    expect(within(dialog).getByText('Not assigned')).toBeTruthy();
    expect(within(dialog).getByText('PIV Card – Employee · accepts PIV card · PIN required')).toBeTruthy();
    expect(within(dialog).getByText('Ready to enroll')).toBeTruthy();
    expect(screen.getAllByText('Serial Number')).toHaveLength(1);

    const pin = within(dialog).getByLabelText('PIN') as HTMLInputElement;
    expect(pin.type).toBe('password');
    expect(pin.inputMode).toBe('numeric');
    expect(pin.autocomplete).toBe('off');
    expect(document.activeElement).toBe(pin);
    const enroll = within(dialog).getByRole('button', { name: 'Enroll Device' }) as HTMLButtonElement;
    expect(enroll.disabled).toBe(true);
    fireEvent.change(pin, { target: { value: '123456' } });
    expect(enroll.disabled).toBe(false);

    // A card taken out and put back in is read again.
    await act(async () => station.emit('readers:changed', readerStatus(false)));
    expect(within(dialog).getByText(`Insert the card in ${SAMPLE_READER}`)).toBeTruthy();
    await act(async () => station.emit('readers:changed', readerStatus(true)));
    expect(within(dialog).getByText('Reading the card…')).toBeTruthy();
    await act(async () => answers.shift()?.());
    await within(dialog).findByText('4D2A9C1170001');
    expect(readCalls(station)).toHaveLength(2);
    expect((within(dialog).getByLabelText('PIN') as HTMLInputElement).value).toBe('');
  });

  it('asks for no PIN when the policy needs none', async () => {
    await renderCredentials({
      'devices:read-card': async () =>
        sampleCardDetails({
          cardType: 'contactless-uid',
          cardFamily: 'MIFARE Classic 1K',
          policy: { credentialTypeName: 'Proximity Card – Visitor', accepted: true, acceptedCardTypes: ['Contactless card'], pinRequired: false },
          pinTriesLeft: undefined,
        }),
    });
    const dialog = await openDialog();
    await within(dialog).findByText('Ready to enroll');
    expect(within(dialog).queryByLabelText('PIN')).toBeNull();
    expect(within(dialog).queryByText('PIN tries left')).toBeNull();
    const enroll = within(dialog).getByRole('button', { name: 'Enroll Device' }) as HTMLButtonElement;
    expect(enroll.disabled).toBe(false);
    expect(document.activeElement).toBe(enroll);
  });

  it('on a PIN-pad reader says "Enter the PIN on the reader", shows no PIN field and enrolls without a PIN from the keyboard', async () => {
    const station = await renderCredentials({ 'devices:read-card': async () => sampleCardDetails({ pinPad: true }) });
    const dialog = await openDialog();
    await within(dialog).findByText('Ready to enroll');
    expect(within(dialog).getByText('Enter the PIN on the reader')).toBeTruthy();
    expect(within(dialog).queryByLabelText('PIN')).toBeNull();
    const enroll = within(dialog).getByRole('button', { name: 'Enroll Device' }) as HTMLButtonElement;
    expect(enroll.disabled).toBe(false);
    expect(document.activeElement).toBe(enroll);
    fireEvent.click(enroll);
    await waitFor(() => expect(station.calls.find((c) => c.channel === 'devices:enroll')?.input).toEqual({ employeeNumber: '10000001', readerName: SAMPLE_READER }));
  });

  it('on a reader without a PIN pad keeps the PIN field', async () => {
    await renderCredentials({ 'devices:read-card': async () => sampleCardDetails({ pinPad: false }) });
    const dialog = await openDialog();
    await within(dialog).findByText('Ready to enroll');
    expect(within(dialog).getByLabelText('PIN')).toBeTruthy();
    expect(within(dialog).queryByText('Enter the PIN on the reader')).toBeNull();
  });

  it('checks the PIN has 6 to 8 digits before asking the card', async () => {
    const station = await renderCredentials();
    const dialog = await openDialog();
    const pin = await within(dialog).findByLabelText('PIN');
    fireEvent.change(pin, { target: { value: '1234' } });
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Enroll Device' })));
    expect(within(dialog).getByText(/The PIN has 6 to 8 digits/)).toBeTruthy();
    expect(station.calls.some((c) => c.channel === 'devices:enroll')).toBe(false);
  });

  it('after a wrong PIN shows the tries left, clears the PIN and stays open', async () => {
    const station = await renderCredentials({
      'devices:enroll': () => Promise.reject({ code: 'PIN_INCORRECT', message: 'Wrong PIN: 2 tries left before the card blocks.', details: { triesLeft: 2 } }),
    });
    const dialog = await openDialog();
    const pin = (await within(dialog).findByLabelText('PIN')) as HTMLInputElement;
    fireEvent.change(pin, { target: { value: '000000' } });
    await act(async () => fireEvent.submit(pin.form!));
    // Title and fix under the PIN field, where the card holder is looking.
    expect(await within(dialog).findByText('Wrong PIN: 2 tries left before the card blocks. Ask the card holder to type the PIN again.')).toBeTruthy();
    expect(pin.value).toBe('');
    await waitFor(() => expect(document.activeElement).toBe(pin));
    expect(pin.getAttribute('aria-invalid')).toBe('true');
    // The PIN tries left line follows what the card said.
    const triesRow = within(dialog).getByText('PIN tries left').nextElementSibling;
    expect(triesRow?.textContent).toBe('2');
    expect(screen.getByRole('dialog', { name: 'Enroll a device' })).toBeTruthy();
    expect(station.calls.find((c) => c.channel === 'devices:enroll')?.input).toEqual({
      employeeNumber: '10000001',
      readerName: SAMPLE_READER,
      pin: '000000',
    });
  });

  it('after the last wrong PIN says the card is blocked, once, and stops', async () => {
    await renderCredentials({
      'devices:read-card': async () => sampleCardDetails({ pinTriesLeft: 1 }),
      'devices:enroll': () => Promise.reject({ code: 'PIN_BLOCKED', message: 'The card is blocked.' }),
    });
    const dialog = await openDialog();
    const pin = (await within(dialog).findByLabelText('PIN')) as HTMLInputElement;
    expect(within(dialog).getByText('PIN tries left').nextElementSibling?.textContent).toBe('1');
    fireEvent.change(pin, { target: { value: '999999' } });
    await act(async () => fireEvent.submit(pin.form!));
    expect(await within(dialog).findAllByText('PIN blocked')).toHaveLength(1);
    expect(within(dialog).getByText(/send the card holder to the card issuer/)).toBeTruthy();
    expect(within(dialog).getByText('0 (the PIN is blocked)')).toBeTruthy();
    expect(within(dialog).queryByLabelText('PIN')).toBeNull();
    expect((within(dialog).getByRole('button', { name: 'Enroll Device' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('says a card with a blocked PIN cannot be enrolled before anyone types', async () => {
    await renderCredentials({ 'devices:read-card': async () => sampleCardDetails({ pinTriesLeft: 0 }) });
    const dialog = await openDialog();
    expect(await within(dialog).findByText('PIN blocked')).toBeTruthy();
    expect(within(dialog).queryByLabelText('PIN')).toBeNull();
    expect((within(dialog).getByRole('button', { name: 'Enroll Device' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('refuses a card assigned to someone else and links to their record', async () => {
    await renderCredentials({
      'devices:read-card': async () => sampleCardDetails({ status: 'assigned-elsewhere', assignedTo: { employeeNumber: '10000002', name: 'Grace Hopper' } }),
    });
    const dialog = await openDialog();
    expect(await within(dialog).findByText('Assigned to Grace Hopper: cannot be enrolled again')).toBeTruthy();
    expect(within(dialog).getByText('Grace Hopper, Employee Number 10000002')).toBeTruthy();
    expect(within(dialog).getByText('Card already assigned')).toBeTruthy();
    expect((within(dialog).getByRole('button', { name: 'Enroll Device' }) as HTMLButtonElement).disabled).toBe(true);
    expect(within(dialog).queryByLabelText('PIN')).toBeNull();
    fireEvent.click(within(dialog).getByRole('link', { name: 'Open the record of Grace Hopper' }));
    expect(await screen.findByText('Record page 10000002')).toBeTruthy();
  });

  it('refuses a card the credential type does not accept, saying which it takes', async () => {
    await renderCredentials({
      'devices:read-card': async () =>
        sampleCardDetails({
          cardType: 'contactless-uid',
          cardFamily: 'MIFARE Classic 1K',
          status: 'not-accepted',
          policy: { credentialTypeName: 'PIV Card – Employee', accepted: false, acceptedCardTypes: ['PIV card'], pinRequired: false },
          pinTriesLeft: undefined,
        }),
    });
    const dialog = await openDialog();
    expect(await within(dialog).findByText('Not accepted for PIV Card – Employee')).toBeTruthy();
    expect(within(dialog).getByText('Wrong kind of card')).toBeTruthy();
    expect(within(dialog).getByText(/This is a Contactless card \(MIFARE Classic 1K\); PIV Card – Employee takes PIV card/)).toBeTruthy();
    expect((within(dialog).getByRole('button', { name: 'Enroll Device' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('explains a card it cannot read and reads it again on request', async () => {
    let attempts = 0;
    const station = await renderCredentials({
      'devices:read-card': async () => {
        attempts += 1;
        if (attempts === 1) throw { code: 'CARD_ERROR', message: 'The card refused its CHUID: 6A 82.' };
        return sampleCardDetails();
      },
    });
    const dialog = await openDialog();
    expect(await within(dialog).findByText('Device enrollment fails')).toBeTruthy();
    expect(within(dialog).getByText(/6A 82/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Read the card again' }));
    expect(await within(dialog).findByText('4D2A9C1170001')).toBeTruthy();
    expect(readCalls(station)).toHaveLength(2);
  });

  it('explains a card pulled out while enrolling, in the dialog, and lands on the message', async () => {
    await renderCredentials({
      'devices:enroll': () => Promise.reject({ code: 'CARD_REMOVED', message: 'The card was removed from Virtual PCD 00 00 during the operation.' }),
    });
    const dialog = await openDialog();
    fireEvent.change(await within(dialog).findByLabelText('PIN'), { target: { value: '123456' } });
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Enroll Device' })));
    const alert = await within(dialog).findByText('Card removed');
    expect(within(dialog).getByText(/keep it in the reader until the station says it is done/)).toBeTruthy();
    await waitFor(() => expect(document.activeElement?.contains(alert)).toBe(true));
    expect(screen.getByRole('dialog', { name: 'Enroll a device' })).toBeTruthy();
  });

  it('says a card already enrolled to this person is, and still lets Enroll Device check it', async () => {
    await renderCredentials({
      'devices:read-card': async () => sampleCardDetails({ status: 'enrolled-here', assignedTo: { employeeNumber: '10000001', name: 'Ada Lovelace' } }),
    });
    const dialog = await openDialog();
    expect(await within(dialog).findByText('Already enrolled to this person')).toBeTruthy();
    expect(within(dialog).getByText('Ada Lovelace, Employee Number 10000001')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('PIN'), { target: { value: '123456' } });
    expect((within(dialog).getByRole('button', { name: 'Enroll Device' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('says which card a replacement card replaces and what enrolling it does to that card', async () => {
    await renderCredentials({ 'devices:read-card': async () => sampleCardDetails({ serialNumber: '1234-5678-000007-0-2', replaces: ['1234-5678-000007-0-1'] }) });
    const dialog = await openDialog();
    expect(await within(dialog).findByText(/This card replaces card 1234-5678-000007-0-1: enrolling it marks that card Replaced and revokes its credentials/)).toBeTruthy();
  });

  it('enrolls, closes, says "Device enrolled" and shows the device Added with its credential ISSUED', async () => {
    let devices: Device[] = [];
    const station = await renderCredentials({
      'devices:report': async () => devices,
      'devices:enroll': async () => {
        devices = [sampleDevice()];
        return devices[0]!;
      },
    });
    await screen.findByText('No devices enrolled yet', {}, REPORT_WAIT);
    const dialog = await openDialog();
    const pin = (await within(dialog).findByLabelText('PIN')) as HTMLInputElement;
    fireEvent.change(pin, { target: { value: '123456' } });
    // Enter in the PIN field submits the dialog's form.
    await act(async () => fireEvent.submit(pin.form!));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByText('Device enrolled')).toBeTruthy();
    expect(document.activeElement?.textContent).toMatch(/^Device enrolled/);
    const row = await screen.findByRole('row', { name: /4D2A9C1170001/ }, REPORT_WAIT);
    expect(within(row).getByText('Added')).toBeTruthy();
    expect(within(row).getByText('ISSUED')).toBeTruthy();
    expect(station.calls.filter((c) => c.channel === 'devices:report').length).toBeGreaterThanOrEqual(2);
  });

  it('closes with Escape and with Close, and starts afresh when opened again', async () => {
    await renderCredentials();
    let dialog = await openDialog();
    fireEvent.change(await within(dialog).findByLabelText('PIN'), { target: { value: '123456' } });
    fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    dialog = await openDialog();
    expect(((await within(dialog).findByLabelText('PIN')) as HTMLInputElement).value).toBe('');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});
