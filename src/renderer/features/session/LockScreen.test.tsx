// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../app/App';
import { followReaders } from '../../stores/readers-store';
import { followSession, useSession } from '../../stores/session-store';
import { followStationInfo } from '../../stores/station-info-store';
import { fakeStation } from '../../test-support/station-fake';
import { readerStatus, sampleSession, SAMPLE_READER, signedInSession } from '../../test-support/samples';
import { LockScreen } from './LockScreen';
import { withStation } from '../../test-support/with-station';

let stops: (() => void)[] = [];
const locked = (lockedBecause: 'start' | 'signed-out' | 'card-removed' | 'idle' = 'start') =>
  sampleSession({ mode: 'locked', lockedBecause, allowed: [], idleLockMinutes: 10 });

async function renderLock(overrides: Parameters<typeof fakeStation>[0] = {}, session = locked()) {
  const station = fakeStation({ 'readers:status': async () => readerStatus(true), 'session:get': async () => session, ...overrides });
  stops = [followStationInfo(station.station), followReaders(station.station), followSession(station.station)];
  render(<LockScreen session={session} />, { wrapper: withStation(station.station) });
  await act(async () => {});
  return station;
}

function typePin(pin: string) {
  const field = screen.getByLabelText(/^PIN/);
  fireEvent.change(field, { target: { value: pin } });
  return field;
}

describe('lock screen', () => {
  afterEach(() => {
    for (const stop of stops) stop();
    useSession.setState({ status: 'loading' }, true);
    cleanup();
  });

  it('asks for the digital certificate, shows the reader holding a card and has the PIN field focused', async () => {
    await renderLock();
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in with your digital certificate' })).toBeTruthy();
    const reader = screen.getByRole('radio', { name: `${SAMPLE_READER} · card inserted` }) as HTMLInputElement;
    expect(reader.checked).toBe(true);
    const pin = screen.getByLabelText(/^PIN/) as HTMLInputElement;
    expect(document.activeElement).toBe(pin);
    expect(pin.type).toBe('password');
    expect(pin.inputMode).toBe('numeric');
  });

  it.each([
    ['card-removed', 'Your card was removed, so the station locked.'],
    ['idle', 'Locked after 10 minutes without activity.'],
    ['signed-out', 'Signed out.'],
  ] as const)('says why it is locked (%s)', async (because, words) => {
    await renderLock({}, locked(because));
    expect(screen.getByText(words)).toBeTruthy();
  });

  it('signs in with the reader and the PIN when Enter is pressed', async () => {
    const station = await renderLock({ 'session:sign-in': async () => signedInSession(['clerk']) });
    const field = typePin('123456');
    await act(async () => fireEvent.submit(field.closest('form')!));
    expect(station.calls.find((c) => c.channel === 'session:sign-in')?.input).toEqual({ readerName: SAMPLE_READER, pin: '123456' });
    const state = useSession.getState();
    expect(state.status === 'ready' && state.session.mode).toBe('signed-in');
  });

  it('does not ask the card with a PIN that is not 6 to 8 digits, and says so', async () => {
    const station = await renderLock();
    typePin('12ab3');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Sign in' })));
    expect(screen.getByText('Type your PIN: 6 to 8 digits.')).toBeTruthy();
    expect((screen.getByLabelText(/^PIN/) as HTMLInputElement).value).toBe('123');
    expect(station.calls.some((c) => c.channel === 'session:sign-in')).toBe(false);
  });

  it('says a wrong PIN in words, with the tries left, and clears the PIN', async () => {
    await renderLock({
      'session:sign-in': () => Promise.reject({ code: 'PIN_INCORRECT', message: 'Wrong PIN', details: { triesLeft: 2 } }),
    });
    typePin('654321');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Sign in' })));
    const alert = screen.getByRole('alert');
    expect(within(alert).getByText('Wrong PIN')).toBeTruthy();
    expect(within(alert).getByText(/2 tries left before it blocks\. Type your PIN again\./)).toBeTruthy();
    const pin = screen.getByLabelText(/^PIN/) as HTMLInputElement;
    expect(pin.value).toBe('');
    expect(document.activeElement).toBe(pin);
  });

  it('says a revoked certificate in words', async () => {
    await renderLock({ 'session:sign-in': () => Promise.reject({ code: 'CERT_REVOKED', message: 'CN=Sam Clerk is revoked' }) });
    typePin('12345678');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Sign in' })));
    expect(screen.getByText('Certificate revoked')).toBeTruthy();
    expect(screen.getByText('The certificate on your card has been revoked. Contact your system administrator.')).toBeTruthy();
  });

  it('speaks to the operator, not about a device enrollment, when the card does not answer', async () => {
    await renderLock({ 'session:sign-in': () => Promise.reject({ code: 'CARD_ERROR', message: 'The card in Virtual PCD 00 00 did not answer.' }) });
    typePin('123456');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Sign in' })));
    expect(screen.getByText('Card not read')).toBeTruthy();
    expect(screen.queryByText('Device enrollment fails')).toBeNull();
  });

  it('asks for the card when the chosen reader holds none', async () => {
    await renderLock({ 'readers:status': async () => readerStatus(false) });
    expect(screen.getByText(`Insert your operator card in ${SAMPLE_READER}.`)).toBeTruthy();
  });
});

describe('the station while locked', () => {
  afterEach(() => {
    useSession.setState({ status: 'loading' }, true);
    cleanup();
  });

  it('shows only the lock screen, and the station once signed in', async () => {
    const station = fakeStation({ 'session:get': async () => locked(), 'readers:status': async () => readerStatus(true) });
    render(<App />, { wrapper: withStation(station.station) });
    await act(async () => {});
    expect(screen.getByRole('heading', { name: 'Sign in with your digital certificate' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Identity' })).toBeNull();

    await act(async () => station.emit('session:changed', signedInSession(['clerk'])));
    expect(screen.queryByRole('heading', { name: 'Sign in with your digital certificate' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Identity' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Operator: Sam Clerk (Clerk)' })).toBeTruthy();

    await act(async () => station.emit('session:changed', locked('idle')));
    expect(screen.getByText('Locked after 10 minutes without activity.')).toBeTruthy();
  });
});
