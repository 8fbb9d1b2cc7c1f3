import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scratchDir } from '../../../tests/support/web-host';
import type { Change } from './changes';
import { emptyDocument, type StoreDocument } from './document';
import { readHeader, seal, unseal } from './envelope';
import { keyFileProvider, passphraseProvider } from './key-providers';
import { openStationStore, STORE_FILE } from './station-store';

const RANGE = { first: 10_000_000, last: 19_999_999 };
let dir: { path: string; remove(): Promise<void> };
beforeEach(async () => (dir = await scratchDir('store-')));
afterEach(() => dir.remove());

const keyFile = () => keyFileProvider(join(dir.path, 'keys', 'station.key'), { create: true });
const open = (keys = keyFile()) => openStationStore({ dataDir: dir.path, keys, initial: () => emptyDocument(RANGE) });

function withApplicant(doc: Readonly<StoreDocument>, firstName: string): Change[] {
  const employeeNumber = String(10_000_001 + doc.applicants.length);
  return [
    {
      kind: 'applicant.added',
      applicant: { employeeNumber, firstName, lastName: 'Łukasiewicz', credentialTypeId: 'piv-card-employee', createdAt: new Date().toISOString(), createdBy: 'clerk', stationId: doc.stationId },
    },
  ];
}

describe('encrypted station store', () => {
  it('keeps what was saved across a restart', async () => {
    const store = await open();
    await store.commit((doc) => withApplicant(doc, 'Seán'));
    await store.close();
    const reopened = await open();
    expect(reopened.data.applicants.map((a) => a.firstName)).toEqual(['Seán']);
    await reopened.close();
  });

  it('never writes names or JSON in plaintext, in the snapshot or the journal', async () => {
    const store = await open();
    await store.commit((doc) => withApplicant(doc, 'Plaintextcanary'));
    await store.compact();
    await store.commit((doc) => withApplicant(doc, 'Journalcanary'));
    await store.close();
    const { readdir } = await import('node:fs/promises');
    const names = (await readdir(dir.path)).filter((n) => n.endsWith('.enc'));
    expect(names.sort()).toEqual(['station-journal.enc', 'station-journal.prev.enc', 'station-store.enc', 'station-store.prev.enc']);
    for (const name of names) {
      const bytes = await readFile(join(dir.path, name));
      for (const text of ['Plaintextcanary', 'Journalcanary', 'Łukasiewicz', '"applicants"', '"changes"', 'applicant.added']) {
        expect(bytes.includes(Buffer.from(text)), `${text} in ${name}`).toBe(false);
      }
    }
  });

  it('refuses the wrong key with a clear message and leaves the file as it was', async () => {
    const store = await open();
    await store.commit((doc) => withApplicant(doc, 'Ann'));
    await store.close();
    const before = await readFile(join(dir.path, STORE_FILE));
    const other = keyFileProvider(join(dir.path, 'other.key'), { create: true });
    await other.newKey();
    await expect(open(other)).rejects.toMatchObject({ code: 'STORE_UNREADABLE', message: expect.stringContaining('encrypted with a different key') });
    expect(await readFile(join(dir.path, STORE_FILE))).toEqual(before);
  });

  it('refuses a missing key file rather than starting an empty store', async () => {
    const store = await open();
    await store.close();
    const missing = keyFileProvider(join(dir.path, 'nowhere.key'), { create: false });
    await expect(open(missing)).rejects.toMatchObject({ code: 'STORE_UNREADABLE', message: expect.stringContaining('missing') });
  });

  describe.each([
    ['empty', () => Buffer.alloc(0), 'the file is empty'],
    ['truncated', (b: Buffer) => b.subarray(0, b.length - 40), 'damaged'],
    ['cut inside the header', (b: Buffer) => b.subarray(0, 20), 'truncated'],
    ['bit-flipped in the body', (b: Buffer) => flip(b, b.length - 30), 'failed its integrity check'],
    ['bit-flipped in the header', (b: Buffer) => flip(b, 15), 'damaged'],
    ['zero-filled', (b: Buffer) => Buffer.alloc(b.length), 'filled with zeros'],
    ['replaced by other data', () => Buffer.from('{"applicants":[]}'), 'not an Enrollment Station store'],
  ])('a %s file', (_name, damage, words) => {
    it('is reported, never overwritten or replaced by an empty store', async () => {
      const store = await open();
      await store.commit((doc) => withApplicant(doc, 'Ann'));
      await store.close();
      const file = join(dir.path, STORE_FILE);
      const damaged = damage(await readFile(file));
      await writeFile(file, damaged);
      await expect(open()).rejects.toMatchObject({ code: 'STORE_UNREADABLE', message: expect.stringContaining(words) });
      expect(await readFile(file)).toEqual(damaged);
    });
  });

  it('opens with a passphrase and refuses the wrong one', async () => {
    const store = await open(passphraseProvider('correct horse battery'));
    await store.commit((doc) => withApplicant(doc, 'Ann'));
    await store.close();
    await expect(open(passphraseProvider('wrong horse battery'))).rejects.toMatchObject({ code: 'STORE_UNREADABLE', message: expect.stringContaining('different key') });
    const again = await open(passphraseProvider('correct horse battery'));
    expect(again.data.applicants).toHaveLength(1);
    await again.close();
  });

  it('refuses a store set up with a passphrase when started with a key file', async () => {
    const store = await open(passphraseProvider('correct horse battery'));
    await store.close();
    await expect(open()).rejects.toMatchObject({ message: expect.stringContaining('protected by a station passphrase') });
  });

  it('refuses a short passphrase for a new store', async () => {
    await expect(open(passphraseProvider('short'))).rejects.toMatchObject({ message: expect.stringContaining('at least 12 characters') });
  });

  it('lets only one station open the folder at a time', async () => {
    const first = await open();
    await expect(open()).rejects.toMatchObject({ code: 'STORE_LOCKED' });
    await first.close();
    const second = await open();
    await second.close();
  });

  it('writes nothing when a change is refused', async () => {
    const store = await open();
    const before = await readFile(join(dir.path, STORE_FILE));
    await expect(store.commit(() => { throw new Error('refused'); })).rejects.toThrow('refused');
    expect(store.data.applicants).toEqual([]);
    expect(await readFile(join(dir.path, STORE_FILE))).toEqual(before);
    await store.close();
  });

  it('refuses a store written by a newer version', async () => {
    const store = await open();
    await store.close();
    await rewriteSnapshot((doc) => ({ ...doc, schemaVersion: 99 }));
    await expect(open()).rejects.toMatchObject({ message: expect.stringContaining('newer version') });
  });

  it('keeps the key file private to its owner', async () => {
    const store = await open();
    await store.close();
    const { stat } = await import('node:fs/promises');
    expect((await stat(join(dir.path, 'keys', 'station.key'))).mode & 0o777).toBe(0o600);
  });
});

/** Re-seals the snapshot with a changed document, as another program version would have written it. */
async function rewriteSnapshot(change: (doc: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
  const file = join(dir.path, STORE_FILE);
  const bytes = await readFile(file);
  const keys = keyFile();
  const params = readHeader(bytes).header.key;
  const key = await keys.keyFor(params);
  const plain = unseal(key, bytes);
  const newline = plain.indexOf(0x0a);
  const boundary = newline === -1 ? plain.length : newline;
  const header = JSON.parse(plain.subarray(0, boundary).toString()) as { document: Record<string, unknown> };
  const rewritten = Buffer.concat([Buffer.from(JSON.stringify({ ...header, document: change(header.document) })), plain.subarray(boundary)]);
  await writeFile(file, seal(key, params, rewritten));
}

function flip(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}
