import { parseArgs } from 'node:util';
import type { Clock } from '../node/clock';
import { ConfigError, DEFAULT_HOST, DEFAULT_PORT, defaultDataDir } from './config';
import { BACKEND_NAMES } from './db/database';
import { startServer } from './server';

/**
 * The central server:
 *   npm run server -- [--port N] [--host H] [--data DIR] [--tls-cert FILE --tls-key FILE]
 * DATABASE_URL=postgres://… switches from the embedded PGlite to a real PostgreSQL.
 */
const USAGE = `Usage: npm run server -- [options]

  --port N         port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host H         address to listen on (default ${DEFAULT_HOST}; anything else needs TLS)
  --data DIR       data folder: admin.key, server.config.json, and the PGlite database
                   (default ${defaultDataDir()})
  --tls-cert FILE  TLS certificate (PEM)
  --tls-key FILE   TLS private key (PEM)
  --public-url URL where phones reach this server, put in pickup QR codes (default:
                   publicUrl in server.config.json, else the address it listens on)

  DATABASE_URL     use this PostgreSQL instead of the embedded PGlite
  ENROLLMENT_SERVER_ADMIN_KEY  administrator key (else <data>/admin.key, made on first start)
  LOG_LEVEL        info (default), debug, warn …`;

async function main(argv: string[], clock: Clock | undefined): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'public-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`--port must be a number from 0 to 65535, not "${values.port}".`);
  if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) throw new ConfigError('TLS needs both --tls-cert FILE and --tls-key FILE.');

  const server = await startServer({
    dataDir: values.data ?? defaultDataDir(),
    databaseUrl: process.env.DATABASE_URL || undefined,
    host: values.host ?? DEFAULT_HOST,
    port,
    tls: values['tls-cert'] && values['tls-key'] ? { certFile: values['tls-cert'], keyFile: values['tls-key'] } : undefined,
    publicUrl: values['public-url'],
    ...(clock ? { clock } : {}),
  });
  // The one line for people and scripts (tests read the URL from it).
  console.log(`Enrollment server listening on ${server.url} (backend ${server.backend}: ${BACKEND_NAMES[server.backend]}, data ${server.dataDir})`);

  const stop = (signal: NodeJS.Signals): void => {
    console.log(`Enrollment server stopping (${signal})`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Enrollment server did not close cleanly: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** `npm run server`; test launchers (tests/support/launch-central-server.ts) call it with their clock. */
export function runServer(argv: string[], options: { clock?: Clock } = {}): Promise<void> {
  return main(argv, options.clock).catch((error: unknown) => {
    if (error instanceof ConfigError) console.error(`Enrollment server cannot start: ${error.message}`);
    else console.error('Enrollment server cannot start:', error);
    process.exit(2);
  });
}

if (require.main === module) void runServer(process.argv.slice(2));
