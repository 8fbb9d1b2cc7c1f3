// @vitest-environment jsdom
import { ThemeProvider } from '@mui/material/styles';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIAL_TYPES } from '../../../../shared/domain/credential-types';
import { theme } from '../../../app/theme';
import { credentialTypeName, loadCredentialTypes } from '../../../stores/credential-types-store';
import { fakeStation } from '../../../test-support/station-fake';
import { withStation } from '../../../test-support/with-station';
import { AddApplicantPage } from '../../applicants/AddApplicantPage';

describe('Add Applicant and retired credential types', () => {
  afterEach(() => cleanup());

  it('does not offer a retired type', async () => {
    const station = fakeStation({ 'credential-types:list': async () => DEFAULT_CREDENTIAL_TYPES.map((t) => (t.id === 'prox-card-visitor' ? { ...t, retired: true } : t)) });
    await loadCredentialTypes(station.station);
    render(
      <ThemeProvider theme={theme}>
        <MemoryRouter>
          <AddApplicantPage />
        </MemoryRouter>
      </ThemeProvider>,
      { wrapper: withStation(station.station) },
    );
    await act(async () => {});
    fireEvent.mouseDown(screen.getByRole('combobox', { name: /CREDENTIAL TYPE/ }));
    const options = within(screen.getByRole('listbox')).getAllByRole('option').map((o) => o.textContent);
    expect(options.some((o) => o?.includes('PIV Card – Employee'))).toBe(true);
    expect(options.some((o) => o?.includes('Proximity Card – Visitor'))).toBe(false);
  });

  it('shows a retired type on existing records as retired', () => {
    const types = DEFAULT_CREDENTIAL_TYPES.map((t) => (t.id === 'prox-card-visitor' ? { ...t, retired: true } : t));
    expect(credentialTypeName(types, 'prox-card-visitor')).toBe('Proximity Card – Visitor (retired)');
    expect(credentialTypeName(types, 'piv-card-employee')).toBe('PIV Card – Employee');
  });
});
