import { cp, readdir, readFile, rename, truncate, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../shared/domain/audit-chain';
import { scratchDir } from '../../../tests/support/web-host';
import type { Change } from './changes';
import { emptyDocument, SCHEMA_VERSION, type StoreDocument } from './document';
import { keyFileProvider, passphraseProvider } from './key-providers';
import { JOURNAL_FILE, openStationStore, PREVIOUS_JOURNAL_FILE, PREVIOUS_STORE_FILE, STORE_FILE } from './station-store';

const RANGE = { first: 10_000_000, last: 19_999_999 };
let dir: { path: string; remove(): Promise<void> };
let tick = 0;
/** A clock one second further on at each call, so recovery reports name known times. */
const clock = () => new Date(Date.UTC(2026, 10, 28, 10, 0, tick++));
beforeEach(async () => {
  dir = await scratchDir('recovery-');
  tick = 0;
});
afterEach(() => dir.remove());

const keyFile = () => keyFileProvider(join(dir.path, 'station.key'), { create: true });
const open = (options: { recover?: boolean; keys?: ReturnType<typeof keyFile> } = {}) =>
  openStationStore({ dataDir: dir.path, keys: options.keys ?? keyFile(), initial: () => emptyDocument(RANGE), recover: options.recover, compaction: { records: 1_000, bytes: 1 << 30 }, now: clock });

function person(doc: Readonly<StoreDocument>, firstName: string): Change[] {
  return [
    {
      kind: 'applicant.added',
      applicant: { employeeNumber: String(10_000_001 + doc.applicants.length), firstName, lastName: 'Test', credentialTypeId: 'piv-card-employee', createdAt: '2026-11-28T10:00:00.000Z', createdBy: 'clerk', stationId: doc.stationId },
    },
  ];
}

async function enroll(names: string[], compactAfter?: number): Promise<void> {
  const store = await open();
  for (const [i, name] of names.entries()) {
    await store.commit((doc) => person(doc, name));
    if (compactAfter !== undefined && i + 1 === compactAfter) await store.compact();
  }
  await store.close();
}

const names = async () => {
  const store = await open();
  const result = store.data.applicants.map((a) => a.firstName);
  await store.close();
  return result;
};

function flipByte(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = copy[at]! ^ 0xff;
  return copy;
}

describe('journal', () => {
  it('drops a record cut short by a crash (never acknowledged) and keeps every earlier one', async () => {
    await enroll(['Ann', 'Bo', 'Cy']);
    const journal = join(dir.path, JOURNAL_FILE);
    const size = (await readFile(journal)).length;
    await truncate(journal, size - 7);
    expect(await names()).toEqual(['Ann', 'Bo']);
    // The torn bytes are gone, so new work appends cleanly after the last whole record.
    await enroll(['Di']);
    expect(await names()).toEqual(['Ann', 'Bo', 'Di']);
  });

  it('reports a damaged record in the middle, offers what can be recovered, and changes nothing', async () => {
    await enroll(['Ann', 'Bo', 'Cy', 'Di']);
    const journal = join(dir.path, JOURNAL_FILE);
    const bytes = await readFile(journal);
    const damaged = flipByte(bytes, bytes.length - 200);
    await writeFile(journal, damaged);
    const failure = open();
    await expect(failure).rejects.toMatchObject({ code: 'STORE_UNREADABLE', message: expect.stringContaining('--recover') });
    await expect(failure).rejects.toMatchObject({ details: { readableChanges: expect.any(Number), unreadableChanges: expect.any(Number) } });
    expect(await readFile(journal)).toEqual(damaged);
  });

  it('with --recover keeps the changes before the damage and sets the damaged journal aside', async () => {
    await enroll(['Ann', 'Bo', 'Cy', 'Di']);
    const journal = join(dir.path, JOURNAL_FILE);
    const bytes = await readFile(journal);
    await writeFile(journal, flipByte(bytes, bytes.length - 20)); // inside the last record
    const store = await open({ recover: true });
    expect(store.data.applicants.map((a) => a.firstName)).toEqual(['Ann', 'Bo', 'Cy']);
    expect(store.recovery).toMatchObject({ missingChanges: 1, savedUpTo: '2026-11-28T10:00:03.000Z' });
    const aside = await readdir(store.recovery!.keptAside);
    expect(aside).toEqual([JOURNAL_FILE]);
    await store.commit((doc) => person(doc, 'Ed'));
    await store.close();
    expect(await names()).toEqual(['Ann', 'Bo', 'Cy', 'Ed']);
  });
});

describe('generations', () => {
  it('keeps the previous generation after a compaction and reopens with everything', async () => {
    await enroll(['Ann', 'Bo', 'Cy'], 2);
    const files = await readdir(dir.path);
    expect(files).toEqual(expect.arrayContaining([STORE_FILE, JOURNAL_FILE, PREVIOUS_STORE_FILE, PREVIOUS_JOURNAL_FILE]));
    expect(await names()).toEqual(['Ann', 'Bo', 'Cy']);
  });

  it('offers the last good generation when the snapshot is damaged, and rebuilds it with nothing missing', async () => {
    await enroll(['Ann', 'Bo', 'Cy', 'Di'], 2);
    const snapshot = join(dir.path, STORE_FILE);
    const damaged = flipByte(await readFile(snapshot), 60);
    await writeFile(snapshot, damaged);
    await expect(open()).rejects.toMatchObject({ message: expect.stringContaining('The last good copy (2 applicants') });
    expect(await readFile(snapshot)).toEqual(damaged);

    const store = await open({ recover: true });
    expect(store.data.applicants.map((a) => a.firstName)).toEqual(['Ann', 'Bo', 'Cy', 'Di']);
    expect(store.recovery?.missingChanges).toBe(0);
    expect(await readFile(join(store.recovery!.keptAside, STORE_FILE))).toEqual(damaged);
    await store.close();
    expect(await names()).toEqual(['Ann', 'Bo', 'Cy', 'Di']);
  });

  it.each([
    ['after the snapshot was set aside', [STORE_FILE]],
    ['after the snapshot and journal were set aside', [STORE_FILE, JOURNAL_FILE]],
  ])('finishes a compaction interrupted %s', async (_when, moved) => {
    await enroll(['Ann', 'Bo', 'Cy'], 1);
    // Replay the first renames of a compaction, then "crash".
    await rename(join(dir.path, PREVIOUS_STORE_FILE), join(dir.path, 'older.enc'));
    await rename(join(dir.path, PREVIOUS_JOURNAL_FILE), join(dir.path, 'older-journal.enc'));
    for (const name of moved) await rename(join(dir.path, name), join(dir.path, name === STORE_FILE ? PREVIOUS_STORE_FILE : PREVIOUS_JOURNAL_FILE));
    expect(await names()).toEqual(['Ann', 'Bo', 'Cy']);
  });
});

describe('temp files', () => {
  it('removes a temp snapshot a crash left mid-compaction; after a key rotation no copy under the old key remains', async () => {
    await enroll(['Ann', 'Bo'], 1);
    const stray = join(dir.path, '.station-store.enc.99999.tmp');
    await cp(join(dir.path, STORE_FILE), stray);
    await cp(join(dir.path, JOURNAL_FILE), join(dir.path, '.station-journal.enc.99998.tmp'));
    const store = await open();
    expect((await readdir(dir.path)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    await store.rotateKey(passphraseProvider('rotated passphrase 2026'));
    await store.close();
    const oldKeyHeader = (await readFile(join(dir.path, STORE_FILE))).includes(Buffer.from('"key-file"'));
    expect(oldKeyHeader).toBe(false);
    expect((await readdir(dir.path)).filter((n) => n.endsWith('.enc')).sort()).toEqual([JOURNAL_FILE, STORE_FILE]);
  });
});

describe('migration', () => {
  it('opens a store written by 0.1.0 (format 1), upgrades it, and keeps the old file as the previous generation', async () => {
    await cp(resolve(__dirname, '../../../tests/fixtures/store-v1'), dir.path, { recursive: true });
    const original = await readFile(join(dir.path, STORE_FILE));
    const store = await open();
    expect(store.data.applicants.map((a) => `${a.firstName} ${a.lastName}`)).toEqual(["Seán O'Brien-de la Cruz", 'ŁUKASZ Nowak', 'Ann Lee']);
    expect(store.data.schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.data.outbox).toEqual([]);
    expect(store.data.sync.server).toBeNull();
    expect(store.data.devices).toEqual([]);
    expect(store.data.audit.toArray().map((e) => e.seq)).toEqual([1, 2, 3]);
    // The History written before the audit chain existed is linked and signed on upgrade.
    expect(verifyAuditChain(store.data.audit.toArray(), { publicKey: store.data.auditKey.publicKey }).ok).toBe(true);
    expect(store.data.audit.toArray().map((e) => e.summary)).toEqual([expect.stringContaining('Seán'), expect.stringContaining('ŁUKASZ'), expect.stringContaining('Ann')]);
    expect(store.data.operatorRegistry).toBeNull();
    await store.commit((doc) => person(doc, 'New'));
    await store.close();
    expect(await readFile(join(dir.path, PREVIOUS_STORE_FILE))).toEqual(original);
    expect(await names()).toEqual(['Seán', 'ŁUKASZ', 'Ann', 'New']);
  });
});

describe('key rotation', () => {
  it('re-encrypts under the new key in one step; the old key no longer opens it', async () => {
    await enroll(['Ann', 'Bo'], 1);
    const store = await open();
    await store.rotateKey(passphraseProvider('rotated passphrase 2026'));
    await store.commit((doc) => person(doc, 'Cy'));
    await store.close();
    expect((await readdir(dir.path)).filter((n) => n.includes('.prev.'))).toEqual([]);
    await expect(open()).rejects.toMatchObject({ message: expect.stringContaining('protected by a station passphrase') });
    const reopened = await open({ keys: passphraseProvider('rotated passphrase 2026') as ReturnType<typeof keyFile> });
    expect(reopened.data.applicants.map((a) => a.firstName)).toEqual(['Ann', 'Bo', 'Cy']);
    await reopened.close();
  });
});
