import type { z } from 'zod';
import { createStationApi, type Transport } from '../../preload/create-station-api';
import { channels, events, type Channel, type EventName, type OutputOf, type ParsedInputOf, type StationApi } from '../../shared/contract';
import { toWireError, type Envelope } from '../../shared/contract/errors';
import { fieldErrorsFrom } from '../../shared/domain/applicant';
import { DEFAULT_CREDENTIAL_TYPES } from '../../shared/domain/credential-types';
import { nextStatus } from '../../shared/domain/mobile-credential';
import {
  sampleApplicant,
  sampleAuditPage,
  sampleCardDetails,
  sampleDevice,
  sampleInvitation,
  sampleMobileCredential,
  sampleSession,
  sampleSyncStatus,
  signedInSession,
} from './samples';

/** What main would do for one channel: gets the parsed input, answers the output (or rejects with a WireError). */
export type FakeHandler<C extends Channel> = (input: ParsedInputOf<C>) => Promise<OutputOf<C>> | OutputOf<C>;
export type FakeHandlers = { [C in Channel]?: FakeHandler<C> };

type PayloadInput<E extends EventName> = z.input<(typeof events)[E]['payload']>;

/**
 * Answers for a station with nothing in it yet. A channel left out here (a new one) answers
 * UNKNOWN_CHANNEL, as main does for a channel it does not serve, until a test passes a handler.
 */
const DEFAULTS: FakeHandlers = {
  'station:get-info': async () => ({ productName: 'Enrollment Station', version: '0.1.0', stationId: 'st-1', stationName: 'Front Desk 1', operator: 'clerk1' }),
  'credential-types:list': async () => [...DEFAULT_CREDENTIAL_TYPES],
  'applicants:create': async () => sampleApplicant(),
  'applicants:get': async () => ({ applicant: sampleApplicant(), history: [] }),
  'applicants:search': async () => ({ applicants: [], total: 0 }),
  'readers:status': async () => ({ pcsc: 'running', readers: [] }),
  'readers:diagnostics': async ({ readerName }) => ({ readerName, cardPresent: false, atrExplained: [], apduLog: [] }),
  'devices:read-card': async () => sampleCardDetails(),
  'devices:enroll': async () => sampleDevice(),
  'devices:report': async () => [],
  'sync:status': async () => sampleSyncStatus(),
  'sync:now': async () => sampleSyncStatus(),
  'sync:register': async () => sampleSyncStatus({ state: 'online', serverUrl: 'https://credentials.example.org' }),
  'reviews:list': async () => [],
  'reviews:resolve': async ({ reviewId }) => {
    throw { code: 'REVIEW_NOT_FOUND', message: `No review ${reviewId}` };
  },
  'mobile:invite': async () => sampleInvitation(),
  'mobile:list': async () => [],
  'mobile:set-status': async ({ credentialId, action, reason }) => {
    const status = nextStatus('ACTIVE', action) ?? nextStatus('SUSPENDED', action) ?? 'REVOKED';
    return sampleMobileCredential({ credentialId, status, statusReason: reason });
  },
  'unlock:status': async () => ({ state: 'open' }),
  'unlock:submit': async () => ({ state: 'open' }),
  'session:get': async () => sampleSession(),
  'session:sign-in': async () => signedInSession(['clerk']),
  'session:sign-out': async () => sampleSession({ mode: 'locked', lockedBecause: 'signed-out', allowed: [] }),
  'session:touch': async () => signedInSession(['clerk']),
  'approvals:list': async () => [],
  'approvals:decide': async ({ deviceId, decision, reason }) =>
    sampleDevice({
      id: deviceId,
      credentials: [
        {
          id: 'cred-1',
          credentialTypeId: 'piv-card-employee',
          status: decision === 'approve' ? 'ISSUED' : 'REJECTED',
          issuedAt: '2025-03-12T13:10:05.000Z',
          decision: { decision, reason: reason ?? '', decidedBy: 'Grace Hopper', decidedAt: '2025-03-12T14:00:00.000Z' },
        },
      ],
    }),
  'audit:list': async () => sampleAuditPage([]),
  'audit:export': async ({ format }) =>
    format === 'csv'
      ? { fileName: 'audit-front-desk-1.csv', mediaType: 'text/csv', content: 'seq,at,action\n1,2025-03-12T13:03:22.000Z,applicant.created\n' }
      : { fileName: 'audit-front-desk-1.json', mediaType: 'application/json', content: '{"entries":[]}' },
};

/**
 * The station API for renderer tests: the real `createStationApi` over an in-memory
 * transport. Handlers are partial (the defaults above fill in); inputs are parsed as main
 * parses them, outputs and events as the preload parses them, and a handler's rejection
 * travels as a WireError envelope.
 */
export function fakeStation(handlers: FakeHandlers = {}) {
  const table: FakeHandlers = { ...DEFAULTS, ...handlers };
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const calls: { channel: Channel; input: unknown }[] = [];

  const dispatch = async (channel: Channel, input: unknown): Promise<Envelope> => {
    const handler = table[channel] as ((input: unknown) => Promise<unknown> | unknown) | undefined;
    if (!handler) {
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `The fake station has no handler for ${channel}: pass one to fakeStation({ '${channel}': … }).` } };
    }
    const parsed = channels[channel].input.safeParse(input);
    if (!parsed.success) {
      return { ok: false, error: { code: 'VALIDATION_FAILED', message: 'Some fields need attention.', details: { fieldErrors: fieldErrorsFrom(parsed.error) } } };
    }
    try {
      return { ok: true, value: await handler(parsed.data) };
    } catch (reason) {
      return { ok: false, error: toWireError(reason) };
    }
  };

  const transport: Transport = {
    invoke(channel, input) {
      calls.push({ channel, input });
      return dispatch(channel, input);
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };

  const station: StationApi = createStationApi(transport);
  return {
    station,
    /** Every call as the renderer made it (input before parsing). */
    calls,
    /** Replaces one channel's answer from now on. */
    handle<C extends Channel>(channel: C, handler: FakeHandler<C>) {
      (table as Record<Channel, unknown>)[channel] = handler;
    },
    /** Pushes an event; a payload the contract refuses fails the test here instead of being dropped silently. */
    emit<E extends EventName>(event: E, payload: PayloadInput<E>) {
      const parsed = events[event].payload.safeParse(payload);
      if (!parsed.success) throw new Error(`fakeStation.emit: ${event} payload does not match the contract: ${parsed.error.message}`);
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
  };
}

export type FakeStation = ReturnType<typeof fakeStation>;
