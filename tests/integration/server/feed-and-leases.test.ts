import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { LeaseResponse, PullResponse, ServerErrorBody, type FeedEntry } from '../../../src/shared/contract/server-protocol';
import type { CredentialType } from '../../../src/shared/domain/credential-types';
import { createApplicant, describeEachBackend, feedAfter, feedEnd, newStation, useCentralServer, type TestStation } from './fixture';

const RANGE = { first: 20_000_000, last: 20_009_999 };
const TYPES: CredentialType[] = [
  {
    id: 'piv-card-employee',
    name: 'PIV Card – Employee',
    policy: { mobileCapable: false, requiredFields: [], pinRequiredForDeviceEnrollment: true, supervisorApprovalRequired: false, acceptedCardTypes: ['piv'], invitationValidMinutes: 30 },
  },
  {
    id: 'day-visitor',
    name: 'Day visitor',
    policy: { mobileCapable: false, requiredFields: [], pinRequiredForDeviceEnrollment: false, supervisorApprovalRequired: true, acceptedCardTypes: ['contactless-uid'], invitationValidMinutes: 30 },
  },
];

describeEachBackend('pull and Employee Number leases', (backend) => {
  const fx = useCentralServer(backend, { config: { employeeNumberRange: RANGE, credentialTypes: TYPES } });

  it('starts the feed with the credential types from server.config.json', async () => {
    const station = await newStation(fx.server);
    const page = PullResponse.parse((await station.api.pull({ after: 0, limit: 1 })).body);
    expect(page.changes[0]!.change).toEqual({ kind: 'credential-types.set', credentialTypes: TYPES });
  });

  it('pages through the feed in order, including the station\'s own records, with cursor and hasMore', async () => {
    const station = await newStation(fx.server);
    const start = await feedEnd(station);
    const batch = Array.from({ length: 25 }, () => station.entry(createApplicant(station.stationId)));
    await station.api.push(batch);

    const seen: FeedEntry[] = [];
    let cursor = start;
    const pages: boolean[] = [];
    for (;;) {
      const page = PullResponse.parse((await station.api.pull({ after: cursor, limit: 10 })).body);
      expect(page.cursor).toBe(page.changes.at(-1)?.serverSeq ?? cursor);
      seen.push(...page.changes);
      pages.push(page.hasMore);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(pages).toEqual([true, true, false]);
    expect(seen).toHaveLength(25);
    expect(seen.map((e) => (e.change.kind === 'applicant.upserted' ? e.change.applicant.employeeNumber : ''))).toEqual(
      batch.map((e) => (e.mutation.kind === 'applicant.create' ? e.mutation.applicant.employeeNumber : '')),
    );
    expect(seen.every((e, i) => i === 0 || e.serverSeq > seen[i - 1]!.serverSeq)).toBe(true);

    const empty = PullResponse.parse((await station.api.pull({ after: cursor })).body);
    expect(empty).toMatchObject({ changes: [], cursor, hasMore: false });
  });

  it('long poll: waits when there is nothing new and answers as soon as another station pushes', async () => {
    const reader = await newStation(fx.server, 'Reader');
    const writer = await newStation(fx.server, 'Writer');
    const cursor = await feedEnd(reader);
    const started = Date.now();
    const waiting = reader.api.pull({ after: cursor, wait: 20 });
    await new Promise((r) => setTimeout(r, 400));
    const mutation = createApplicant(writer.stationId);
    await writer.api.push([writer.entry(mutation)]);
    const page = PullResponse.parse((await waiting).body);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(350);
    expect(elapsed).toBeLessThan(4_000);
    expect(page.changes.map((e) => e.change)).toEqual([{ kind: 'applicant.upserted', applicant: mutation.kind === 'applicant.create' ? mutation.applicant : undefined }]);
    expect(page.cursor).toBe(page.changes[0]!.serverSeq);
  });

  it('long poll: answers empty at the timeout; refuses a wait over 30 s', async () => {
    const station = await newStation(fx.server);
    const cursor = await feedEnd(station);
    const started = Date.now();
    const page = PullResponse.parse((await station.api.pull({ after: cursor, wait: 1 })).body);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(page).toMatchObject({ changes: [], cursor, hasMore: false });

    const tooLong = await station.api.pull({ after: cursor, wait: 31 });
    expect(tooLong.status).toBe(400);
    expect(ServerErrorBody.parse(tooLong.body).error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('wait') });
  });

  it('loses no feed entry under concurrent pushes from several stations (a reader following along sees every one, in order)', async () => {
    const stations = await Promise.all([1, 2, 3, 4].map((n) => newStation(fx.server, `Busy ${n}`)));
    const reader = await newStation(fx.server, 'Follower');
    const start = await feedEnd(reader);
    const expected = 4 * 8 * 10;
    let done = false;
    const followed: FeedEntry[] = [];
    const follow = (async () => {
      let cursor = start;
      while (!done || followed.length < expected) {
        const page = PullResponse.parse((await reader.api.pull({ after: cursor, limit: 7, wait: 2 })).body);
        followed.push(...page.changes);
        cursor = page.cursor;
        if (done && page.changes.length === 0) break;
      }
    })();
    await Promise.all(
      stations.map(async (station: TestStation) => {
        for (let b = 0; b < 8; b += 1) {
          const response = await station.api.push(Array.from({ length: 10 }, () => station.entry(createApplicant(station.stationId))));
          expect(response.status).toBe(200);
        }
      }),
    );
    done = true;
    await follow;
    const everything = await feedAfter(reader, start);
    expect(everything).toHaveLength(expected);
    expect(followed.map((e) => e.serverSeq)).toEqual(everything.map((e) => e.serverSeq));
    expect(everything.every((e, i) => i === 0 || e.serverSeq > everything[i - 1]!.serverSeq)).toBe(true);
  });

  it('leases contiguous, never-overlapping blocks to concurrent requests from several stations', async () => {
    const stations = await Promise.all([1, 2, 3].map((n) => newStation(fx.server, `Lessee ${n}`)));
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => stations[i % 3]!.api.lease({ requestId: randomUUID(), size: 100 })));
    const blocks = responses.map((r) => {
      expect(r.status).toBe(200);
      return LeaseResponse.parse(r.body).block;
    });
    blocks.sort((a, b) => a.first - b.first);
    expect(blocks[0]!.first).toBe(RANGE.first);
    blocks.forEach((block, i) => {
      expect(block.last - block.first + 1).toBe(100);
      if (i > 0) expect(block.first).toBe(blocks[i - 1]!.last + 1);
    });
  });

  it('returns the same block for the same request id (a lost answer wastes nothing); another station cannot use that id', async () => {
    const [a, b] = [await newStation(fx.server), await newStation(fx.server)];
    const requestId = randomUUID();
    const answers = await Promise.all([a.api.lease({ requestId, size: 50 }), a.api.lease({ requestId, size: 50 }), a.api.lease({ requestId, size: 60 })]);
    const blocks = answers.map((r) => LeaseResponse.parse(r.body).block);
    expect(blocks[1]).toEqual(blocks[0]);
    expect(blocks[2]).toEqual(blocks[0]);
    const next = LeaseResponse.parse((await a.api.lease({ requestId: randomUUID(), size: 1 })).body).block;
    expect(next.first).toBe(blocks[0]!.last + 1);

    const stolen = await b.api.lease({ requestId, size: 50 });
    expect(stolen.status).toBe(400);
    expect(ServerErrorBody.parse(stolen.body).error.code).toBe('BAD_REQUEST');
  });

  it('gives what is left when the range runs low, then 409 EMPLOYEE_NUMBERS_EXHAUSTED', async () => {
    const station = await newStation(fx.server);
    const rest = LeaseResponse.parse((await station.api.lease({ requestId: randomUUID(), size: 10_000 })).body).block;
    expect(rest.last).toBe(RANGE.last);
    expect(rest.last - rest.first + 1).toBeLessThan(10_000);
    const none = await station.api.lease({ requestId: randomUUID(), size: 1 });
    expect(none.status).toBe(409);
    expect(ServerErrorBody.parse(none.body).error).toMatchObject({ code: 'EMPLOYEE_NUMBERS_EXHAUSTED', message: expect.stringContaining('employeeNumberRange') });
  });
});
