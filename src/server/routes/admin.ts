import { z } from 'zod';
import { CreateTokenRequest, CreateTokenResponse, RevokeStationRequest, ServerErrorBody, StationSummary } from '../../shared/contract/server-protocol';
import type { App, AppContext } from '../context';
import { actorOf, adminOrOperatorAuth } from '../auth';
import { createEnrollmentToken, listStations, revokeStation } from '../stations';

/** The admin key, or (once sign-in is configured) a station with `X-Operator` naming an administrator. */
const security: Array<Record<string, string[]>> = [{ admin: [] }, { station: [] }];

export function adminRoutes(app: App, context: AppContext): void {
  const onRequest = adminOrOperatorAuth(context, 'admin.configure');
  app.post(
    '/v1/admin/station-tokens',
    {
      onRequest,
      schema: {
        tags: ['admin'],
        summary: 'Create a one-time station enrollment token (a name in use by a registered station: 409 ALREADY_EXISTS)',
        security,
        body: CreateTokenRequest,
        response: { 200: CreateTokenResponse, '4xx': ServerErrorBody },
      },
    },
    async (request) => {
      const created = await createEnrollmentToken(context.db, request.body, actorOf(request));
      request.log.info({ expiresAt: created.expiresAt }, 'enrollment token created');
      return created;
    },
  );

  app.get(
    '/v1/admin/stations',
    { onRequest, schema: { tags: ['admin'], summary: 'List registered stations', security, response: { 200: z.array(StationSummary), '4xx': ServerErrorBody } } },
    async () => {
      return listStations(context.db);
    },
  );

  app.post(
    '/v1/admin/stations/:id/revoke',
    {
      onRequest,
      schema: {
        tags: ['admin'],
        summary: 'Revoke a station with a reason: it can no longer sync or register again',
        security,
        params: z.strictObject({ id: z.uuid() }),
        body: RevokeStationRequest.nullish(),
        response: { 200: StationSummary, '4xx': ServerErrorBody },
      },
    },
    async (request) => {
      const station = await revokeStation(context.db, request.params.id.toLowerCase(), { reason: request.body?.reason, actor: actorOf(request) });
      request.log.info({ stationId: station.stationId }, 'station revoked');
      return station;
    },
  );
}
