import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../../../tests/support/web-host';
import type { Applicant } from '../../shared/domain/applicant';
import type { Change } from './changes';
import { emptyDocument } from './document';
import { keyCheck, readHeader } from './envelope';
import { readJournalHeader } from './journal';
import { keyFileProvider, type KeyProvider } from './key-providers';
import { openStationStore, type StationStore } from './station-store';

/**
 * Model-based test: random sequences of what the station does to its store — commits
 * of 1–3 new applicants, compactions, restarts, key rotations, and commits refused
 * part-way — run against the real encrypted store in a temp folder and against a plain
 * array. After every step, and after a final restart, the store holds exactly the
 * array's applicants, in order.
 */
const RANGE = { first: 10_000_000, last: 19_999_999 };

interface Person {
  firstName: string;
  lastName: string;
  email?: string;
}

type Op =
  | { kind: 'commit'; people: Person[] }
  | { kind: 'compact' }
  | { kind: 'reopen' }
  | { kind: 'rotateKey' }
  | { kind: 'refusedCommit'; how: Refusal; people: Person[] }
  /** Several commits issued at once without waiting (two clerks), some refused: the rest land, in order. */
  | { kind: 'burst'; commits: { refused: Refusal | undefined; people: Person[] }[] };

type Refusal = 'build-throws' | 'invalid-change';

const name = fc.oneof(
  fc.constantFrom('Seán', 'Zoë', 'Łukasiewicz', '李', 'Анна', "O'Brien", 'Nguyễn Thị Minh Khai'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 16 }),
  // Any UTF-16, lone surrogates included: what goes in must come back.
  fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }),
);
const person: fc.Arbitrary<Person> = fc.record({ firstName: name, lastName: name, email: fc.option(fc.emailAddress(), { nil: undefined }) }, { requiredKeys: ['firstName', 'lastName'] });
const people = fc.array(person, { minLength: 1, maxLength: 3 });

const refusal = fc.constantFrom<Refusal>('build-throws', 'invalid-change');

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: people.map((p): Op => ({ kind: 'commit', people: p })) },
  { weight: 2, arbitrary: fc.constant<Op>({ kind: 'compact' }) },
  { weight: 2, arbitrary: fc.constant<Op>({ kind: 'reopen' }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'rotateKey' }) },
  { weight: 2, arbitrary: fc.tuple(refusal, people).map(([how, p]): Op => ({ kind: 'refusedCommit', how, people: p })) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.record({ refused: fc.option(refusal, { nil: undefined, freq: 3 }), people }), { minLength: 2, maxLength: 4 })
      .map((commits): Op => ({ kind: 'burst', commits })),
  },
);

function applicant(p: Person, employeeNumber: number, stationId: string): Applicant {
  return {
    employeeNumber: String(employeeNumber),
    firstName: p.firstName,
    lastName: p.lastName,
    credentialTypeId: 'piv-card-employee',
    ...(p.email === undefined ? {} : { email: p.email }),
    createdAt: '2026-11-28T10:00:00.000Z',
    createdBy: 'Property test clerk',
    stationId,
  };
}

/** A commit the store must refuse as a whole: its build throws, or its last change is invalid. */
function refusedChanges(how: Refusal, added: Applicant[]): Change[] {
  if (how === 'build-throws') throw new Error('refused by the test');
  // The last applicant has an impossible Employee Number: the schema refuses the whole commit.
  return added.map((a, i): Change => ({ kind: 'applicant.added', applicant: i === added.length - 1 ? { ...a, employeeNumber: '123' } : a }));
}

/** Key checks of every file in the data folder (snapshots and journals). */
async function keyChecksInFolder(dataDir: string): Promise<string[]> {
  const checks: string[] = [];
  for (const file of (await readdir(dataDir)).filter((n) => n.endsWith('.enc'))) {
    const bytes = await readFile(join(dataDir, file));
    checks.push(file.includes('journal') ? readJournalHeader(bytes).keyCheck : readHeader(bytes).header.keyCheck);
  }
  return checks;
}

