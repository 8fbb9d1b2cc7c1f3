import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/server/db/open';
import { appendFeed } from '../../../src/server/sync/feed';
import type { Station } from '../../../src/main/station';
import type { FeedChange } from '../../../src/shared/contract/server-protocol';
import { startCentralServer, type CentralServer } from '../../support/central-server';
import { openStation } from '../../support/sync-harness';
import { until } from '../../support/until';
import { scratchDir } from '../../support/web-host';

/**
 * Issue 13, item 5: the server's feed holds entries from before it kept the station's
 * text rules (a name with U+202E) and one no station can read (a card whose serial
 * number is longer than the protocol allows). A station syncing must show the first as
 * received and flag it for review, pass over the second and record it, and keep syncing.
 */
let server: CentralServer;
let dir: { path: string; remove(): Promise<void> };
let station: Station | undefined;

const at = new Date().toISOString();
const legacy = { employeeNumber: '22000001', firstName: 'Eve\u202Etxen', lastName: 'Legacy', credentialTypeId: 'piv-card-employee', createdAt: at, createdBy: 'clerk', stationId: randomUUID() };
const after = { ...legacy, employeeNumber: '22000002', firstName: 'Ada', lastName: 'After' };
const unreadableDevice = {
  id: randomUUID(),
  employeeNumber: legacy.employeeNumber,
  serialNumber: 'S'.repeat(150),
  cardType: 'piv',
  cardFamily: 'PIV',
  atr: '3B',
  readerName: 'Reader',
  status: 'Added',
  enrolledAt: at,
  enrolledBy: 'clerk',
  stationId: legacy.stationId,
  credentials: [],
};

beforeAll(async () => {
  dir = await scratchDir('legacy-feed-');
  const dataDir = join(dir.path, 'server');
  server = await startCentralServer({ backend: 'pglite', dataDir });
  // Written straight into the feed, as an older server accepted them (this one refuses such pushes).
  await server.kill('SIGTERM');
  const db = await openDatabase({ dataDir });
  try {
    await db.transaction((tx) =>
      appendFeed(tx, [
        { kind: 'applicant.upserted', applicant: legacy },
        { kind: 'device.upserted', device: unreadableDevice } as unknown as FeedChange,
        { kind: 'applicant.upserted', applicant: after },
      ]),
    );
  } finally {
    await db.close();
  }
  await server.restart();
});
afterAll(async () => {
  await station?.close();
  await server?.stop();
  await dir?.remove();
});

describe('a station receiving feed entries from before the server kept its text rules', () => {
  it('shows the record as received, flags it for review in its History, passes over what it cannot read, keeps syncing, and announces the credential types it received', async () => {
    station = await openStation(join(dir.path, 'station'), { name: 'Legacy Site' });
    const s = station;
    // The feed starts with the server's credential types: main announces them to open pages (issue 13).
    const announced: string[] = [];
    s.events.on('station:changed', (info) => announced.push(info.stationName));
    await s.handlers['sync:register']({ serverUrl: server.url, token: await server.createToken('Legacy Site') });

    // The entry after the unreadable one arrives: the sync went on past it.
    const record = await until(() => s.handlers['applicants:get']({ employeeNumber: after.employeeNumber }).catch(() => undefined), 'the entry after the unreadable one');
    expect(record.applicant.lastName).toBe('After');
    expect((await s.handlers['applicants:get']({ employeeNumber: legacy.employeeNumber })).applicant.firstName).toBe(legacy.firstName);

    expect(announced).toContain('Legacy Site');
    const status = await s.handlers['sync:status'](undefined);
    expect(status).toMatchObject({ state: 'online', lastError: null });

    const history = await s.handlers['audit:list']({ employeeNumber: legacy.employeeNumber, text: '', limit: 50 });
    expect(history.entries.map((e) => e.summary)).toContainEqual(expect.stringContaining('FIRST NAME contains an invisible or control character (U+202E)'));
    expect(history.entries[0]!.summary).toMatch(/^Needs review: received from the central server/);

    const all = await s.handlers['audit:list']({ text: 'could not be read', limit: 50 });
    expect(all.entries).toHaveLength(1);
    expect(all.entries[0]!.summary).toContain('(device.upserted)');
    expect(all.entries[0]!.summary).toContain('serialNumber');
    expect(all.chain.ok).toBe(true);
  });
});
