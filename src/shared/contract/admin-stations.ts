import { z } from 'zod';
import { channel } from './define';
import { CreateTokenRequest, CreateTokenResponse, RevokeStationRequest, StationSummary } from './server-protocol';

/**
 * Station › Administration › Stations (issue 17): channels between the renderer and main
 * ("admin-stations:*", window.station.adminStations.*). Main relays to the server's
 * `/v1/admin/stations…` and `/v1/admin/station-tokens`, which check roles again and audit.
 */

export const StationListResponse = z.strictObject({
  stations: z.array(StationSummary),
  /** This station's own id (so the list can say "this station"). */
  thisStationId: z.uuid().nullable(),
});
export type StationListResponse = z.infer<typeof StationListResponse>;

export const CreateStationTokenInput = z.strictObject({
  stationName: z.string().trim().min(1, 'Give the station a name').max(60),
  site: CreateTokenRequest.shape.site,
  expiresInHours: z.number().int().min(1, 'A token is valid for 1 to 720 hours').max(720, 'A token is valid for 1 to 720 hours'),
});
export type CreateStationTokenInput = z.input<typeof CreateStationTokenInput>;

export const RevokeStationInput = z.strictObject({ stationId: z.uuid(), reason: RevokeStationRequest.shape.reason });
export type RevokeStationInput = z.input<typeof RevokeStationInput>;

export const adminStationsChannels = {
  'admin-stations:list': channel(z.undefined(), StationListResponse),
  /** The token is shown once: main keeps no copy. */
  'admin-stations:create-token': channel(CreateStationTokenInput, CreateTokenResponse),
  'admin-stations:revoke': channel(RevokeStationInput, StationSummary),
};

export const adminStationsEvents = {};
