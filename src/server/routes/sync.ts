import { LeaseRequest, LeaseResponse, PullQuery, PullResponse, PushRequest, PushResponse, ServerErrorBody } from '../../shared/contract/server-protocol';
import { PUSH_BODY_LIMIT, type App, type AppContext } from '../context';
import { stationAuth, stationOf } from '../auth';
import { leaseBlock } from '../sync/leases';
import { pullChanges } from '../sync/pull';
import { applyPush } from '../sync/push';
import { recordWaitingChanges } from '../stations';

const security = [{ station: [] }];

/** The station's sync endpoints; every one needs `Authorization: Bearer <stationId>.<secret>`. */
export function syncRoutes(app: App, context: AppContext): void {
  const onRequest = stationAuth(context);
  app.post(
    '/v1/sync/push',
    {
      onRequest,
      bodyLimit: PUSH_BODY_LIMIT,
      schema: {
        tags: ['sync'],
        summary: 'Apply the station\'s outbox entries, in order, exactly once',
        security,
        body: PushRequest,
        response: { 200: PushResponse, '4xx': ServerErrorBody },
      },
    },
    async (request) => {
      const station = stationOf(request);
      const { response, published } = await applyPush(context.db, station.stationId, request.body);
      // Wake this instance's long polls now; other instances hear the NOTIFY.
      if (published) context.notifier.poke();
      request.log.info({ stationId: station.stationId, received: request.body.mutations.length, answered: response.results.length, lastAppliedSeq: response.lastAppliedSeq }, 'push');
      return response;
    },
  );

  app.get(
    '/v1/sync/changes',
    {
      onRequest,
      schema: {
        tags: ['sync'],
        summary: 'Read the change feed after a cursor (optionally waiting for a change)',
        security,
        querystring: PullQuery,
        response: { 200: PullResponse, '4xx': ServerErrorBody },
      },
    },
    async (request, reply) => {
      const station = stationOf(request);
      if (request.query.outbox !== undefined) await recordWaitingChanges(context.db, station.stationId, request.query.outbox);
      // Stop waiting when the station hangs up.
      const hangUp = new AbortController();
      const onClose = (): void => hangUp.abort();
      reply.raw.once('close', onClose);
      try {
        const json = await pullChanges(context.db, context.notifier, request.query, hangUp.signal);
        // Already the JSON of a PullResponse: Fastify sends a string with a JSON type as it is.
        return await reply.type('application/json; charset=utf-8').send(json as unknown as PullResponse);
      } finally {
        reply.raw.off('close', onClose);
        request.log.debug({ stationId: station.stationId }, 'pull');
      }
    },
  );

  app.post(
    '/v1/sync/employee-number-blocks',
    {
      onRequest,
      schema: {
        tags: ['sync'],
        summary: 'Lease a block of Employee Numbers',
        security,
        body: LeaseRequest,
        response: { 200: LeaseResponse, '4xx': ServerErrorBody },
      },
    },
    async (request) => {
      const station = stationOf(request);
      const response = await leaseBlock(context.db, context.config.employeeNumberRange, station.stationId, request.body);
      request.log.info({ stationId: station.stationId, block: response.block }, 'employee numbers leased');
      return response;
    },
  );
}
