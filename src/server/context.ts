import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ServerConfig } from './config';
import type { Database } from './db/database';
import type { MobileProvider } from './mobile/providers/provider';
import type { ChangeNotifier } from './sync/change-notifier';

/**
 * What routes are given, apart from app.ts (which registers them), so no route imports
 * the module that imports it.
 */

/** Everything a request handler may use. */
export interface AppContext {
  db: Database;
  notifier: ChangeNotifier;
  config: ServerConfig;
  /** SHA-256 of the administrator key. */
  adminKeyHash: string;
  migrations: string[];
  /** "Now" for mobile credentials (src/node/clock.ts; shifted only by test launchers). */
  clock: () => Date;
  /** Issues mobile credentials and learns of their redemption (server.config.json `mobile.provider`). */
  mobileProvider: MobileProvider;
  /**
   * Where phones reach this server (the pickup QR code): `publicUrl` from the command line
   * or server.config.json, else the address the server listens on (set once it does);
   * undefined while listening on a wildcard address (then: the address the station used).
   */
  publicUrl?: string;
}

export type App = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

export const DEFAULT_BODY_LIMIT = 64 * 1024;
export const PUSH_BODY_LIMIT = 1024 * 1024;
