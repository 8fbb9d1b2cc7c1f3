import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIAL_TYPES, type CredentialType } from '../../shared/domain/credential-types';
import { fakeStation } from '../test-support/station-fake';
import { loadCredentialTypes, refreshCredentialTypes, useCredentialTypes } from './credential-types-store';

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 0));
};

describe('credential types on an open page', () => {
  afterEach(() => useCredentialTypes.setState({ status: 'idle', types: [], error: undefined }, true));

  it('follows the feed: when main announces station:changed, the list is fetched again in place', async () => {
    const station = fakeStation();
    let served: CredentialType[] = [...DEFAULT_CREDENTIAL_TYPES];
    station.handle('credential-types:list', async () => served);
    await loadCredentialTypes(station.station);
    expect(useCredentialTypes.getState()).toMatchObject({ status: 'ready', types: DEFAULT_CREDENTIAL_TYPES });

    // The server's feed set a new list (credential-types.set): main announces it.
    served = [{ ...DEFAULT_CREDENTIAL_TYPES[0]!, id: 'visitor-day-pass', name: 'Visitor – Day Pass' }];
    const states: string[] = [];
    const stop = useCredentialTypes.subscribe((s) => states.push(s.status));
    station.emit('station:changed', { productName: 'Enrollment Station', version: '0.1.0', stationId: 'st-1', stationName: 'Front Desk 1', operator: 'clerk1' });
    await until(() => useCredentialTypes.getState().types[0]?.id === 'visitor-day-pass');
    stop();
    expect(useCredentialTypes.getState().types.map((t) => t.name)).toEqual(['Visitor – Day Pass']);
    // Never back to "loading": an open Add Applicant form keeps its draft.
    expect(states).not.toContain('loading');
  });

  it('keeps the list it shows when a refresh fails', async () => {
    const station = fakeStation();
    await loadCredentialTypes(station.station);
    let asked = false;
    station.handle('credential-types:list', async () => {
      asked = true;
      throw { code: 'NOT_CONNECTED', message: 'The connection to the station was lost.' };
    });
    await refreshCredentialTypes(station.station);
    expect(asked).toBe(true);
    expect(useCredentialTypes.getState()).toMatchObject({ status: 'ready', types: DEFAULT_CREDENTIAL_TYPES });
  });
});
