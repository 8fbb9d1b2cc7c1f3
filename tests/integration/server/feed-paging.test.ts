import { expect, it } from 'vitest';
import { FEED_PAGE_BYTES, appendFeed } from '../../../src/server/sync/feed';
import { PullResponse, type FeedChange, type FeedEntry } from '../../../src/shared/contract/server-protocol';
import { applicant, describeEachBackend, feedEnd, newStation, useCentralServer, withServerDatabase } from './fixture';

/**
 * Issue 18: a feed page stops before its JSON passes FEED_PAGE_BYTES (1 MiB), whatever
 * `limit` says, and always holds at least one entry; following `cursor`/`hasMore` still
 * reads every entry exactly once, in order.
 */
describeEachBackend('feed pages bounded in bytes', (backend) => {
  const fx = useCentralServer(backend);

  it('pages large entries by bytes: every page under 1 MiB (or one entry), nothing lost or repeated', async () => {
    const station = await newStation(fx.server);
    const start = await feedEnd(station);
    // 24 entries of ≈ 100 KB between small ones, then one entry larger than a page on its own, then small ones.
    const changes: FeedChange[] = [];
    for (let i = 0; i < 24; i++) {
      changes.push({ kind: 'applicant.upserted', applicant: applicant(station.stationId, { firstName: `Big${i}`, middleName: 'm'.repeat(100_000) }) });
      changes.push({ kind: 'applicant.upserted', applicant: applicant(station.stationId, { firstName: `Small${i}` }) });
    }
    changes.push({ kind: 'applicant.upserted', applicant: applicant(station.stationId, { firstName: 'Huge', middleName: 'h'.repeat(FEED_PAGE_BYTES + 300_000) }) });
    for (let i = 0; i < 5; i++) changes.push({ kind: 'applicant.upserted', applicant: applicant(station.stationId, { firstName: `Tail${i}` }) });
    // Straight into the feed (nothing else writes meanwhile): entries this large do not come from a push.
    await withServerDatabase(fx, async (db) => void (await appendFeed(db, changes)));

    const read: FeedEntry[] = [];
    const pages: Array<{ entries: number; bytes: number }> = [];
    for (let cursor = start; ; ) {
      const answer = await station.api.pull({ after: cursor, limit: 1000 });
      expect(answer.status).toBe(200);
      const page = PullResponse.parse(answer.body);
      expect(page.changes.length).toBeGreaterThan(0);
      const bytes = Number(answer.headers.get('content-length'));
      pages.push({ entries: page.changes.length, bytes });
      if (page.changes.length > 1) expect(bytes).toBeLessThanOrEqual(FEED_PAGE_BYTES);
      read.push(...page.changes);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }

    expect(read.map((e) => (e.change.kind === 'applicant.upserted' ? e.change.applicant.employeeNumber : e.change.kind))).toEqual(
      changes.map((c) => (c.kind === 'applicant.upserted' ? c.applicant.employeeNumber : c.kind)),
    );
    const positions = read.map((e) => e.serverSeq);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(new Set(positions).size).toBe(positions.length);
    // 2.4 MB of ordinary entries take three or four pages (pages are filled, not cut at a few entries), the huge one its own.
    expect(pages.length).toBeGreaterThanOrEqual(4);
    expect(pages.length).toBeLessThanOrEqual(6);
    expect(pages.some((p) => p.entries === 1 && p.bytes > FEED_PAGE_BYTES)).toBe(true);
  });

  it('a small limit still counts in entries', async () => {
    const station = await newStation(fx.server);
    const page = PullResponse.parse((await station.api.pull({ after: 0, limit: 1 })).body);
    expect(page.changes).toHaveLength(1);
    expect(page.hasMore).toBe(true);
  });
});
