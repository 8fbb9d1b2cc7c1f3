import { userInfo } from 'node:os';
import type { Logger } from '../node/logger';
import type { Handlers, StationInfo } from '../shared/contract';
import { StationError } from '../shared/contract/errors';
import { correctedClock } from '../shared/domain/server-clock';
import { loadStationConfig, type StationConfig } from './config';
import { StationEvents } from './events';
import type { PcscDevices } from './reader/pcsc-devices';
import { createAdminHandlers } from './admin';
import { PcscReaders } from './reader/pcsc-readers';
import { createAuditService } from './audit/audit-service';
import { createAuditTrail } from './audit/audit-trail';
import { guardHandlers } from './operators/channel-access';
import { createSessionService } from './operators/session-service';
import { createApplicantsService } from './services/applicants-service';
import { createApprovalsService } from './services/approvals-service';
import { createAuditViewService } from './services/audit-view-service';
import { createDevicesService } from './services/devices-service';
import { createMobileService } from './services/mobile-service';
import { createReviewsService } from './services/reviews-service';
import { createSyncService } from './services/sync-service';
import type { Change } from './store/changes';
import { emptyDocument } from './store/document';
import type { KeyProvider } from './store/key-providers';
import { openStationStore, type CompactionPolicy, type RecoveryReport } from './store/station-store';
import { openStationLog } from './station-log';
import { SyncEngine } from './sync/sync-engine';

export interface StationOptions {
  dataDir: string;
  keys: KeyProvider;
  version: string;
  /** PC/SC: `smartcardDevices` (reader/smartcard-devices.ts) in the hosts, a fake in tests. */
  pcsc: PcscDevices;
  /** The local account actions are recorded under until operator sign-in is configured. */
  operator?: string;
  now?: () => Date;
  /** Open the last good copy when the data file is damaged (see RecoveryReport). */
  recover?: boolean;
  /** How often the journal is folded into a snapshot (tests shorten it to crash inside compactions). */
  compaction?: CompactionPolicy;
  /** Where the station logs; default `<dataDir>/logs/station.log` (docs/operations.md). */
  log?: Logger;
}

export interface Station {
  readonly handlers: Handlers;
  readonly events: StationEvents;
  readonly config: StationConfig;
  /** What a recovery restored and what may be missing, when the station was opened with `recover`. */
  readonly recovery: RecoveryReport | undefined;
  readonly log?: Logger;
  close(): Promise<void>;
}

/**
 * The composition root, shared by the Electron host and the web host:
 * configuration → encrypted store → card readers → services → the contract's handler table.
 */
export async function startStation(options: StationOptions): Promise<Station> {
  const logFile = options.log ? undefined : openStationLog(options.dataDir);
  const log = options.log ?? logFile!.logger;
  try {
    return await composeStation(options, log, () => logFile?.close());
  } catch (error) {
    // A wrong key or a bad configuration is the operator's to fix (they see it); anything else is a fault.
    if (error instanceof StationError) log.warn({ code: error.code, reason: error.message }, 'the station did not open');
    else log.error({ err: error }, 'the station did not open');
    logFile?.close();
    throw error;
  }
}

