import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../../src/server/db/database';
import { migrate } from '../../../src/server/db/migrate';
import { openDatabase } from '../../../src/server/db/open';
import { appendFeed, readFeed } from '../../../src/server/sync/feed';
import type { FeedChange } from '../../../src/shared/contract/server-protocol';
import { startPostgres, type PrivatePostgres } from '../../support/postgres';
import { describeEachBackend } from './fixture';

const change = (n: number): FeedChange => ({ kind: 'review.upserted', review: { id: '00000000-0000-4000-8000-00000000000' + n, employeeNumbers: ['20000001', '20000002'], matchedOn: ['email'], openedAt: new Date().toISOString(), status: 'open' } });

/**
 * The feed-ordering rule, checked on the database directly and deterministically: a
 * transaction that appends to the feed while another one's append is not yet committed
 * waits for it, so a feed position never becomes visible before a lower one.
 */
describeEachBackend('feed ordering', (backend) => {
  let db: Database;
  let dir: string;
  let postgres: PrivatePostgres | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'feed-order-'));
    if (backend === 'postgresql') postgres = await startPostgres();
    db = await openDatabase({ dataDir: dir, databaseUrl: postgres ? await postgres.createDatabase() : undefined });
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
    await postgres?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('a second append waits until the first one commits, so positions become visible in order', async () => {
    let commitFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => (commitFirst = resolve));
    let firstSeq = 0;
    let firstAppended!: () => void;
    const appended = new Promise<void>((resolve) => (firstAppended = resolve));

    const first = db.transaction(async (tx) => {
      firstSeq = (await appendFeed(tx, [change(1)]))!;
      firstAppended();
      await firstMayCommit;
    });
    await appended;

    let secondSeq: number | undefined;
    const second = db.transaction(async (tx) => {
      secondSeq = await appendFeed(tx, [change(2)]);
    });
    await new Promise((r) => setTimeout(r, 400));
    // While the first is open: the second has not got a position, and a reader sees neither.
    expect(secondSeq).toBeUndefined();
    if (backend === 'postgresql') expect((await readFeed(db, firstSeq - 1, 10)).entries).toEqual([]);

    commitFirst();
    await first;
    await second;
    expect(secondSeq).toBeGreaterThan(firstSeq);
    expect((await readFeed(db, firstSeq - 1, 10)).entries.map((e) => (JSON.parse(e) as { serverSeq: number }).serverSeq)).toEqual([firstSeq, secondSeq]);
  });
});
