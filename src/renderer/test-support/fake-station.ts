import type { StationApi } from '../../shared/contract';
import type { Applicant } from '../../shared/domain/applicant';
import { DEFAULT_CREDENTIAL_TYPES } from '../../shared/domain/credential-types';

type Listener = (payload: unknown) => void;

/**
 * A `window.station` for renderer unit tests: each call is a function the test can
 * replace; events are emitted by hand. Rejections are plain WireError objects, as the
 * real preload sends them.
 */
export function fakeStation(overrides: Partial<{
  create: StationApi['applicants']['create'];
  get: StationApi['applicants']['get'];
  search: StationApi['applicants']['search'];
}> = {}) {
  const listeners = new Map<string, Set<Listener>>();
  const calls: { channel: string; input: unknown }[] = [];
  const record = <A extends unknown[], R>(channel: string, fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      calls.push({ channel, input: args[0] });
      return fn(...args);
    };

  const station = {
    station: {
      getInfo: record('station:get-info', async () => ({
        productName: 'Enrollment Station',
        version: '0.1.0',
        stationId: 'st-1',
        stationName: 'Front Desk 1',
        operator: 'clerk1',
        connection: { state: 'offline', reason: 'no-server-configured' } as const,
      })),
    },
    credentialTypes: { list: record('credential-types:list', async () => [...DEFAULT_CREDENTIAL_TYPES]) },
    applicants: {
      create: record('applicants:create', overrides.create ?? (async () => sampleApplicant())),
      get: record('applicants:get', overrides.get ?? (async () => ({ applicant: sampleApplicant(), history: [] }))),
      search: record('applicants:search', overrides.search ?? (async () => ({ applicants: [], total: 0 }))),
    },
    on(event: string, listener: Listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  } as unknown as StationApi;

  return {
    station,
    calls,
    emit(event: string, payload: unknown) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
  };
}

export function sampleApplicant(overrides: Partial<Applicant> = {}): Applicant {
  return {
    employeeNumber: '10000001',
    firstName: 'Ada',
    lastName: 'Lovelace',
    credentialTypeId: 'piv-card-employee',
    createdAt: '2025-03-12T13:03:22.000Z',
    createdBy: 'clerk1',
    stationId: 'st-1',
    ...overrides,
  };
}
