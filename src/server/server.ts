import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import { systemClock, type Clock } from '../node/clock';
import { loggerOptions as sharedLoggerOptions } from '../node/logger';
import { DEFAULT_CREDENTIAL_TYPES } from '../shared/domain/credential-types';
import { buildApp } from './app';
import type { AppContext } from './context';
import { ConfigError, DEFAULT_HOST, DEFAULT_PORT, isLoopback, loadServerConfig, PublicUrl, resolveAdminKey } from './config';
import type { Backend } from './db/database';
import { migrate } from './db/migrate';
import { openDatabase } from './db/open';
import { createMobileProvider } from './mobile/providers/create-provider';
import { resolveOrigoSettings } from './mobile/providers/origo-config';
import { sha256 } from './secrets';
import { ChangeNotifier } from './sync/change-notifier';
import { CREDENTIAL_TYPES_IGNORED_WARNING, ensureCredentialTypes } from './sync/credential-types';
import { FEED_CHANNEL } from './sync/feed';

export interface StartServerOptions {
  dataDir: string;
  /** PostgreSQL URL; absent → PGlite in `<dataDir>/pgdata`. */
  databaseUrl?: string;
  host?: string;
  /** 0 picks a free port (the result says which). */
  port?: number;
  /** PEM files; required to listen anywhere but loopback. */
  tls?: { certFile: string; keyFile: string };
  /** Where phones reach this server (`--public-url`); overrides `publicUrl` in server.config.json. */
  publicUrl?: string;
  /** Fastify's pino logger: JSON lines. `false` for none. */
  logger?: false | { level?: string; stream?: NodeJS.WritableStream };
  env?: NodeJS.ProcessEnv;
  /** "Now" for mobile credentials; only test launchers pass another than the system clock. */
  clock?: Clock;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  backend: Backend;
  dataDir: string;
  migrations: string[];
  close(): Promise<void>;
}

/**
 * Opens the database, brings its schema up to date, seeds the credential types and
 * listens. Used by `npm run server` and by tests and benchmarks in-process.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  if (!options.tls && !isLoopback(host)) {
    throw new ConfigError(
      `Refusing to serve plain HTTP on ${host}: stations would send their credentials unencrypted. Give a certificate with --tls-cert FILE --tls-key FILE (PEM), or listen on 127.0.0.1 behind a TLS-terminating proxy.`,
    );
  }
  const dataDir = resolve(options.dataDir);
  const env = options.env ?? process.env;
  const clock = options.clock ?? systemClock;
  const https = options.tls ? await readTls(options.tls) : undefined;
  const config = await loadServerConfig(dataDir);
  if (options.publicUrl !== undefined) {
    const parsed = PublicUrl.safeParse(options.publicUrl);
    if (!parsed.success) throw new ConfigError(`--public-url ${options.publicUrl}: ${parsed.error.issues[0]?.message ?? 'not a URL'}.`);
    config.publicUrl = parsed.data;
  }
  const adminKey = await resolveAdminKey(dataDir, env);
  const origo = config.mobile.provider === 'hid-origo' ? await resolveOrigoSettings(config.mobile.origo, dataDir, env, (message) => new ConfigError(message)) : undefined;

  const loggerOptions: FastifyServerOptions['logger'] =
    options.logger === false
      ? false
      : // Never in a log line: credentials in headers, fields that carry tokens, keys or secrets (src/node/logger.ts).
        { ...sharedLoggerOptions({ level: options.logger?.level ?? env.LOG_LEVEL ?? 'info', epochTime: true }), ...(options.logger?.stream ? { stream: options.logger.stream } : {}) };

  const notifier = new ChangeNotifier();
  let logListen: (state: 'lost' | 'restored', error?: unknown) => void = () => undefined;
  const db = await openDatabase({ databaseUrl: options.databaseUrl, dataDir, onListenState: (state, error) => logListen(state, error) });
  let unlisten: (() => Promise<void>) | undefined;
  try {
    const migrations = await migrate(db);
    const typesImport = await ensureCredentialTypes(db, { configured: config.credentialTypes, defaults: DEFAULT_CREDENTIAL_TYPES });
    // Any instance's commit to the feed wakes this instance's long polls.
    unlisten = await db.listen(FEED_CHANNEL, () => notifier.poke());

    const now = () => clock.now();
    // The provider logs through the app's logger, which exists only once the app does (it starts after).
    const logs: { to?: FastifyBaseLogger } = {};
    const providerLog = { info: (obj: object, msg?: string) => logs.to?.info(obj, msg), warn: (obj: object, msg?: string) => logs.to?.warn(obj, msg) };
    const mobileProvider = createMobileProvider(config, { db, notifier, clock: now, log: providerLog, ...(origo ? { origo } : {}) });
    const context: AppContext = { db, notifier, config, adminKeyHash: sha256(adminKey.key), migrations: migrations.applied, clock: now, mobileProvider };
    const app = await buildApp(context, { logger: loggerOptions, https });
    logs.to = app.log;
    if (typesImport === 'ignored') app.log.warn(CREDENTIAL_TYPES_IGNORED_WARNING);
    logListen = (state, error) =>
      state === 'lost' ? app.log.warn({ err: error }, 'lost the database LISTEN connection; reconnecting') : app.log.info('database LISTEN connection restored');
    await app.listen({ host, port });
    const address = app.server.address();
    const boundPort = typeof address === 'object' && address ? address.port : port;
    const urlHost = host.includes(':') ? `[${host}]` : host;
    const url = `${https ? 'https' : 'http'}://${urlHost}:${boundPort}`;
    const wildcard = ['0.0.0.0', '::', '[::]'].includes(host);
    context.publicUrl = config.publicUrl ?? (wildcard ? undefined : url);
    if (!config.publicUrl && wildcard) app.log.warn(`listening on ${host}: set publicUrl (server.config.json) or --public-url so pickup QR codes name an address phones can reach; until then they carry the address each station used`);
    if (clock !== systemClock) app.log.warn('the mobile credential clock is not the system clock (for tests only)');
    mobileProvider.start?.();
    app.log.info({ mobileProvider: mobileProvider.info.id }, `mobile credentials issued by ${mobileProvider.info.id === 'hid-origo' ? 'HID Origo' : 'this server (reference wallet)'}`);
    app.log.info({ backend: db.backend, migrationsApplied: migrations.appliedNow, adminKey: adminKey.source === 'ENROLLMENT_SERVER_ADMIN_KEY' ? 'from environment' : adminKey.source }, 'server ready');

    let closing: Promise<void> | undefined;
    return {
      url,
      host,
      port: boundPort,
      backend: db.backend,
      dataDir,
      migrations: migrations.applied,
      close: () =>
        (closing ??= (async () => {
          // Long polls answer now instead of holding the shutdown for up to 30 s.
          notifier.close();
          await mobileProvider.stop?.();
          await app.close();
          await unlisten?.().catch(() => undefined);
          await db.close();
        })()),
    };
  } catch (error) {
    notifier.close();
    await unlisten?.().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw error;
  }
}

async function readTls(tls: { certFile: string; keyFile: string }): Promise<{ cert: Buffer; key: Buffer }> {
  const read = async (file: string, what: string): Promise<Buffer> => {
    try {
      return await readFile(file);
    } catch (error) {
      throw new ConfigError(`Cannot read the TLS ${what} ${file}: ${(error as Error).message}`);
    }
  };
  return { cert: await read(tls.certFile, 'certificate'), key: await read(tls.keyFile, 'private key') };
}
