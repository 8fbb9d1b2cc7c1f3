import { describe, expect, it } from 'vitest';
import { StationError } from '../../shared/contract/errors';
import { WatchlistInput } from '../../shared/contract/watchlist';
import { SyncFailure, type ServerClient } from '../sync/server-client';
import type { AdminDeps } from './admin-server';
import { createWatchlistAdmin, WATCHLIST_SERVICE_ACCESS } from './watchlist-service';

const EMPTY = { olderThanHours: 24, total: 0, items: [] };
const ANSWER = { invitations: EMPTY, approvals: { ...EMPTY, olderThanHours: 8 }, stations: EMPTY, serverTime: '2025-03-14T09:00:00.000Z' };

function withClient(admin: ServerClient['admin'] | undefined): AdminDeps {
  return { serverClient: () => (admin ? ({ admin } as unknown as ServerClient) : undefined) } as unknown as AdminDeps;
}

describe('watchlist service (main)', () => {
  it('is for supervisors and administrators (watchlist.view)', () => {
    expect(WATCHLIST_SERVICE_ACCESS).toEqual({ 'watchlist:get': 'watchlist.view' });
  });

  it('asks the server once, with each list’s hours as query parameters, and parses its answer', async () => {
    const asked: unknown[][] = [];
    const handlers = createWatchlistAdmin(
      withClient(async (method, path, schema) => {
        asked.push([method, path]);
        return schema.parse(ANSWER);
      }),
    );
    expect(await handlers['watchlist:get'](WatchlistInput.parse({ approvalHours: 2 }))).toEqual(ANSWER);
    expect(asked).toEqual([['GET', '/v1/admin/watchlist?invitationHours=24&approvalHours=2&stationHours=24']]);
  });

  it('offline or not registered: ADMIN_OFFLINE (nothing kept to show instead); a refused role stays FORBIDDEN_ROLE', async () => {
    const unreachable = createWatchlistAdmin(
      withClient(async () => {
        throw new SyncFailure('unreachable', 'The central server did not answer.');
      }),
    );
    await expect(unreachable['watchlist:get'](WatchlistInput.parse({}))).rejects.toMatchObject({ code: 'ADMIN_OFFLINE' });
    await expect(createWatchlistAdmin(withClient(undefined))['watchlist:get'](WatchlistInput.parse({}))).rejects.toBeInstanceOf(StationError);
    const refused = createWatchlistAdmin(
      withClient(async () => {
        throw new SyncFailure('rejected', 'Only Supervisors or Administrators may see the watchlist.', 'FORBIDDEN_ROLE');
      }),
    );
    await expect(refused['watchlist:get'](WatchlistInput.parse({}))).rejects.toMatchObject({ code: 'FORBIDDEN_ROLE' });
  });
});
