import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import fastifySwagger from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { PROTOCOL_VERSION } from '../shared/contract/server-protocol';
import { buildApp } from './app';
import { SERVER_RANGE } from '../shared/domain/employee-number';
import { DEFAULT_REDEEM_THROTTLE } from './config';
import { referenceProvider } from './mobile/providers/reference-provider';
import type { Database } from './db/database';
import { ChangeNotifier } from './sync/change-notifier';

/**
 * `npm run server:openapi`: writes docs/openapi.json from the routes' zod schemas (the
 * same ones that validate requests). No database is opened: no route is called.
 */
export async function openApiDocument(): Promise<unknown> {
  const unused = (): never => {
    throw new Error('no database while generating the OpenAPI document');
  };
  const db: Database = { backend: 'pglite', query: unused, exec: unused, transaction: unused, listen: unused, close: async () => undefined };
  const app = await buildApp(
    { db, notifier: new ChangeNotifier(), config: { employeeNumberRange: { ...SERVER_RANGE }, organization: 'Enrollment Station', redeemThrottle: DEFAULT_REDEEM_THROTTLE, mobile: { provider: 'reference' } }, adminKeyHash: '', migrations: [], clock: () => new Date(), mobileProvider: referenceProvider('Enrollment Station') },
    {
      logger: false,
      beforeRoutes: async (instance) => {
        await instance.register(fastifySwagger, {
          openapi: {
            openapi: '3.1.0',
            info: {
              title: 'Enrollment Station central server',
              version: String(PROTOCOL_VERSION),
              description:
                'Sync protocol between stations and the central server, mobile credentials (invitations, wallet redemption, Suspend/Resume/Revoke, door challenges), and operators (registry, X-Operator header, roles, refused push results, credential decisions, audit chains). docs/api.md explains the rules (exactly-once push, feed ordering, long polling, leases, reviews, redemption results and throttling, the signed door message, role enforcement and four eyes, audit chain checks).',
            },
            components: {
              securitySchemes: {
                station: { type: 'http', scheme: 'bearer', description: '`<stationId>.<secret>` from POST /v1/stations/register' },
                admin: { type: 'http', scheme: 'bearer', description: '`admin.<key>`: ENROLLMENT_SERVER_ADMIN_KEY or <data>/admin.key' },
              },
            },
          },
          transform: jsonSchemaTransform,
        });
      },
    },
  );
  await app.ready();
  const document = app.swagger();
  await app.close();
  return document;
}

if (require.main === module) {
  const target = resolve(__dirname, '../../docs/openapi.json');
  openApiDocument()
    .then((document) => writeFile(target, `${JSON.stringify(document, null, 2)}\n`))
    .then(
      () => console.log(`Wrote ${target}`),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
}
