import { z } from 'zod';
import { CredentialType } from '../domain/credential-types';
import { channel, event } from './define';

export const ConnectionState = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('offline'), reason: z.enum(['no-server-configured', 'unreachable']) }),
  z.strictObject({ state: z.literal('online'), serverUrl: z.string() }),
]);
export type ConnectionState = z.infer<typeof ConnectionState>;

export const StationInfo = z.strictObject({
  productName: z.string(),
  version: z.string(),
  stationId: z.string(),
  stationName: z.string(),
  operator: z.string(),
  connection: ConnectionState,
  /** Set when the station opened its last good copy after finding its data file damaged. */
  recovery: z.strictObject({ restored: z.string(), mayBeMissing: z.string(), keptAside: z.string() }).optional(),
});
export type StationInfo = z.infer<typeof StationInfo>;

export const stationChannels = {
  'station:get-info': channel(z.undefined(), StationInfo),
  'credential-types:list': channel(z.undefined(), z.array(CredentialType)),
};

export const stationEvents = {
  'station:changed': event(StationInfo),
};
