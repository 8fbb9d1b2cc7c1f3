import type { RegisterStationInput, SyncStatus } from '../../shared/contract/sync';
import type { Actor, AuditTrail } from '../audit/audit-trail';
import type { StationStore } from '../store/station-store';
import type { SyncEngine } from '../sync/sync-engine';

export interface SyncServiceDeps {
  sync: Pick<SyncEngine, 'status' | 'syncNow' | 'register'>;
  store: StationStore;
  audit: AuditTrail;
  actor: () => Actor;
  now: () => Date;
}

/** The Sync page: status, sync now, and registering with the central server (recorded in the audit trail). */
export function createSyncService(deps: SyncServiceDeps) {
  return {
    status: async (): Promise<SyncStatus> => deps.sync.status(),
    syncNow: (): Promise<SyncStatus> => deps.sync.syncNow(),
    async register(input: RegisterStationInput): Promise<SyncStatus> {
      // Taken first: the registry the registration brings may already ask for sign-in.
      const who = deps.actor();
      const status = await deps.sync.register(input);
      const summary = `Station registered with the central server ${input.serverUrl}`;
      await deps.store.commit((doc) => deps.audit.changes(doc, [{ action: 'configuration.changed', summary }], deps.now().toISOString(), who));
      return status;
    },
  };
}
