import { mkdir, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { z } from 'zod';
import type { Logger } from '../../node/logger';
import { StationError } from '../../shared/contract/errors';
import type { RecoveryReport } from '../../shared/contract/station';
import { applyChanges, Change, indexPositions } from './changes';
import type { StoreDocument as Doc } from './document';
import { renameDurably, syncDirectory, writeDurableTemp } from './durable-file';
import { EnvelopeError, readHeader, SealedReader, sealParts, type KeyParams, type OpenFailure } from './envelope';
import { createJournal, encodeRecord, JournalWriter, readJournal, readJournalFile, type JournalContents } from './journal';
import type { KeyProvider } from './key-providers';
import { decodeSnapshot, encodeSnapshot, type DecodedSnapshot } from './snapshot';
import { acquireStoreLock } from './store-lock';

/**
 * The station's encrypted store.
 *
 * lowdb's `Low` holds the document in memory. On disk it is a **snapshot** (the whole
 * document, sealed) plus an append-only **journal** of every commit since, one sealed
 * record each, fsync'd before the commit resolves. A commit therefore costs one small
 * write whatever the store's size. Every few thousand commits the journal is folded
 * into a new snapshot (a new *generation*); the previous generation is kept as the
 * last good copy.
 *
 * A compaction never holds commits up: it takes a point-in-time view of the document,
 * switches new commits to the next generation's journal (`station-journal.next.enc`), and
 * writes the snapshot in the background; a crash at any point leaves files `open`
 * completes (snapshot + journal + next journal replayed in order).
 */
export const STORE_FILE = 'station-store.enc';
export const JOURNAL_FILE = 'station-journal.enc';
export const PREVIOUS_STORE_FILE = 'station-store.prev.enc';
export const PREVIOUS_JOURNAL_FILE = 'station-journal.prev.enc';
/** The journal of the generation a background compaction is writing. */
export const NEXT_JOURNAL_FILE = 'station-journal.next.enc';

export interface CompactionPolicy {
  records: number;
  bytes: number;
}
const DEFAULT_COMPACTION: CompactionPolicy = { records: 5_000, bytes: 8 * 1024 * 1024 };

export type { RecoveryReport } from '../../shared/contract/station';

export interface StationStore {
  readonly file: string;
  /** The committed document. Read it; change it only through `commit`. */
  readonly data: Readonly<Doc>;
  /** Set when the store was opened with `recover` and had to fall back. */
  readonly recovery: RecoveryReport | undefined;
  /**
   * Builds changes from the current document and saves them as one durable record:
   * all or nothing. If `build` throws, or the write fails, nothing changes.
   */
  commit(build: (current: Readonly<Doc>) => Change[]): Promise<void>;
  /** Called after each commit is saved and applied, before the next one starts (keeps indexes current). */
  onCommitted(listener: (changes: readonly Change[]) => void): () => void;
  /** Folds the journal into a new snapshot (also happens by itself). */
  compact(): Promise<void>;
  /** Re-encrypts everything under a new key in one durable step; the old generation is removed. */
  rotateKey(next: KeyProvider): Promise<void>;
  close(): Promise<void>;
}


interface Generation {
  doc: Doc;
  generation: number;
  savedAt: string;
  key: Buffer;
  params: KeyParams;
  journal: JournalContents | undefined;
  /** Journal records the snapshot already holds (see `journalRecords` in snapshot.ts). */
  skip: number;
  /** The snapshot was in an older format and must be rewritten. */
  migrated: boolean;
}

const FAILURE_TEXT: Record<OpenFailure['reason'], string> = {
  empty: 'the file is empty',
  'not-a-store': 'the file is not an Enrollment Station store',
  damaged: 'the file is damaged',
  'wrong-key': 'it was encrypted with a different key',
};

function unreadable(file: string, failure: OpenFailure, keyDescription: string): StationError {
  const what = failure.reason === 'damaged' ? `${FAILURE_TEXT.damaged}: ${failure.detail}` : FAILURE_TEXT[failure.reason];
  const fix =
    failure.reason === 'wrong-key'
      ? `Start the station with the key it was set up with (now using ${keyDescription}).`
      : 'The file has been left untouched for support. Restore it from a backup or contact support; do not delete it.';
  return new StationError('STORE_UNREADABLE', `The station's data file ${file} cannot be opened: ${what}. ${fix}`, { file, reason: failure.reason });
}

async function readIfPresent(path: string): Promise<Buffer | undefined> {
  return readJournalFile(path);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Reads one generation: snapshot (migrating an older format) plus its journal. */
async function loadGeneration(snapshotFile: string, snapshot: Buffer, journal: Buffer | undefined, keys: KeyProvider): Promise<Generation> {
  let key: Buffer;
  let params: KeyParams;
  let body: DecodedSnapshot;
  try {
    params = readHeader(snapshot).header.key;
    key = await keys.keyFor(params);
    body = await decodeSnapshot(SealedReader.open(key, snapshot), snapshotFile);
  } catch (error) {
    if (error instanceof EnvelopeError) throw unreadable(snapshotFile, error.failure, keys.description);
    throw error;
  }
  let contents: JournalContents | undefined;
  if (journal) {
    try {
      contents = readJournal(key, journal);
    } catch (error) {
      if (error instanceof EnvelopeError) throw unreadable(snapshotFile.replace(STORE_FILE, JOURNAL_FILE), error.failure, keys.description);
      throw error;
    }
    // A journal older than its snapshot was already folded into it (a crash right after compaction).
    if (contents.generation < body.generation) contents = undefined;
    else if (contents.generation > body.generation) {
      throw unreadable(snapshotFile, { reason: 'damaged', detail: 'the journal belongs to a newer snapshot than the one found' }, '');
    }
  }
  return { doc: body.doc, generation: body.generation, savedAt: body.savedAt, key, params, journal: contents, skip: body.journalRecords, migrated: body.outdated };
}

/** Records replayed per event-loop turn (a full journal is thousands: opening must not stall). */
const REPLAY_SLICE = 250;

async function replay(state: Generation, upTo = Number.POSITIVE_INFINITY): Promise<{ lastChangeAt: string | undefined; applied: number }> {
  let lastChangeAt: string | undefined;
  let applied = 0;
  for (const record of state.journal?.records ?? []) {
    if (record.seq >= upTo) break;
    if (record.seq <= state.skip) continue;
    applyChanges(state.doc, record.changes);
    lastChangeAt = record.at;
    applied += 1;
    if (applied % REPLAY_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return { lastChangeAt, applied };
}

function journalDamage(file: string, journal: JournalContents): StationError {
  const damage = journal.damage!;
  const readable = journal.records.length;
  return new StationError(
    'STORE_UNREADABLE',
    `The station's journal ${file} cannot be read past change ${damage.seq}: ${damage.detail}. The file has been left untouched for support. ` +
      `The station can open with the ${readable} change(s) before it; ${1 + damage.recordsAfter} change(s) from that point on would be missing. ` +
      'To do that, start the station with --recover.',
    { file, reason: 'damaged', recoverable: true, readableChanges: readable, unreadableChanges: 1 + damage.recordsAfter },
  );
}

class StoreFiles {
  readonly snapshot: string;
  readonly journal: string;
  readonly previousSnapshot: string;
  readonly previousJournal: string;
  constructor(readonly dir: string) {
    this.snapshot = join(dir, STORE_FILE);
    this.journal = join(dir, JOURNAL_FILE);
    this.previousSnapshot = join(dir, PREVIOUS_STORE_FILE);
    this.previousJournal = join(dir, PREVIOUS_JOURNAL_FILE);
    this.nextJournal = join(dir, NEXT_JOURNAL_FILE);
  }
  readonly nextJournal: string;
}

/**
 * Finishes a compaction a crash interrupted between its renames: the previous
 * generation, with its journal, is then the complete state; or the new snapshot is in
 * place and only its journal (the next journal) still has to take its name.
 */
async function finishInterruptedCompaction(files: StoreFiles): Promise<void> {
  if (!(await exists(files.snapshot)) && (await exists(files.previousSnapshot))) {
    await renameDurably(files.previousSnapshot, files.snapshot);
    if (!(await exists(files.journal)) && (await exists(files.previousJournal))) await renameDurably(files.previousJournal, files.journal);
  }
  if ((await exists(files.snapshot)) && !(await exists(files.journal)) && (await exists(files.nextJournal))) await renameDurably(files.nextJournal, files.journal);
}

/**
 * Replays the next journal when a crash came before its snapshot was in place: its
 * records follow the current journal's. Returns whether there was one to fold in.
 */
function replayNextJournal(state: Generation, file: string, bytes: Buffer | undefined): boolean {
  if (!bytes) return false;
  let next: JournalContents;
  try {
    next = readJournal(state.key, bytes);
  } catch (error) {
    if (error instanceof EnvelopeError) throw unreadable(file, error.failure, '');
    throw error;
  }
  if (next.generation !== state.generation + 1) return false; // already folded into the snapshot
  if (next.damage) throw journalDamage(file, next);
  for (const record of next.records) applyChanges(state.doc, record.changes);
  return true;
}

/** The document as it is now, unaffected by later commits (they replace items and grow lists, never change an item in place). */
function pointInTime(doc: Doc): Doc {
  return {
    ...doc,
    applicants: doc.applicants.slice(),
    devices: doc.devices.slice(),
    outbox: doc.outbox.slice(),
    reviews: doc.reviews.slice(),
    mobileCredentials: doc.mobileCredentials.slice(),
    audit: doc.audit.frozen(),
  };
}

const STALE_TEMP = /^\.station-(store|journal|journal\.next)\.enc\.\d+\.tmp$/;

/**
 * Removes temp files a crash left between "written" and "renamed into place". They are
 * never the only copy of anything (the rename is what commits), but they are full
 * encrypted copies — after a key rotation, under the retired key.
 */
async function removeStaleTemps(dir: string): Promise<void> {
  const stale = (await readdir(dir)).filter((name) => STALE_TEMP.test(name));
  for (const name of stale) await unlink(join(dir, name)).catch(() => undefined);
  if (stale.length > 0) await syncDirectory(dir);
}

/** Moves damaged files into a dated folder for support; never overwrites or deletes them. */
async function keepAside(files: StoreFiles, names: string[]): Promise<string> {
  const folder = join(files.dir, `damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  await mkdir(folder, { mode: 0o700 });
  for (const name of names) {
    if (await exists(join(files.dir, name))) await rename(join(files.dir, name), join(folder, name));
  }
  await syncDirectory(files.dir);
  return folder;
}

/** Decides what can be restored after damage, best first. */
async function recover(files: StoreFiles, keys: KeyProvider, failure: StationError): Promise<{ state: Generation; report: RecoveryReport }> {
  const snapshot = await readIfPresent(files.snapshot);
  const journal = await readIfPresent(files.journal);
  // 1. The snapshot is good and only the journal is damaged: keep every change before the damage.
  if (snapshot && failure.details?.recoverable === true) {
    const state = await loadGeneration(files.snapshot, snapshot, journal, keys);
    const damage = state.journal!.damage!;
    const { lastChangeAt } = await replay(state, damage.seq);
    const keptAside = await keepAside(files, [JOURNAL_FILE]);
    state.journal = undefined;
    return {
      state,
      report: {
        savedUpTo: lastChangeAt ?? state.savedAt,
        missingChanges: 1 + damage.recordsAfter,
        keptAside,
      },
    };
  }
  // 2. The snapshot is damaged: the previous generation and its journal rebuild it.
  const previous = await readIfPresent(files.previousSnapshot);
  if (!previous) throw failure;
  const state = await loadGeneration(files.previousSnapshot, previous, await readIfPresent(files.previousJournal), keys);
  if (state.journal?.damage) throw failure;
  const { lastChangeAt } = await replay(state);
  const current = journal ? tryReadJournal(state.key, journal) : undefined;
  let savedUpTo = lastChangeAt ?? state.savedAt;
  let missingChanges: number | null = null;
  if (current && current.generation === state.generation + 1 && !current.damage) {
    for (const record of current.records) applyChanges(state.doc, record.changes);
    savedUpTo = current.records.at(-1)?.at ?? savedUpTo;
    missingChanges = 0; // the damaged snapshot was rebuilt from the previous one and the journal
  }
  state.journal = undefined;
  state.generation += 1;
  const keptAside = await keepAside(files, [STORE_FILE, JOURNAL_FILE]);
  return { state, report: { savedUpTo, missingChanges, keptAside } };
}

function tryReadJournal(key: Buffer, bytes: Buffer): JournalContents | undefined {
  try {
    return readJournal(key, bytes);
  } catch {
    return undefined;
  }
}

/** lowdb adapter whose `write` is a compaction: a new snapshot generation, the old one kept. */
class SnapshotAdapter implements Adapter<Doc> {
  constructor(
    private readonly files: StoreFiles,
    private readonly current: () => { generation: number; key: Buffer; params: KeyParams },
    private readonly advance: (generation: number) => void,
  ) {}

  async read(): Promise<Doc | null> {
    return null; // The store loads snapshot and journal itself (see openStationStore).
  }

  async write(doc: Doc): Promise<void> {
    const { generation, key, params } = this.current();
    const next = generation + 1;
    const sealed = await sealParts(key, params, await encodeSnapshot(doc, next, new Date().toISOString()));
    const temp = await writeDurableTemp(this.files.snapshot, sealed);
    // Order matters: any crash between these steps leaves a state open() completes.
    if (await exists(this.files.snapshot)) await renameDurably(this.files.snapshot, this.files.previousSnapshot);
    if (await exists(this.files.journal)) await renameDurably(this.files.journal, this.files.previousJournal);
    await renameDurably(temp, this.files.snapshot);
    await createJournal(this.files.journal, next, key, params);
    this.advance(next);
  }
}

/**
 * Opens (or creates) the station's store in `dataDir`. A wrong key or a damaged file
 * is an error naming the file; the station never starts over on an empty store.
 * With `recover`, damaged files are moved aside and the last good state is opened.
 */
export async function openStationStore(options: {
  dataDir: string;
  keys: KeyProvider;
  initial: () => Doc;
  recover?: boolean;
  compaction?: CompactionPolicy;
  now?: () => Date;
  /** The station's log (a postponed compaction is noted there). */
  log?: Logger;
}): Promise<StationStore> {
  const files = new StoreFiles(options.dataDir);
  const policy = options.compaction ?? DEFAULT_COMPACTION;
  const now = options.now ?? (() => new Date());
  const release = await acquireStoreLock(join(options.dataDir, 'station-store.lock'));
  try {
    await finishInterruptedCompaction(files);
    await removeStaleTemps(files.dir);
    let state: Generation;
    let recovery: RecoveryReport | undefined;
    const snapshot = await readIfPresent(files.snapshot);
    const journal = await readIfPresent(files.journal);
    if (!snapshot) {
      if (journal) throw unreadable(files.snapshot, { reason: 'damaged', detail: 'the snapshot is missing but its journal is there' }, '');
      const fresh = await options.keys.newKey();
      state = { doc: options.initial(), generation: -1, savedAt: now().toISOString(), key: fresh.key, params: fresh.params, journal: undefined, skip: 0, migrated: true };
    } else {
      try {
        state = await loadGeneration(files.snapshot, snapshot, journal, options.keys);
        if (state.journal?.damage) throw journalDamage(files.journal, state.journal);
        await indexPositions(state.doc);
        await replay(state);
        if (replayNextJournal(state, files.nextJournal, await readIfPresent(files.nextJournal))) state.migrated = true;
      } catch (error) {
        const recoverable = error instanceof StationError && error.code === 'STORE_UNREADABLE' && error.details?.reason === 'damaged';
        if (!recoverable) throw error;
        if (!options.recover) throw await withRecoveryOffer(files, options.keys, error);
        ({ state, report: recovery } = await recover(files, options.keys, error));
        state.migrated = true;
      }
    }

    const db = new Low<Doc>(
      new SnapshotAdapter(
        files,
        () => state,
        (generation) => {
          state.generation = generation;
          state.journal = undefined;
        },
      ),
      state.doc,
    );
    let records = state.journal?.records.length ?? 0;
    if (state.migrated || !state.journal) {
      await db.write(); // first snapshot, a migrated one, or a fresh journal after a recovery
      records = 0;
    }
    // A next journal left by a crash is now folded into the snapshot (or was already).
    if (await exists(files.nextJournal)) {
      await unlink(files.nextJournal);
      await syncDirectory(files.dir);
    }
    let writer = await JournalWriter.open(files.journal, state.journal?.end ?? (await stat(files.journal)).size);
    /** Commits go to the next generation's journal while a compaction is being written. */
    let nextJournal = false;
    let compaction: Promise<void> | undefined;
    let holdCompactions = false;

    const committed = new Set<(changes: readonly Change[]) => void>();
    let queue: Promise<unknown> = Promise.resolve();
    const enqueue = <T>(task: () => Promise<T>): Promise<T> => {
      const run = queue.then(task);
      queue = run.catch(() => undefined);
      return run;
    };

    /** In the queue: a point-in-time view to write, and new commits switched to the next journal. */
    const beginCompaction = async () => {
      const generation = state.generation + 1;
      if (!nextJournal) {
        await createJournal(files.nextJournal, generation, state.key, state.params);
        const next = await JournalWriter.open(files.nextJournal, (await stat(files.nextJournal)).size);
        await writer.close();
        writer = next;
        records = 0;
        nextJournal = true;
      }
      // After a failed attempt the next journal already holds records: the snapshot includes them.
      return { view: pointInTime(db.data), generation, included: records, key: state.key, params: state.params };
    };
    /** In the queue: the written snapshot takes its place, then its journal (see `finishInterruptedCompaction`). */
    const installSnapshot = async (temp: string, generation: number) => {
      if (await exists(files.snapshot)) await renameDurably(files.snapshot, files.previousSnapshot);
      if (await exists(files.journal)) await renameDurably(files.journal, files.previousJournal);
      await renameDurably(temp, files.snapshot);
      await renameDurably(files.nextJournal, files.journal);
      state.generation = generation;
      nextJournal = false;
    };
    const writeSnapshot = async (plan: Awaited<ReturnType<typeof beginCompaction>>, inQueue: boolean) => {
      const sealed = await sealParts(plan.key, plan.params, await encodeSnapshot(plan.view, plan.generation, now().toISOString(), plan.included));
      const temp = await writeDurableTemp(files.snapshot, sealed);
      await (inQueue ? installSnapshot(temp, plan.generation) : enqueue(() => installSnapshot(temp, plan.generation)));
    };
    const compactInBackground = (plan: Awaited<ReturnType<typeof beginCompaction>>) => {
      compaction = writeSnapshot(plan, false)
        // Every commit is already in a journal; a failed compaction only postpones the next one.
        .catch((error: unknown) =>
          options.log ? options.log.warn({ err: error }, 'compaction postponed') : console.error('[store] compaction postponed:', (error as Error).message),
        )
        .finally(() => {
          compaction = undefined;
        });
    };
    const settled = async () => {
      while (compaction) await compaction;
    };

    return {
      file: files.snapshot,
      recovery,
      get data() {
        return db.data;
      },
      commit: (build) =>
        enqueue(async () => {
          const changes = z.array(Change).parse(build(db.data));
          if (changes.length === 0) return;
          const record = encodeRecord(state.key, state.generation + (nextJournal ? 1 : 0), { seq: records + 1, at: now().toISOString(), changes });
          const before = writer.bytes;
          try {
            await writer.append(record);
          } catch (error) {
            await writer.rollback(before);
            throw new StationError(
              'STORE_WRITE_FAILED',
              `The change could not be saved to ${nextJournal ? files.nextJournal : files.journal} (${(error as NodeJS.ErrnoException).code ?? 'write error'}). Nothing was saved; check free disk space and try again.`,
            );
          }
          applyChanges(db.data, changes);
          records += 1;
          for (const listener of committed) listener(changes);
          if (!compaction && !holdCompactions && (records >= policy.records || writer.bytes >= policy.bytes)) {
            await beginCompaction().then(compactInBackground, (error: unknown) => options.log?.warn({ err: error }, 'compaction postponed'));
          }
        }),
      onCommitted(listener) {
        committed.add(listener);
        return () => committed.delete(listener);
      },
      async compact() {
        await settled();
        await writeSnapshot(await enqueue(beginCompaction), false);
      },
      async rotateKey(next) {
        holdCompactions = true;
        try {
          await settled();
          await enqueue(async () => {
            // A compaction that failed earlier left a next journal under the old key: finish it under that key first.
            if (nextJournal) await writeSnapshot(await beginCompaction(), true);
            const fresh = await next.newKey();
            const old = { key: state.key, params: state.params };
            state.key = fresh.key;
            state.params = fresh.params;
            try {
              await writeSnapshot(await beginCompaction(), true);
            } catch (error) {
              state.key = old.key;
              state.params = old.params;
              throw error;
            }
            // The previous generation is under the old key: remove it, and any stray temp copy.
            await unlink(files.previousSnapshot).catch(() => undefined);
            await unlink(files.previousJournal).catch(() => undefined);
            await removeStaleTemps(files.dir);
            await syncDirectory(files.dir);
          });
        } finally {
          holdCompactions = false;
        }
      },
      async close() {
        holdCompactions = true;
        await settled();
        await enqueue(async () => {
          await writer.close();
          await release();
        });
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}

/** Adds to a damage error what --recover would restore, so the operator can decide. */
async function withRecoveryOffer(files: StoreFiles, keys: KeyProvider, error: StationError): Promise<StationError> {
  if (error.details?.recoverable === true) return error;
  const previous = await readIfPresent(files.previousSnapshot);
  if (!previous) return error;
  try {
    const state = await loadGeneration(files.previousSnapshot, previous, await readIfPresent(files.previousJournal), keys);
    const { lastChangeAt } = await replay(state);
    return new StationError(
      'STORE_UNREADABLE',
      `${error.message} The last good copy (${state.doc.applicants.length} applicants, saved up to ${lastChangeAt ?? state.savedAt}) can be opened instead; changes after that may be missing. To do that, start the station with --recover.`,
      { ...error.details, recoverable: true, lastGoodCopy: { applicants: state.doc.applicants.length, savedUpTo: lastChangeAt ?? state.savedAt } },
    );
  } catch {
    return error;
  }
}


/**
 * How the store in `dataDir` is keyed, read from its header without any key: undefined
 * when there is no store yet (first run) or the header cannot be read (opening says why).
 */
export async function storeKeyKind(dataDir: string): Promise<KeyParams['kind'] | undefined> {
  const file = await readIfPresent(new StoreFiles(dataDir).snapshot).catch(() => undefined);
  if (!file) return undefined;
  try {
    return readHeader(file).header.key.kind;
  } catch {
    return undefined;
  }
}
