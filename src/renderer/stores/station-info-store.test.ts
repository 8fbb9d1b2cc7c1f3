import { afterEach, describe, expect, it } from 'vitest';
import { fakeStation } from '../test-support/fake-station';
import { connectionLabel, describeCallFailure, followStationInfo, useStationInfo } from './station-info-store';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('station info', () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  it('loads, then follows station:changed', async () => {
    const station = fakeStation();
    stop = followStationInfo(station.station);
    expect(connectionLabel(useStationInfo.getState())).toBe('Connecting to the station…');
    await flush();
    expect(useStationInfo.getState().info?.stationName).toBe('Front Desk 1');
    expect(connectionLabel(useStationInfo.getState())).toBe('Offline: no server configured');

    const info = useStationInfo.getState().info!;
    station.emit('station:changed', { ...info, connection: { state: 'online', serverUrl: 'https://idms.example' } });
    expect(connectionLabel(useStationInfo.getState())).toBe('Online');
    station.emit('station:changed', { ...info, connection: { state: 'offline', reason: 'unreachable' } });
    expect(connectionLabel(useStationInfo.getState())).toBe('Offline: server unreachable');
  });

  it('says "Station not connected" as soon as any call finds the station gone', async () => {
    stop = followStationInfo(fakeStation().station);
    await flush();
    const error = describeCallFailure({ code: 'NOT_CONNECTED', message: 'The connection to the station was lost.' });
    expect(error.title).toBe('Station not connected');
    expect(connectionLabel(useStationInfo.getState())).toBe('Station not connected');
  });

  it('leaves the connection alone for other failures', async () => {
    stop = followStationInfo(fakeStation().station);
    await flush();
    describeCallFailure({ code: 'STORE_WRITE_FAILED', message: 'disk full' });
    expect(useStationInfo.getState().status).toBe('ready');
  });
});