async function runAgainstModel(ops: Op[], compactEvery: number): Promise<void> {
  const dir = await scratchDir('store-property-');
  const dataDir = join(dir.path, 'data');
  const keyPath = (i: number): string => join(dir.path, 'keys', `station-${i}.key`);
  let keyIndex = 0;
  let keys: KeyProvider = keyFileProvider(keyPath(0), { create: true });
  const retiredKeys: Buffer[] = [];
  const open = (provider: KeyProvider = keys): Promise<StationStore> =>
    openStationStore({ dataDir, keys: provider, initial: () => emptyDocument(RANGE), compaction: { records: compactEvery, bytes: 8 * 1024 * 1024 } });

  await mkdir(dataDir, { recursive: true });
  let store: StationStore | undefined = await open();
  const model: Applicant[] = [];
  let nextNumber = RANGE.first + 1;
  try {
    for (const [step, current] of ops.entries()) {
      const s: StationStore = store!;
      switch (current.kind) {
        case 'commit': {
          const added = current.people.map((p, i) => applicant(p, nextNumber + i, s.data.stationId));
          await s.commit((doc) => {
            expect(doc.applicants).toHaveLength(model.length);
            return added.map((a): Change => ({ kind: 'applicant.added', applicant: a }));
          });
          model.push(...added);
          nextNumber += added.length;
          break;
        }
        case 'refusedCommit': {
          const added = current.people.map((p, i) => applicant(p, nextNumber + i, s.data.stationId));
          await expect(s.commit(() => refusedChanges(current.how, added))).rejects.toThrow();
          break;
        }
        case 'burst': {
          const planned = current.commits.map(({ refused, people: group }) => {
            const added = group.map((p, i) => applicant(p, nextNumber + i, s.data.stationId));
            if (!refused) nextNumber += added.length;
            return { refused, added };
          });
          const outcomes = await Promise.allSettled(
            planned.map(({ refused, added }) => s.commit(() => (refused ? refusedChanges(refused, added) : added.map((a): Change => ({ kind: 'applicant.added', applicant: a }))))),
          );
          expect(outcomes.map((o) => o.status)).toEqual(planned.map(({ refused }) => (refused ? 'rejected' : 'fulfilled')));
          for (const { refused, added } of planned) if (!refused) model.push(...added);
          break;
        }
        case 'compact':
          await s.compact();
          break;
        case 'reopen':
          await s.close();
          store = undefined;
          store = await open();
          break;
        case 'rotateKey': {
          const old = await keys.keyFor({ kind: 'key-file' });
          keyIndex += 1;
          const next = keyFileProvider(keyPath(keyIndex), { create: true });
          await s.rotateKey(next);
          keys = next;
          retiredKeys.push(old);
          // A retired key opens nothing left in the data folder.
          const checks = await keyChecksInFolder(dataDir);
          for (const key of retiredKeys) expect(checks).not.toContain(keyCheck(key));
          break;
        }
      }
      expect(store!.data.applicants, `after step ${step + 1} (${current.kind})`).toEqual(model);
    }

    await store!.close();
    store = undefined;
    store = await open();
    expect(store.data.applicants, 'after the final restart').toEqual(model);
    if (keyIndex > 0) {
      await store.close();
      store = undefined;
      await expect(open(keyFileProvider(keyPath(0), { create: false }))).rejects.toMatchObject({ code: 'STORE_UNREADABLE', message: expect.stringContaining('different key') });
    }
  } finally {
    await store?.close();
    await dir.remove();
  }
}

describe('encrypted station store against a model', () => {
  it('holds exactly what was committed through commits, refusals, compactions, restarts and key rotations', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 8 }), (ops, compactEvery) => runAgainstModel(ops, compactEvery)),
      { numRuns: Number(process.env.STORE_PROPERTY_RUNS ?? 25) },
    );
  }, 120_000);
});