async function composeStation(options: StationOptions, log: Logger, closeLog: () => void): Promise<Station> {
  const config = await loadStationConfig(options.dataDir);
  const store = await openStationStore({
    dataDir: options.dataDir,
    keys: options.keys,
    initial: () => emptyDocument(config.employeeNumberRange),
    recover: options.recover,
    ...(options.compaction ? { compaction: options.compaction } : {}),
    log,
  });
  const events = new StationEvents();
  const localAccount = options.operator ?? `Local account ${userInfo().username}`;
  const station = { id: store.data.stationId, name: config.stationName };
  const clock = options.now ?? (() => new Date());
  const readers = new PcscReaders(options.pcsc, { limits: config.cards, log: (detail) => log.warn({ detail }, 'card reader') });

  // Who is acting: the signed-in operator (or the local account before sign-in is configured).
  const actor = () => session.actor();
  const audit = createAuditTrail({ station, actor });
  const session = createSessionService({ store, readers, events, audit, localAccount, idleLockMinutes: config.signIn.idleLockMinutes, now: clock });

  // What every service gets: the store, configuration, who and where, the clock, events.
  const context = {
    store,
    credentialTypes: () => store.data.serverCredentialTypes ?? config.credentialTypes,
    station,
    actor,
    operator: () => actor().name,
    audit,
    // Recorded times follow the server's clock once it is known (station clocks are not trusted).
    now: correctedClock(clock, () => store.data.sync.clockOffsetMs),
    events,
  };
  // The History is checked and searched off the main thread (audit/audit-worker.ts), from start.
  const auditService = createAuditService(context);
  const applicants = createApplicantsService({ ...context, history: auditService.history });
  await applicants.ready;

  const info = (): StationInfo => ({
    productName: 'Enrollment Station',
    version: options.version,
    stationId: station.id,
    stationName: station.name,
    operator: session.state().operator?.name ?? localAccount,
    ...(store.recovery ? { recovery: store.recovery } : {}),
  });

  const devices = createDevicesService({ ...context, readers });
  const reviews = createReviewsService(context);
  const approvals = createApprovalsService(context);
  const auditView = createAuditViewService({ audit: auditService, require: (action) => session.require(action) });
  const sync = new SyncEngine({ store, events, station, now: clock, settings: config.sync, operatorFingerprint: () => session.state().operator?.fingerprint, audit, log });
  const mobile = createMobileService({ ...context, logged: auditService.logged, sync });
  const syncService = createSyncService({ ...context, sync });
  store.onCommitted((changes) => {
    announceRemoteChanges(changes, events);
    // The credential types in force are part of the station's configuration: open pages reload their list.
    if (changes.some((c) => c.kind === 'credential-types.set')) events.emit('station:changed', info());
  });
  readers.start();
  sync.start();
  log.info({ version: options.version, stationId: station.id, stationName: station.name }, 'station opened');

  const handlers: Handlers = guardHandlers({
    'station:get-info': async () => info(),
    'credential-types:list': async () => [...context.credentialTypes()],
    'applicants:create': (input) => applicants.create(input),
    'applicants:get': (input) => applicants.get(input),
    'applicants:search': (input) => applicants.search(input),
    'readers:status': () => devices.status(),
    'readers:diagnostics': (input) => devices.diagnostics(input),
    'devices:read-card': (input) => devices.readCard(input),
    'devices:enroll': (input) => devices.enroll(input),
    'devices:report': (input) => devices.report(input),
    'sync:status': () => syncService.status(),
    'sync:now': () => syncService.syncNow(),
    'sync:register': (input) => syncService.register(input),
    'reviews:list': () => reviews.list(),
    'reviews:resolve': (input) => reviews.resolve(input),
    'mobile:invite': (input) => mobile.invite(input),
    'mobile:list': (input) => mobile.list(input),
    'mobile:set-status': (input) => mobile.setStatus(input),
    'session:get': async () => session.state(),
    'session:sign-in': (input) => session.signIn(input),
    'session:sign-out': () => session.signOut(),
    'session:touch': async () => session.touch(),
    'approvals:list': () => approvals.list(),
    'approvals:decide': (input) => approvals.decide(input),
    'audit:list': (input) => auditView.list(input),
    'audit:export': (input) => auditView.export(input),
    // Open already: the host's passphrase gate (hosted-station.ts) answers these before the station exists.
    'unlock:status': async () => ({ state: 'open' }),
    'unlock:submit': async () => ({ state: 'open' }),
    ...createAdminHandlers({ store, session, readers, events, now: context.now, serverClient: () => sync.serverClient() }),
  }, session);

  return {
    handlers,
    events,
    config,
    recovery: store.recovery,
    log,
    close: async () => {
      session.close();
      readers.stop();
      await sync.stop();
      await auditService.close();
      await store.close();
      log.info('station closed');
      closeLog();
    },
  };
}

/** At most this many `applicants:changed` events per commit: a screen refreshes on the first anyway. */
const ANNOUNCE_LIMIT = 20;

/** Records that arrived from the server (or came back canonical) refresh any screen showing them. */
function announceRemoteChanges(changes: readonly Change[], events: StationEvents): void {
  const numbers = new Set<string>();
  for (const change of changes) {
    if (change.kind === 'applicant.upserted') numbers.add(change.applicant.employeeNumber);
    else if (change.kind === 'device.upserted') numbers.add(change.device.employeeNumber);
    if (numbers.size >= ANNOUNCE_LIMIT) break;
  }
  for (const employeeNumber of numbers) events.emit('applicants:changed', { employeeNumber });
}
