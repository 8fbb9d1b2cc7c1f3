import { z } from 'zod';
import type { Handlers } from '../../shared/contract';
import type { adminStationsChannels } from '../../shared/contract/admin-stations';
import { CreateTokenResponse, StationSummary } from '../../shared/contract/server-protocol';
import type { Access } from '../operators/channel-access';
import { adminCall, type AdminDeps } from './admin-server';

type Channel = keyof typeof adminStationsChannels;

/** Who may call each of this area's channels (spread into CHANNEL_ACCESS). */
export const STATIONS_ADMIN_ACCESS: Record<Channel, Access> = {
  'admin-stations:list': 'admin.configure',
  'admin-stations:create-token': 'admin.configure',
  'admin-stations:revoke': 'admin.configure',
};

/**
 * Station › Administration › Stations: relayed to the central server (roles checked and
 * audited there). A registration token passes through once and is kept nowhere here.
 */
export function createStationsAdmin(deps: AdminDeps): Pick<Handlers, Channel> {
  return {
    'admin-stations:list': async () => {
      const stations = await adminCall(deps, (client) => client.admin('GET', '/v1/admin/stations', z.array(StationSummary)));
      return { stations, thisStationId: deps.store.data.stationId };
    },
    'admin-stations:create-token': (input) =>
      adminCall(deps, (client) =>
        client.admin('POST', '/v1/admin/station-tokens', CreateTokenResponse, { stationName: input.stationName, expiresInHours: input.expiresInHours, ...(input.site ? { site: input.site } : {}) }),
      ),
    'admin-stations:revoke': ({ stationId, reason }) =>
      adminCall(deps, (client) => client.admin('POST', `/v1/admin/stations/${encodeURIComponent(stationId)}/revoke`, StationSummary, { reason })),
  };
}
