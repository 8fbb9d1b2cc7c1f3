import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scratchDir } from '../../../tests/support/web-host';
import type { RegisterStationInput, SyncStatus } from '../../shared/contract/sync';
import { StationError } from '../../shared/contract/errors';
import { createAuditTrail, type Actor } from '../audit/audit-trail';
import { emptyDocument } from '../store/document';
import { keyFileProvider } from '../store/key-providers';
import { openStationStore, type StationStore } from '../store/station-store';
import { createSyncService } from './sync-service';

let dir: { path: string; remove(): Promise<void> };
let store: StationStore;
beforeEach(async () => {
  dir = await scratchDir('sync-service-');
  store = await openStationStore({ dataDir: dir.path, keys: keyFileProvider(join(dir.path, 'key'), { create: true }), initial: () => emptyDocument({ first: 10_000_000, last: 19_999_999 }) });
});
afterEach(async () => {
  await store.close();
  await dir.remove();
});

const STATUS = { state: 'online', serverUrl: 'https://credentials.example.org' } as SyncStatus;
const INPUT = { serverUrl: 'https://credentials.example.org', token: 'token' } as RegisterStationInput;

function service(register: () => Promise<SyncStatus>) {
  let acting: Actor = { name: 'Local account clerk' };
  const station = { id: store.data.stationId, name: 'Front Desk' };
  const sync = {
    status: () => STATUS,
    syncNow: async () => STATUS,
    register: async () => {
      // The registry the server brings can turn operator sign-in on at once.
      acting = { name: 'nobody signed in' };
      return register();
    },
  };
  return createSyncService({
    sync,
    store,
    audit: createAuditTrail({ station, actor: () => acting }),
    actor: () => acting,
    now: () => new Date('2026-12-07T10:00:00.000Z'),
  });
}

describe('sync service', () => {
  it('records the registration in the audit trail, under whoever asked for it', async () => {
    expect(await service(async () => STATUS).register(INPUT)).toBe(STATUS);
    expect(store.data.audit.toArray().map((e) => ({ action: e.action, operator: e.operator, at: e.at, summary: e.summary }))).toEqual([
      { action: 'configuration.changed', operator: 'Local account clerk', at: '2026-12-07T10:00:00.000Z', summary: 'Station registered with the central server https://credentials.example.org' },
    ]);
  });

  it('records nothing when the registration fails', async () => {
    const failing = service(async () => Promise.reject(new StationError('ALREADY_REGISTERED', 'already')));
    await expect(failing.register(INPUT)).rejects.toMatchObject({ code: 'ALREADY_REGISTERED' });
    expect(store.data.audit.toArray()).toEqual([]);
  });

  it('status and sync now are the engine’s', async () => {
    const s = service(async () => STATUS);
    expect(await s.status()).toBe(STATUS);
    expect(await s.syncNow()).toBe(STATUS);
  });
});
