import type { FastifyBaseLogger } from 'fastify';
import type { ServerConfig } from '../../config';
import type { Database } from '../../db/database';
import type { ChangeNotifier } from '../../sync/change-notifier';
import type { OrigoSettings } from './origo-config';
import { origoProvider, type OrigoProvider } from './origo-provider';
import type { MobileProvider } from './provider';
import { referenceProvider } from './reference-provider';

/** The provider server.config.json names (`mobile.provider`); HID Origo's secrets already read. */
export function createMobileProvider(
  config: ServerConfig,
  deps: { db: Database; notifier: ChangeNotifier; clock: () => Date; log: Pick<FastifyBaseLogger, 'info' | 'warn'>; origo?: OrigoSettings },
): MobileProvider {
  if (config.mobile.provider === 'hid-origo' && deps.origo) return origoProvider({ settings: deps.origo, db: deps.db, notifier: deps.notifier, clock: deps.clock, log: deps.log });
  return referenceProvider(config.organization);
}

export function isOrigoProvider(provider: MobileProvider): provider is OrigoProvider {
  return provider.info.id === 'hid-origo' && 'receiveCallback' in provider;
}
