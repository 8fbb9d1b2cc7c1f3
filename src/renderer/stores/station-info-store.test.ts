import { afterEach, describe, expect, it } from 'vitest';
import type { StationInfo } from '../../shared/contract';
import { fakeStation } from '../test-support/station-fake';
import { describeCallFailure, followStationInfo, useStationInfo } from './station-info-store';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('station info', () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  it('loads, then follows station:changed', async () => {
    const station = fakeStation();
    stop = followStationInfo(station.station);
    expect(useStationInfo.getState().status).toBe('loading');
    await flush();
    expect(useStationInfo.getState().info?.stationName).toBe('Front Desk 1');

    const info = useStationInfo.getState().info!;
    station.emit('station:changed', { ...info, stationName: 'Front Desk 2' });
    expect(useStationInfo.getState().info?.stationName).toBe('Front Desk 2');
  });

  it('keeps an event that arrived before the first answer', async () => {
    let answer: (value: StationInfo) => void = () => undefined;
    const station = fakeStation();
    const info = await station.station.station.getInfo();
    station.handle('station:get-info', () => new Promise<StationInfo>((resolve) => (answer = resolve)));
    stop = followStationInfo(station.station);
    station.emit('station:changed', { ...info, operator: 'clerk2' });
    answer(info);
    await flush();
    expect(useStationInfo.getState().info?.operator).toBe('clerk2');
  });

  it('says "Station not connected" as soon as any call finds the station gone', async () => {
    stop = followStationInfo(fakeStation().station);
    await flush();
    const error = describeCallFailure({ code: 'NOT_CONNECTED', message: 'The connection to the station was lost.' });
    expect(error.title).toBe('Station not connected');
    const state = useStationInfo.getState();
    expect(state.status === 'failed' && state.error.title).toBe('Station not connected');
  });

  it('leaves the station alone for other failures', async () => {
    stop = followStationInfo(fakeStation().station);
    await flush();
    describeCallFailure({ code: 'STORE_WRITE_FAILED', message: 'disk full' });
    expect(useStationInfo.getState().status).toBe('ready');
  });
});
