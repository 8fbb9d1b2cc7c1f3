import { StationError } from '../../shared/contract/errors';
import type { StationEvents } from '../events';
import type { SessionService } from '../operators/session-service';
import type { PcscReaders } from '../reader/pcsc-readers';
import type { StationStore } from '../store/station-store';
import { SyncFailure, type ServerClient } from '../sync/server-client';

/**
 * What the administration services (Station › Administration, issue 17) are given. They are
 * online only: every change is made on the central server, which checks the operator's roles
 * again, records it in its audit log and publishes it through the feed to every station.
 */
export interface AdminDeps {
  store: StationStore;
  session: SessionService;
  readers: PcscReaders;
  events: StationEvents;
  now: () => Date;
  /** The registered server's client (with this station's credential and the operator header), if any. */
  serverClient(): ServerClient | undefined;
}

/** The server client, or why administration is read-only here. */
export function adminServer(deps: Pick<AdminDeps, 'serverClient'>): ServerClient {
  const client = deps.serverClient();
  if (!client) throw new StationError('ADMIN_OFFLINE', 'This station is not registered with a central server: administration is done on the server, through a registered station (Station › Sync).');
  return client;
}

/**
 * A server call in the station's words: unreachable → ADMIN_OFFLINE (read-only offline);
 * the server's role and four-eyes refusals keep their codes; any other refusal is
 * ADMIN_REFUSED with the server's own message (it says what to fix).
 */
export async function adminCall<T>(deps: Pick<AdminDeps, 'serverClient'>, request: (client: ServerClient) => Promise<T>): Promise<T> {
  const client = adminServer(deps);
  try {
    return await request(client);
  } catch (error) {
    if (!(error instanceof SyncFailure)) throw error;
    if (error.problem === 'unreachable') throw new StationError('ADMIN_OFFLINE', `${error.message} Administration is read-only until the server answers again.`);
    if (error.code === 'FORBIDDEN_ROLE' || error.code === 'OPERATOR_REQUIRED' || error.code === 'OPERATOR_UNKNOWN' || error.code === 'OPERATOR_REVOKED') {
      throw new StationError('FORBIDDEN_ROLE', error.message);
    }
    if (error.code === 'FOUR_EYES') throw new StationError('FOUR_EYES', error.message);
    throw new StationError('ADMIN_REFUSED', error.message, error.details);
  }
}
