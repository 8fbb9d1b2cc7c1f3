import { afterEach, describe, expect, it } from 'vitest';
import { fakeStation } from '../test-support/station-fake';
import { readerStatus } from '../test-support/samples';
import { defaultReader, followReaders, readersHealth, readersLabel, readersShortLabels, useReaders } from './readers-store';
import { useStationInfo } from './station-info-store';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('readers', () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  it('loads, then follows readers:changed', async () => {
    const station = fakeStation({ 'readers:status': async () => readerStatus(false) });
    stop = followReaders(station.station);
    expect(readersLabel(useReaders.getState())).toBe('Card readers starting…');
    await flush();
    expect(readersLabel(useReaders.getState())).toBe('Readers: 1 · no card');
    expect(readersHealth(useReaders.getState())).toBe('ok');

    station.emit('readers:changed', readerStatus(true));
    expect(readersLabel(useReaders.getState())).toBe('Readers: 1 · card in Virtual PCD 00 00');
    // Narrower top bars: words that are part of the full label (the chip's accessible name).
    expect(readersShortLabels(useReaders.getState())).toEqual({ short: 'Readers: 1 · card', compact: 'Card in' });
    station.emit('readers:changed', { pcsc: 'running', readers: [] });
    expect(readersLabel(useReaders.getState())).toBe('No card reader');
    expect(readersHealth(useReaders.getState())).toBe('attention');
    station.emit('readers:changed', { pcsc: 'service-not-running', readers: [] });
    expect(readersLabel(useReaders.getState())).toBe('PC/SC service not running');
    expect(readersHealth(useReaders.getState())).toBe('down');
  });

  it('counts cards put in, so a screen reads each new card', async () => {
    const station = fakeStation({ 'readers:status': async () => readerStatus(false) });
    stop = followReaders(station.station);
    await flush();
    expect(useReaders.getState().insertions['Virtual PCD 00 00']).toBeUndefined();
    station.emit('readers:changed', readerStatus(true));
    station.emit('readers:changed', readerStatus(true)); // the same card, still in
    expect(useReaders.getState().insertions['Virtual PCD 00 00']).toBe(1);
    station.emit('readers:changed', readerStatus(false));
    station.emit('readers:changed', readerStatus(true));
    expect(useReaders.getState().insertions['Virtual PCD 00 00']).toBe(2);
  });

  it('counts several readers and cards', async () => {
    const station = fakeStation({
      'readers:status': async () => ({ pcsc: 'running', readers: [{ name: 'A', cardPresent: true }, { name: 'B', cardPresent: true }] }),
    });
    stop = followReaders(station.station);
    await flush();
    expect(readersLabel(useReaders.getState())).toBe('Readers: 2 · 2 cards in');
  });

  it('keeps an event that arrived before the first answer', async () => {
    let answer: (value: ReturnType<typeof readerStatus>) => void = () => undefined;
    const station = fakeStation({ 'readers:status': () => new Promise((resolve) => (answer = resolve)) });
    stop = followReaders(station.station);
    await flush();
    station.emit('readers:changed', readerStatus(true));
    answer(readerStatus(false));
    await flush();
    expect(useReaders.getState().readers[0]?.cardPresent).toBe(true);
  });

  it('says the readers are unavailable when the station cannot tell', async () => {
    const station = fakeStation({ 'readers:status': () => Promise.reject({ code: 'INTERNAL', message: 'boom' }) });
    stop = followReaders(station.station);
    await flush();
    expect(useReaders.getState().status).toBe('failed');
    expect(readersLabel(useReaders.getState())).toBe('Card readers unavailable');
  });

  it('turns the top bar to "Station not connected" when the station is gone', async () => {
    const station = fakeStation({ 'readers:status': () => Promise.reject({ code: 'NOT_CONNECTED', message: 'The connection to the station was lost.' }) });
    stop = followReaders(station.station);
    await flush();
    expect(useStationInfo.getState().status).toBe('failed');
  });

  it('suggests the reader last used, else the only one, else the only one holding a card', () => {
    const a = { name: 'A', cardPresent: false };
    const b = { name: 'B', cardPresent: true };
    expect(defaultReader([a, b], 'A')).toBe('A');
    expect(defaultReader([a, b], 'gone')).toBe('B');
    expect(defaultReader([a], undefined)).toBe('A');
    expect(defaultReader([a, { ...b, cardPresent: false }], undefined)).toBe('');
    expect(defaultReader([{ ...a, cardPresent: true }, b], undefined)).toBe('');
    expect(defaultReader([], 'A')).toBe('');
  });
});
