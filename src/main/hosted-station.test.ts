import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UnlockState } from '../shared/contract';
import { scratchDir } from '../../tests/support/web-host';
import { hostStation, type HostedStation } from './hosted-station';
import { passphraseProvider } from './store/key-providers';
import { storeKeyKind } from './store/station-store';
import { startStation } from './station';
import { FakePcsc } from '../../tests/support/pcsc/fake-pcsc';

let dir: { path: string; remove(): Promise<void> };
let hosted: HostedStation | undefined;
let clock = new Date('2026-12-07T09:00:00.000Z');
beforeEach(async () => (dir = await scratchDir('hosted-')));
afterEach(async () => {
  await hosted?.close();
  hosted = undefined;
  await dir.remove();
});

const PASSPHRASE = 'correct horse battery';

function host(mode: 'choose' | 'unlock'): HostedStation {
  hosted = hostStation({
    keys: { mode, reason: 'No key store on this computer.' },
    open: (keys) => startStation({ dataDir: dir.path, keys, version: 'test', pcsc: new FakePcsc(), operator: 'Clerk Ada' }),
    now: () => clock,
    firstPauseMs: 30_000,
  });
  return hosted;
}

async function call(channel: string, input?: unknown) {
  return hosted!.dispatch(channel, input);
}

describe('a station whose key is a passphrase', () => {
  it('first run: asks to choose one, refuses a short or mistyped one, then opens and keeps the store under it', async () => {
    host('choose');
    const seen: UnlockState[] = [];
    hosted!.events.on('unlock:changed', (s) => seen.push(s));
    expect(await call('unlock:status')).toEqual({ ok: true, value: { state: 'choose', reason: 'No key store on this computer.', failures: 0 } });
    // Nothing of the station answers before the passphrase.
    expect(await call('applicants:search', { text: 'x' })).toMatchObject({ ok: false, error: { code: 'STATION_LOCKED' } });

    expect(await call('unlock:submit', { passphrase: 'short', confirm: 'short' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', details: { fieldErrors: { passphrase: 'At least 12 characters.' } } },
    });
    expect(await call('unlock:submit', { passphrase: PASSPHRASE, confirm: `${PASSPHRASE}!` })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', details: { fieldErrors: { confirm: 'The two passphrases are not the same.' } } },
    });
    expect(await call('unlock:submit', { passphrase: PASSPHRASE, confirm: PASSPHRASE })).toEqual({ ok: true, value: { state: 'open' } });
    expect(seen).toEqual([{ state: 'open' }]);
    expect(await call('applicants:search', { text: 'x' })).toMatchObject({ ok: true });
    expect(await storeKeyKind(dir.path)).toBe('passphrase');
  });

  it('later starts: a wrong passphrase says so and counts; after 5 a pause that doubles; the right one opens the same data', async () => {
    const first = await startStation({ dataDir: dir.path, keys: passphraseProvider(PASSPHRASE), version: 'test', pcsc: new FakePcsc(), operator: 'Clerk Ada' });
    const created = await first.handlers['applicants:create']({ firstName: 'Ada', lastName: 'Lovelace', credentialTypeId: 'piv-card-employee' });
    await first.close();

    host('unlock');
    for (let i = 1; i <= 4; i++) {
      const reply = await call('unlock:submit', { passphrase: `wrong passphrase ${i}` });
      expect(reply).toMatchObject({ ok: false, error: { code: 'PASSPHRASE_INCORRECT', details: { failures: i } } });
      if (!reply.ok) expect(reply.error.message).toBe(`Wrong passphrase: ${5 - i} tr${5 - i === 1 ? 'y' : 'ies'} before a pause.`);
    }
    expect(await call('unlock:submit', { passphrase: 'wrong passphrase 5' })).toMatchObject({
      ok: false,
      error: { code: 'PASSPHRASE_INCORRECT', details: { failures: 5, pausedUntil: '2026-12-07T09:00:30.000Z' } },
    });
    // While paused even the right passphrase is not tried.
    expect(await call('unlock:submit', { passphrase: PASSPHRASE })).toMatchObject({ ok: false, error: { code: 'PASSPHRASE_PAUSED' } });
    expect(await call('unlock:status')).toMatchObject({ ok: true, value: { state: 'unlock', failures: 5, pausedUntil: '2026-12-07T09:00:30.000Z' } });

    clock = new Date('2026-12-07T09:00:31.000Z');
    expect(await call('unlock:submit', { passphrase: 'wrong passphrase 6' })).toMatchObject({
      ok: false,
      error: { code: 'PASSPHRASE_INCORRECT', details: { failures: 6, pausedUntil: '2026-12-07T09:01:31.000Z' } },
    });
    clock = new Date('2026-12-07T09:01:32.000Z');
    expect(await call('unlock:submit', { passphrase: PASSPHRASE })).toEqual({ ok: true, value: { state: 'open' } });
    expect(await call('applicants:get', { employeeNumber: created.employeeNumber })).toMatchObject({ ok: true, value: { applicant: { firstName: 'Ada' } } });
  });

  it('forwards the station’s events once open, and closing closes the store (it opens again)', async () => {
    host('choose');
    await call('unlock:submit', { passphrase: PASSPHRASE, confirm: PASSPHRASE });
    const station = await hosted!.opened;
    const events: string[] = [];
    hosted!.events.onAny((event) => events.push(event));
    station.events.emit('applicants:changed', { employeeNumber: '10000001' });
    expect(events).toEqual(['applicants:changed']);
    await hosted!.close();
    hosted = undefined;
    const again = await startStation({ dataDir: dir.path, keys: passphraseProvider(PASSPHRASE), version: 'test', pcsc: new FakePcsc() });
    await again.close();
  });
});
