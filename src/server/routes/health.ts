import { z } from 'zod';
import { ServerErrorBody } from '../../shared/contract/server-protocol';
import type { App, AppContext } from '../context';
import { BACKEND_NAMES } from '../db/database';
import { errorBody } from '../errors';

const Health = z.strictObject({ status: z.literal('ok') });
const Ready = z.strictObject({
  status: z.literal('ready'),
  backend: z.enum(['pglite', 'postgresql']),
  /** The schema migrations the database has, oldest first. */
  migrations: z.array(z.string()),
});

const READY_TIMEOUT_MS = 2_000;

/**
 * `/health`: the process answers. `/ready`: and its database does too (for load balancers).
 * Their 4xx are the ones every route can get before it runs (414, 415, 431, 408; docs/api.md).
 */
export function healthRoutes(app: App, context: AppContext): void {
  app.get('/health', { schema: { tags: ['operations'], summary: 'The process is up', response: { 200: Health, '4xx': ServerErrorBody } } }, async () => ({ status: 'ok' as const }));

  app.get('/ready', { schema: { tags: ['operations'], summary: 'The process and its database answer', response: { 200: Ready, '4xx': ServerErrorBody, 503: ServerErrorBody } } }, async (_request, reply) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        context.db.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), READY_TIMEOUT_MS);
        }),
      ]);
      return { status: 'ready' as const, backend: context.db.backend, migrations: context.migrations };
    } catch (error) {
      reply.log.warn({ err: error }, 'database not answering');
      return reply
        .code(503)
        .send(errorBody('NOT_READY', `The server's database (${BACKEND_NAMES[context.db.backend]}) is not answering. Check that it is running; this server keeps trying.`));
    } finally {
      clearTimeout(timer);
    }
  });
}
