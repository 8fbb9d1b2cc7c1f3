// @vitest-environment jsdom
import { ThemeProvider } from '@mui/material/styles';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useParams } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplicantInput } from '../../../shared/domain/applicant';
import { theme } from '../../app/theme';
import { loadCredentialTypes } from '../../stores/credential-types-store';
import { fakeStation } from '../../test-support/station-fake';
import { sampleApplicant } from '../../test-support/samples';
import { AddApplicantPage } from './AddApplicantPage';
import { withStation } from '../../test-support/with-station';

function RecordStub() {
  const { employeeNumber } = useParams();
  return <p>Record page {employeeNumber}</p>;
}

async function renderPage(station: ReturnType<typeof fakeStation>) {
  await loadCredentialTypes(station.station);
  render(
    <ThemeProvider theme={theme}>
      <MemoryRouter initialEntries={['/applicants/new']}>
        <Routes>
          <Route path="/applicants/new" element={<AddApplicantPage />} />
          <Route path="/applicants/:employeeNumber" element={<RecordStub />} />
          <Route path="/search" element={<p>Search page</p>} />
        </Routes>
      </MemoryRouter>
    </ThemeProvider>, { wrapper: withStation(station.station) });
}

function type(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label, { exact: false }), { target: { value } });
}

function chooseType(name: string) {
  fireEvent.mouseDown(screen.getByRole('combobox', { name: /CREDENTIAL TYPE/ }));
  fireEvent.click(within(screen.getByRole('listbox')).getByRole('option', { name: new RegExp(name) }));
}

async function submit() {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Submit' }));
  });
}

describe('Add a New Applicant', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });
  afterEach(() => cleanup());

  it("shows the procedure's labels and focuses FIRST NAME", async () => {
    await renderPage(fakeStation());
    expect(screen.getByRole('heading', { name: 'Add a New Applicant' })).toBeTruthy();
    for (const label of ['FIRST NAME', 'MIDDLE NAME', 'LAST NAME', 'EXTERNAL IDENTITY LINKING KEY', 'EMAIL ADDRESS', 'USER PRINCIPAL NAME']) {
      expect(screen.getByLabelText(label, { exact: false })).toBeTruthy();
    }
    expect(screen.getByRole('combobox', { name: /CREDENTIAL TYPE/ })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Optional' })).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('FIRST NAME', { exact: false }));
  });

  it('shows every problem on its field and sends nothing', async () => {
    const station = fakeStation();
    await renderPage(station);
    chooseType('Mobile PACS – Employee');
    type('EMAIL ADDRESS', 'ingrid@');
    await submit();
    expect(screen.getByText('FIRST NAME is required')).toBeTruthy();
    expect(screen.getByText('LAST NAME is required')).toBeTruthy();
    expect(screen.getByText('Enter an email address like name@example.org')).toBeTruthy();
    expect(screen.getByLabelText('EMAIL ADDRESS', { exact: false }).getAttribute('aria-invalid')).toBe('true');
    expect(station.calls.some((c) => c.channel === 'applicants:create')).toBe(false);
    expect(document.activeElement).toBe(screen.getByLabelText('FIRST NAME', { exact: false }));
  });

  it("makes EMAIL ADDRESS required for a mobile type, in the type's words", async () => {
    await renderPage(fakeStation());
    type('FIRST NAME', 'Ada');
    type('LAST NAME', 'Lovelace');
    chooseType('Mobile PACS – Employee');
    await submit();
    expect(screen.getByText('EMAIL ADDRESS is required for the credential type Mobile PACS – Employee')).toBeTruthy();
  });

  it('sends the names exactly as typed and opens the new record', async () => {
    const station = fakeStation({ 'applicants:create': async () => sampleApplicant({ employeeNumber: '10000042' }) });
    await renderPage(station);
    type('FIRST NAME', '  Seán ');
    type('LAST NAME', "O'Brien-de la Cruz");
    chooseType('PIV Card – Employee');
    await submit();
    const sent = station.calls.find((c) => c.channel === 'applicants:create')?.input as ApplicantInput;
    expect(sent.firstName).toBe('  Seán ');
    expect(sent.lastName).toBe("O'Brien-de la Cruz");
    expect(await screen.findByText('Record page 10000042')).toBeTruthy();
  });

  it('on "User already exists" keeps the form and links to the existing record', async () => {
    const station = fakeStation({
      'applicants:create': () =>
        Promise.reject({
          code: 'USER_ALREADY_EXISTS',
          message: 'An account with this information already exists in the system.',
          details: { employeeNumber: '10000007', matchedOn: ['email'] },
        }),
    });
    await renderPage(station);
    type('FIRST NAME', 'Sean');
    type('LAST NAME', 'OBrien');
    chooseType('Mobile PACS – Employee');
    type('EMAIL ADDRESS', 'sean@example.org');
    await submit();
    expect(screen.getByText('User already exists')).toBeTruthy();
    expect(
      screen.getByText('An account with this information already exists in the system. Search for existing user or use different credentials.'),
    ).toBeTruthy();
    expect(screen.getByText('Already used by Employee Number 10000007')).toBeTruthy();
    expect((screen.getByLabelText('FIRST NAME', { exact: false }) as HTMLInputElement).value).toBe('Sean');
    fireEvent.click(screen.getByRole('link', { name: 'Open existing record (Employee Number 10000007)' }));
    expect(await screen.findByText('Record page 10000007')).toBeTruthy();
  });

  it("puts the station's field errors on the fields", async () => {
    const station = fakeStation({
      'applicants:create': () =>
        Promise.reject({ code: 'VALIDATION_FAILED', message: 'Some fields need attention.', details: { fieldErrors: { lastName: ['LAST NAME must contain at least one letter'] } } }),
    });
    await renderPage(station);
    type('FIRST NAME', 'Ada');
    type('LAST NAME', 'Lovelace');
    chooseType('PIV Card – Employee');
    await submit();
    expect(screen.getByText('LAST NAME must contain at least one letter')).toBeTruthy();
  });

  it('explains any other failure with its fix and keeps the form', async () => {
    const station = fakeStation({ 'applicants:create': () => Promise.reject({ code: 'STORE_WRITE_FAILED', message: 'disk full' }) });
    await renderPage(station);
    type('FIRST NAME', 'Ada');
    type('LAST NAME', 'Lovelace');
    chooseType('PIV Card – Employee');
    await submit();
    expect(screen.getByText('Could not save')).toBeTruthy();
    expect(screen.getByText(/nothing was saved/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Submit' })).toBeTruthy();
    expect((screen.getByLabelText('LAST NAME', { exact: false }) as HTMLInputElement).value).toBe('Lovelace');
  });
});
