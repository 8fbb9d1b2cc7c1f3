import { describe, expect, it } from 'vitest';
import { fakeStation } from './station-fake';
import { sampleApplicant } from './samples';

describe('the fake station (the real createStationApi over an in-memory transport)', () => {
  it('answers a channel without a handler with a contract error naming the channel', async () => {
    const station = fakeStation({ 'sync:now': undefined });
    await expect(station.station.sync.now()).rejects.toMatchObject({ code: 'UNKNOWN_CHANNEL', message: expect.stringContaining('sync:now') });
  });

  it('parses the input as main does', async () => {
    const station = fakeStation();
    await expect(station.station.applicants.get({ employeeNumber: 'nope' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(station.calls).toEqual([{ channel: 'applicants:get', input: { employeeNumber: 'nope' } }]);
  });

  it('parses the output as the preload does: a reply off the contract is refused', async () => {
    const station = fakeStation({ 'applicants:create': async () => ({ ...sampleApplicant(), employeeNumber: 'x' }) });
    await expect(
      station.station.applicants.create({ firstName: 'Ada', lastName: 'Lovelace', credentialTypeId: 'piv-card-employee' }),
    ).rejects.toMatchObject({ code: 'INTERNAL', message: 'The station sent a reply this screen cannot read.' });
  });

  it('sends a rejection as a WireError', async () => {
    const station = fakeStation({ 'sync:now': () => Promise.reject({ code: 'SERVER_UNREACHABLE', message: 'down' }) });
    await expect(station.station.sync.now()).rejects.toEqual({ code: 'SERVER_UNREACHABLE', message: 'down' });
  });

  it('delivers a valid event and refuses one off the contract', () => {
    const station = fakeStation();
    const seen: unknown[] = [];
    const stop = station.station.on('approvals:changed', (payload) => seen.push(payload));
    station.emit('approvals:changed', { pending: 2 });
    expect(seen).toEqual([{ pending: 2 }]);
    expect(() => station.emit('approvals:changed', { pending: -1 })).toThrow(/does not match the contract/);
    stop();
    station.emit('approvals:changed', { pending: 3 });
    expect(seen).toHaveLength(1);
  });
});
