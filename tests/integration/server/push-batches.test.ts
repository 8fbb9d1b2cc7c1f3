import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { PushResponse } from '../../../src/shared/contract/server-protocol';
import { applicant, createApplicant, describeEachBackend, enrollDevice, feedAfter, feedEnd, newStation, useCentralServer } from './fixture';

/**
 * Issue 18: new applicants in one push are applied together (src/server/sync/bulk-applicants.ts).
 * The answers and the feed must be exactly what applying them one at a time gives.
 */
describeEachBackend('push: new applicants applied together', (backend) => {
  const fx = useCentralServer(backend);

  it('compares each new applicant with earlier ones in the same batch, never later ones, and publishes in order', async () => {
    const station = await newStation(fx.server);
    const email = `twin.${randomUUID().slice(0, 8)}@example.org`;
    const before = applicant(station.stationId, { email });
    await station.api.push([station.entry({ kind: 'applicant.create', applicant: before })]);
    const start = await feedEnd(station);

    const a = applicant(station.stationId, { email: email.toUpperCase() });
    const b = applicant(station.stationId, { email });
    const c = applicant(station.stationId);
    const body = PushResponse.parse((await station.api.push([a, b, c].map((x) => station.entry({ kind: 'applicant.create', applicant: x })))).body);
    expect(body.results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied']);
    expect(body.results[0]!.reviewsOpened.map((r) => r.employeeNumbers)).toEqual([[before.employeeNumber, a.employeeNumber]]);
    expect(body.results[1]!.reviewsOpened.map((r) => r.employeeNumbers)).toEqual([
      [before.employeeNumber, b.employeeNumber],
      [a.employeeNumber, b.employeeNumber],
    ]);
    expect(body.results[2]!.reviewsOpened).toEqual([]);

    const feed = (await feedAfter(station, start)).map((e) =>
      e.change.kind === 'applicant.upserted' ? `applicant ${e.change.applicant.employeeNumber}` : e.change.kind === 'review.upserted' ? `review ${e.change.review.employeeNumbers.join('/')}` : e.change.kind,
    );
    expect(feed).toEqual([
      `applicant ${a.employeeNumber}`,
      `review ${before.employeeNumber}/${a.employeeNumber}`,
      `applicant ${b.employeeNumber}`,
      `review ${before.employeeNumber}/${b.employeeNumber}`,
      `review ${a.employeeNumber}/${b.employeeNumber}`,
      `applicant ${c.employeeNumber}`,
    ]);
  });

  it('a record already held, in the middle of a batch, is answered as one at a time would (no feed entry for it)', async () => {
    const station = await newStation(fx.server);
    const held = createApplicant(station.stationId);
    await station.api.push([station.entry(held)]);
    const start = await feedEnd(station);
    const batch = [station.entry(createApplicant(station.stationId)), station.entry(held), station.entry(createApplicant(station.stationId))];
    const body = PushResponse.parse((await station.api.push(batch)).body);
    expect(body.results.map((r) => [r.seq, r.outcome])).toEqual([
      [2, 'applied'],
      [3, 'applied'],
      [4, 'applied'],
    ]);
    expect(body.lastAppliedSeq).toBe(4);
    const added = (await feedAfter(station, start)).filter((e) => e.change.kind === 'applicant.upserted');
    expect(added).toHaveLength(2);
  });

  it('new applicants around other mutations keep their order (a device for the first one in between)', async () => {
    const station = await newStation(fx.server);
    const first = createApplicant(station.stationId);
    const number = first.kind === 'applicant.create' ? first.applicant.employeeNumber : '';
    const batch = [station.entry(first), station.entry(enrollDevice(station.stationId, number, ['piv-card-employee'])), station.entry(createApplicant(station.stationId))];
    const body = PushResponse.parse((await station.api.push(batch)).body);
    expect(body.results.map((r) => [r.seq, r.outcome, r.applicant ? 'applicant' : r.device ? 'device' : '?'])).toEqual([
      [1, 'applied', 'applicant'],
      [2, 'applied', 'device'],
      [3, 'applied', 'applicant'],
    ]);
  });
});
