import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scratchDir } from '../../../tests/support/web-host';
import type { Applicant } from '../../shared/domain/applicant';
import { emptyDocument } from '../store/document';
import { keyFileProvider } from '../store/key-providers';
import { openStationStore } from '../store/station-store';
import { enqueue } from './outbox';
import { changesFromPush } from './remote-changes';

let dir: { path: string; remove(): Promise<void> };
beforeEach(async () => (dir = await scratchDir('outbox-')));
afterEach(() => dir.remove());

const open = () =>
  openStationStore({ dataDir: dir.path, keys: keyFileProvider(join(dir.path, 'key'), { create: true }), initial: () => emptyDocument({ first: 10_000_000, last: 19_999_999 }) });

const applicant = (employeeNumber: string, stationId: string): Applicant => ({
  employeeNumber,
  firstName: 'Zoë',
  lastName: 'Ng',
  credentialTypeId: 'piv-card-employee',
  createdAt: '2026-11-28T09:00:00.000Z',
  createdBy: 'clerk',
  stationId,
});

describe('the outbox', () => {
  it('keeps no outbox while the station is not registered', async () => {
    const store = await open();
    expect(enqueue(store.data, { kind: 'applicant.create', applicant: applicant('20000000', store.data.stationId) }, '2026-11-28T09:00:00.000Z')).toEqual([]);
    await store.close();
  });

  it('saves each change with its outbox entry in one record, numbered 1, 2, 3 across restarts', async () => {
    let store = await open();
    await store.commit(() => [{ kind: 'sync.updated', patch: { server: { url: 'http://127.0.0.1:1', secret: 's', registeredAt: '2026-11-28T09:00:00.000Z' } } }]);
    for (const n of ['20000000', '20000001']) {
      await store.commit((doc) => {
        const a = applicant(n, doc.stationId);
        return [{ kind: 'applicant.added', applicant: a }, ...enqueue(doc, { kind: 'applicant.create', applicant: a }, a.createdAt)];
      });
    }
    await store.close();
    store = await open();
    expect(store.data.outbox.map((e) => [e.seq, e.mutation.kind])).toEqual([
      [1, 'applicant.create'],
      [2, 'applicant.create'],
    ]);
    await store.commit((doc) => {
      const a = applicant('20000002', doc.stationId);
      return [{ kind: 'applicant.added', applicant: a }, ...enqueue(doc, { kind: 'applicant.create', applicant: a }, a.createdAt)];
    });
    expect(store.data.outbox.at(-1)!.seq).toBe(3);
    expect(new Set(store.data.outbox.map((e) => e.mutationId)).size).toBe(3);

    // The server's answer for 1 and 2: canonical copies replace the local ones, the entries leave the outbox.
    const [first, second] = store.data.outbox;
    await store.commit(() =>
      changesFromPush(
        [first!, second!].map((e) => ({
          mutationId: e.mutationId,
          seq: e.seq,
          outcome: 'applied' as const,
          applicant: { ...(e.mutation as { applicant: Applicant }).applicant, mergedInto: '20000002' },
          reviewsOpened: [],
        })),
      ),
    );
    expect(store.data.outbox.map((e) => e.seq)).toEqual([3]);
    expect(store.data.applicants).toHaveLength(3);
    expect(store.data.applicants[0]!.mergedInto).toBe('20000002');
    await store.close();
  });
});
