import { afterEach, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/contract';
import { fakeStation } from '../test-support/station-fake';
import { sampleSyncStatus } from '../test-support/samples';
import { useStationInfo } from './station-info-store';
import { followSync, runSyncCall, syncHealth, syncLabel, syncWords, useSync } from './sync-store';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const label = () => syncLabel(syncWords(useSync.getState(), new Date('2025-03-12T18:00:00')));
const at = (hh: number, mm: number) => new Date(2025, 2, 12, hh, mm).toISOString();

describe('sync status', () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  it('loads, then follows sync:status-changed and reviews:changed', async () => {
    const station = fakeStation();
    stop = followSync(station.station);
    expect(label()).toBe('Checking sync…');
    await flush();
    expect(label()).toBe('Not connected to a server');

    station.emit('sync:status-changed', sampleSyncStatus({ state: 'offline', waiting: 3, lastSuccessAt: at(10, 42) }));
    expect(label()).toMatch(/^Offline · 3 waiting · Last sync 10:42( AM)?$/);
    expect(syncHealth(useSync.getState())).toBe('attention');
    station.emit('sync:status-changed', sampleSyncStatus({ state: 'syncing', waiting: 3 }));
    expect(label()).toBe('Syncing… · 3 waiting');
    station.emit('sync:status-changed', sampleSyncStatus({ state: 'online', lastSuccessAt: at(10, 43) }));
    expect(label()).toMatch(/^Online · Last sync 10:43( AM)?$/);
    expect(syncHealth(useSync.getState())).toBe('ok');

    station.emit('reviews:changed', { openReviews: 2 });
    expect(useSync.getState().sync?.openReviews).toBe(2);
  });

  it('keeps events that arrived before the first answer', async () => {
    let answer: (value: SyncStatus) => void = () => undefined;
    const station = fakeStation({ 'sync:status': () => new Promise((resolve) => (answer = resolve)) });
    stop = followSync(station.station);
    await flush();
    station.emit('sync:status-changed', sampleSyncStatus({ state: 'online' }));
    station.emit('reviews:changed', { openReviews: 4 });
    answer(sampleSyncStatus({ state: 'offline' }));
    await flush();
    expect(label()).toBe('Online');
    expect(useSync.getState().sync?.openReviews).toBe(4);
  });

  it('keeps a newer review count over an older status answer', async () => {
    let answer: (value: SyncStatus) => void = () => undefined;
    const station = fakeStation({ 'sync:status': () => new Promise((resolve) => (answer = resolve)) });
    stop = followSync(station.station);
    await flush();
    station.emit('reviews:changed', { openReviews: 1 });
    answer(sampleSyncStatus({ state: 'online', openReviews: 0 }));
    await flush();
    expect(label()).toBe('Online');
    expect(useSync.getState().sync?.openReviews).toBe(1);
  });

  it('does not let the answer of Sync now overwrite a newer event', async () => {
    let answer: (value: SyncStatus) => void = () => undefined;
    const station = fakeStation({ 'sync:now': () => new Promise((resolve) => (answer = resolve)) });
    stop = followSync(station.station);
    await flush();
    const call = runSyncCall(() => station.station.sync.now());
    station.emit('sync:status-changed', sampleSyncStatus({ state: 'online', waiting: 0 }));
    answer(sampleSyncStatus({ state: 'syncing', waiting: 5 }));
    await call;
    expect(label()).toBe('Online');

    const second = runSyncCall(() => station.station.sync.now());
    answer(sampleSyncStatus({ state: 'offline', waiting: 1 }));
    await second;
    expect(label()).toBe('Offline · 1 waiting');
  });

  it('says a revoked station needs someone (red), and when the status cannot be read', async () => {
    const station = fakeStation();
    stop = followSync(station.station);
    await flush();
    station.emit(
      'sync:status-changed',
      sampleSyncStatus({ state: 'offline', lastError: { problem: 'revoked', message: 'Station revoked', at: at(9, 0) } }),
    );
    expect(syncHealth(useSync.getState())).toBe('down');
    stop();

    stop = followSync(fakeStation({ 'sync:status': () => Promise.reject({ code: 'UNKNOWN_CHANNEL', message: 'sync:status' }) }).station);
    await flush();
    expect(label()).toBe('Sync status unavailable');
  });

  it('turns the top bar to "Station not connected" when the station is gone', async () => {
    stop = followSync(fakeStation({ 'sync:status': () => Promise.reject({ code: 'NOT_CONNECTED', message: 'lost' }) }).station);
    await flush();
    expect(useStationInfo.getState().status).toBe('failed');
  });
});
