import type { z } from 'zod';
import { adminOperatorsChannels, adminOperatorsEvents } from './admin-operators';
import { adminCredentialTypesChannels, adminCredentialTypesEvents } from './admin-credential-types';
import { adminStationsChannels, adminStationsEvents } from './admin-stations';
import { adminTrustChannels, adminTrustEvents } from './admin-trust';
import { watchlistChannels, watchlistEvents } from './watchlist';
import { applicantChannels, applicantEvents } from './applicants';
import { deviceChannels, deviceEvents } from './devices';
import { mobileChannels, mobileEvents } from './mobile';
import { operatorChannels, operatorEvents } from './operators';
import { stationChannels, stationEvents } from './station';
import { syncChannels, syncEvents } from './sync';
import { unlockChannels, unlockEvents } from './unlock';

export * from './admin-operators';
export * from './admin-credential-types';
export * from './admin-stations';
export * from './admin-trust';
export * from './watchlist';
export * from './applicants';
export * from './devices';
export * from './errors';
export * from './mobile';
export * from './operators';
export * from './station';
export * from './sync';
export * from './unlock';

/** Every request/response channel main serves: the one place they are listed. */
export const channels = { ...stationChannels, ...applicantChannels, ...deviceChannels, ...syncChannels, ...mobileChannels, ...operatorChannels, ...unlockChannels, ...adminOperatorsChannels, ...adminCredentialTypesChannels, ...adminStationsChannels, ...adminTrustChannels, ...watchlistChannels };
/** Every event main pushes. */
export const events = { ...stationEvents, ...applicantEvents, ...deviceEvents, ...syncEvents, ...mobileEvents, ...operatorEvents, ...unlockEvents, ...adminOperatorsEvents, ...adminCredentialTypesEvents, ...adminStationsEvents, ...adminTrustEvents, ...watchlistEvents };

export type Channels = typeof channels;
export type Channel = keyof Channels;
export type EventName = keyof typeof events;

/** What a caller passes (before main parses it). */
export type InputOf<C extends Channel> = z.input<Channels[C]['input']>;
/** What a handler receives (after parsing). */
export type ParsedInputOf<C extends Channel> = z.output<Channels[C]['input']>;
export type OutputOf<C extends Channel> = z.output<Channels[C]['output']>;
export type PayloadOf<E extends EventName> = z.output<(typeof events)[E]['payload']>;

/** Main's side: one handler per channel; the type checker proves the table complete. */
export type Handlers = {
  [C in Channel]: (input: ParsedInputOf<C>) => Promise<OutputOf<C>>;
};

type Area<K extends string> = K extends `${infer A}:${string}` ? A : never;
type Verb<K extends string> = K extends `${string}:${infer V}` ? CamelCase<V> : never;
type CamelCase<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;
type AreaKey<A extends string> = CamelCase<A>;

type CallSignature<C extends Channel> =
  undefined extends InputOf<C>
    ? (input?: InputOf<C>) => Promise<OutputOf<C>>
    : (input: InputOf<C>) => Promise<OutputOf<C>>;

/**
 * `window.station`: `station.applicants.create(input)` for channel `applicants:create`,
 * plus `station.on(event, listener)` returning an unsubscribe function.
 *
 * A failed call rejects with a plain `WireError` object `{ code, message, details }`,
 * NOT an Error instance (Electron's contextBridge would strip `code` from an Error).
 * In the renderer always read a rejection with `toWireError(reason)` from './errors'.
 */
export type StationApi = {
  [A in Area<Channel> as AreaKey<A>]: {
    [C in Channel as Area<C> extends A ? Verb<C> : never]: CallSignature<C>;
  };
} & {
  on<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void): () => void;
};

function camelCase(value: string): string {
  return value.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Splits `credential-types:list` into the API path `['credentialTypes', 'list']`. */
export function apiPath(channelName: string): [string, string] {
  const [area = '', verb = ''] = channelName.split(':');
  return [camelCase(area), camelCase(verb)];
}
