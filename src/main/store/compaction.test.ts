import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scratchDir } from '../../../tests/support/web-host';
import type { Change } from './changes';
import { emptyDocument, type StoreDocument } from './document';
import { readHeader } from './envelope';
import { encodeRecord, journalHeader, readJournalHeader } from './journal';
import { keyFileProvider } from './key-providers';
import { JOURNAL_FILE, NEXT_JOURNAL_FILE, openStationStore, STORE_FILE } from './station-store';

const RANGE = { first: 10_000_000, last: 19_999_999 };
let dir: { path: string; remove(): Promise<void> };
beforeEach(async () => (dir = await scratchDir('compaction-')));
afterEach(() => dir.remove());

const keys = () => keyFileProvider(join(dir.path, 'station.key'), { create: true });
const open = (records = 1_000) => openStationStore({ dataDir: dir.path, keys: keys(), initial: () => emptyDocument(RANGE), compaction: { records, bytes: 1 << 30 } });

function added(stationId: string, position: number, firstName: string): Change {
  const employeeNumber = String(10_000_001 + position);
  return { kind: 'applicant.added', applicant: { employeeNumber, firstName, lastName: 'Nguyễn', credentialTypeId: 'piv-card-employee', createdAt: '2026-12-08T09:00:00.000Z', createdBy: 'clerk', stationId } };
}
const applicant = (doc: Readonly<StoreDocument>, firstName: string) => added(doc.stationId, doc.applicants.length, firstName);
const names = (count: number, prefix = 'P') => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe('compaction in the background', () => {
  it('keeps every commit made while compactions are being written, in order', async () => {
    const store = await open(3);
    await Promise.all(names(40).map((name) => store.commit((doc) => [applicant(doc, name)])));
    await store.close();
    expect(await readdir(dir.path)).not.toContain(NEXT_JOURNAL_FILE);
    const reopened = await open(3);
    expect(reopened.data.applicants.map((a) => a.firstName)).toEqual(names(40));
    await reopened.close();
  });

  it('replays the next journal when a crash came before the new snapshot was in place', async () => {
    const store = await open();
    for (const name of names(3)) await store.commit((doc) => [applicant(doc, name)]);
    const stationId = store.data.stationId;
    await store.close();
    // As a crash leaves it: snapshot N and journal N, plus the journal of generation N + 1 with two commits.
    const snapshot = await readFile(join(dir.path, STORE_FILE));
    const params = readHeader(snapshot).header.key;
    const key = await keys().keyFor(params);
    const { generation } = readJournalHeader(await readFile(join(dir.path, JOURNAL_FILE)));
    const later = (seq: number, firstName: string) => encodeRecord(key, generation + 1, { seq, at: '2026-12-08T09:01:00.000Z', changes: [added(stationId, 2 + seq, firstName)] });
    await writeFile(join(dir.path, NEXT_JOURNAL_FILE), Buffer.concat([journalHeader(generation + 1, key, params), later(1, 'Late0'), later(2, 'Late1')]));

    const reopened = await open();
    expect(reopened.data.applicants.map((a) => a.firstName)).toEqual([...names(3), 'Late0', 'Late1']);
    await reopened.close();
    expect(await readdir(dir.path)).not.toContain(NEXT_JOURNAL_FILE);
    const again = await open();
    expect(again.data.applicants).toHaveLength(5);
    await again.close();
  });

  it('gives the next journal its name when a crash came after the new snapshot took its place', async () => {
    const store = await open();
    await store.commit((doc) => [applicant(doc, 'Before')]);
    await store.compact();
    for (const name of names(2, 'After')) await store.commit((doc) => [applicant(doc, name)]);
    await store.close();
    await rename(join(dir.path, JOURNAL_FILE), join(dir.path, NEXT_JOURNAL_FILE));

    const reopened = await open();
    expect(reopened.data.applicants.map((a) => a.firstName)).toEqual(['Before', 'After0', 'After1']);
    await reopened.close();
    expect(await readdir(dir.path)).toEqual(expect.arrayContaining([STORE_FILE, JOURNAL_FILE]));
  });
});
