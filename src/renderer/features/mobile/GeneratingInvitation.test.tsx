// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { GeneratingInvitation } from './GeneratingInvitation';

afterEach(cleanup);

describe('GeneratingInvitation', () => {
  it('says what it is doing at once, and how long it has been waiting once the provider is slow', async () => {
    render(<GeneratingInvitation slowAfterS={1} />);
    expect(screen.getByText('Generating the invitation…')).toBeTruthy();
    expect(screen.queryByText(/Still waiting for the credential provider/)).toBeNull();
    expect(await screen.findByText(/Still waiting for the credential provider \(\d+ s\)\. It is trying again by itself/, {}, { timeout: 5_000 })).toBeTruthy();
  });
});
