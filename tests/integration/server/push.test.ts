import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { PushResponse, ServerErrorBody, type Review } from '../../../src/shared/contract/server-protocol';
import { request } from '../../support/central-server';
import { applicant, createApplicant, describeEachBackend, enrollDevice, feedAfter, feedEnd, newStation, nextEmployeeNumber, useCentralServer } from './fixture';

describeEachBackend('push', (backend) => {
  const fx = useCentralServer(backend);

  it('applies a batch in order and answers with the canonical records', async () => {
    const station = await newStation(fx.server);
    const batch = [station.entry(createApplicant(station.stationId)), station.entry(createApplicant(station.stationId, { middleName: 'Q' }))];
    const response = await station.api.push(batch);
    expect(response.status).toBe(200);
    const body = PushResponse.parse(response.body);
    expect(body.lastAppliedSeq).toBe(2);
    expect(body.results.map((r) => [r.seq, r.outcome])).toEqual([
      [1, 'applied'],
      [2, 'applied'],
    ]);
    expect(body.results[1]!.applicant).toEqual(batch[1]!.mutation.kind === 'applicant.create' && batch[1]!.mutation.applicant);
  });

  it('applies a duplicated delivery once: the second answer is the stored one, marked already-applied, and the feed does not grow', async () => {
    const station = await newStation(fx.server);
    const batch = [station.entry(createApplicant(station.stationId)), station.entry(createApplicant(station.stationId))];
    const first = PushResponse.parse((await station.api.push(batch)).body);
    const end = await feedEnd(station);
    const [again, concurrent] = await Promise.all([station.api.push(batch), station.api.push(batch)]);
    for (const response of [again, concurrent]) {
      expect(response.status).toBe(200);
      const body = PushResponse.parse(response.body);
      expect(body.results.map((r) => r.outcome)).toEqual(['already-applied', 'already-applied']);
      expect(body.results.map((r) => ({ ...r, outcome: 'applied' }))).toEqual(first.results);
      expect(body.lastAppliedSeq).toBe(2);
    }
    expect(await feedEnd(station)).toBe(end);
  });

  it('answers a retry after a lost response without doing anything twice, and applies what is new in it', async () => {
    const station = await newStation(fx.server);
    const lost = [station.entry(createApplicant(station.stationId)), station.entry(createApplicant(station.stationId))];
    await station.api.push(lost); // the station never saw this answer
    const retry = PushResponse.parse((await station.api.push([...lost, station.entry(createApplicant(station.stationId))])).body);
    expect(retry.results.map((r) => r.outcome)).toEqual(['already-applied', 'already-applied', 'applied']);
    expect(retry.lastAppliedSeq).toBe(3);
    const numbers = (await feedAfter(station, 0)).flatMap((e) => (e.change.kind === 'applicant.upserted' && e.change.applicant.stationId === station.stationId ? [e.change.applicant.employeeNumber] : []));
    expect(numbers).toHaveLength(3);
    expect(new Set(numbers).size).toBe(3);
  });

  it('refuses a reordered or gapped delivery with 409 SEQUENCE_GAP and the expected sequence number', async () => {
    const station = await newStation(fx.server);
    const one = station.entry(createApplicant(station.stationId));
    const two = station.entry(createApplicant(station.stationId));
    const three = station.entry(createApplicant(station.stationId));

    const reordered = await station.api.push([two, one]);
    expect(reordered.status).toBe(409);
    expect(ServerErrorBody.parse(reordered.body).error).toMatchObject({ code: 'SEQUENCE_GAP', details: { expectedSeq: 1 } });

    // A gap inside a batch: the prefix is applied and answered; the rest is refused on retry.
    const gapped = PushResponse.parse((await station.api.push([one, three])).body);
    expect(gapped.results.map((r) => r.seq)).toEqual([1]);
    expect(gapped.lastAppliedSeq).toBe(1);
    const rest = await station.api.push([three]);
    expect(rest.status).toBe(409);
    expect(ServerErrorBody.parse(rest.body).error.details).toMatchObject({ expectedSeq: 2 });

    // An old sequence number under a new id is not a retry.
    const stale = await station.api.push([{ ...one, mutationId: randomUUID() }]);
    expect(stale.status).toBe(409);
    expect(ServerErrorBody.parse(stale.body).error.details).toMatchObject({ expectedSeq: 2 });

    expect(PushResponse.parse((await station.api.push([two, three])).body).lastAppliedSeq).toBe(3);
  });

  it('refuses a reused mutation id with different content, or another station\'s id, with 409 MUTATION_ID_REUSED', async () => {
    const station = await newStation(fx.server);
    const other = await newStation(fx.server);
    const entry = station.entry(createApplicant(station.stationId));
    await station.api.push([entry]);

    const changed = await station.api.push([{ ...entry, mutation: createApplicant(station.stationId) }]);
    expect(changed.status).toBe(409);
    expect(ServerErrorBody.parse(changed.body).error).toMatchObject({ code: 'MUTATION_ID_REUSED', details: { mutationId: entry.mutationId } });

    const stolen = await other.api.push([{ ...entry, seq: 1 }]);
    expect(stolen.status).toBe(409);
    expect(ServerErrorBody.parse(stolen.body).error.code).toBe('MUTATION_ID_REUSED');
  });

  it('keeps the applied prefix when a later mutation is refused, and answers the refusal when the rest is retried', async () => {
    const holder = await newStation(fx.server);
    const taken = nextEmployeeNumber();
    await holder.api.push([holder.entry(createApplicant(holder.stationId, { employeeNumber: taken }))]);

    const station = await newStation(fx.server);
    const start = await feedEnd(station);
    const batch = [
      station.entry(createApplicant(station.stationId)),
      station.entry(createApplicant(station.stationId)),
      station.entry(createApplicant(station.stationId, { employeeNumber: taken, firstName: 'Someone', lastName: 'Else' })),
      station.entry(createApplicant(station.stationId)),
    ];
    const partial = await station.api.push(batch);
    expect(partial.status).toBe(200);
    const body = PushResponse.parse(partial.body);
    expect(body.results.map((r) => r.seq)).toEqual([1, 2]);
    expect(body.lastAppliedSeq).toBe(2);

    const retry = await station.api.push(batch.slice(2));
    expect(retry.status).toBe(409);
    expect(ServerErrorBody.parse(retry.body).error).toMatchObject({ code: 'EMPLOYEE_NUMBER_TAKEN', details: { employeeNumber: taken, seq: 3 } });

    // Only the prefix reached the feed.
    const added = (await feedAfter(station, start)).filter((e) => e.change.kind === 'applicant.upserted' && e.change.applicant.stationId === station.stationId);
    expect(added).toHaveLength(2);
  });

  it('takes the very same applicant record again under a new id as already known (no duplicate, no feed entry)', async () => {
    const station = await newStation(fx.server);
    const mutation = createApplicant(station.stationId);
    await station.api.push([station.entry(mutation)]);
    const end = await feedEnd(station);
    const again = PushResponse.parse((await station.api.push([station.entry(mutation)])).body);
    expect(again.results[0]).toMatchObject({ outcome: 'applied', applicant: mutation.kind === 'applicant.create' ? mutation.applicant : undefined, reviewsOpened: [] });
    expect(await feedEnd(station)).toBe(end);
  });

  it('keeps both applicants when two stations enrolled the same email offline, and opens a Review both see in the feed', async () => {
    const north = await newStation(fx.server, 'North');
    const south = await newStation(fx.server, 'South');
    const email = `Grace.${randomUUID().slice(0, 8)}@Example.org`;
    const first = applicant(north.stationId, { email, userPrincipalName: undefined });
    const second = applicant(south.stationId, { email: email.toLowerCase(), firstName: 'Grace' });
    const start = await feedEnd(north);

    const a = PushResponse.parse((await north.api.push([north.entry({ kind: 'applicant.create', applicant: first })])).body);
    expect(a.results[0]!.reviewsOpened).toEqual([]);
    const b = PushResponse.parse((await south.api.push([south.entry({ kind: 'applicant.create', applicant: second })])).body);
    const [review] = b.results[0]!.reviewsOpened;
    expect(review).toMatchObject({ employeeNumbers: [first.employeeNumber, second.employeeNumber], matchedOn: ['email'], status: 'open' });

    const feed = await feedAfter(north, start);
    const kinds = feed.map((e) => (e.change.kind === 'applicant.upserted' ? `applicant ${e.change.applicant.employeeNumber}` : e.change.kind === 'review.upserted' ? `review ${e.change.review.id}` : e.change.kind));
    expect(kinds).toEqual([`applicant ${first.employeeNumber}`, `applicant ${second.employeeNumber}`, `review ${review!.id}`]);
  });

  it('opens exactly one Review when two stations push the same person at the same moment', async () => {
    const stations = [await newStation(fx.server, 'East'), await newStation(fx.server, 'West')];
    for (let round = 0; round < 4; round += 1) {
      const linking = `ext-${randomUUID()}`;
      const responses = await Promise.all(
        stations.map((s) => s.api.push([s.entry(createApplicant(s.stationId, { externalLinkingKey: linking, email: undefined }))])),
      );
      const opened = responses.flatMap((r) => PushResponse.parse(r.body).results.flatMap((res) => res.reviewsOpened));
      expect(opened).toHaveLength(1);
      expect(opened[0]!.matchedOn).toEqual(['externalLinkingKey']);
    }
  });

  it('merges on review: the other record points to the survivor, and the first decision wins', async () => {
    const north = await newStation(fx.server, 'North');
    const south = await newStation(fx.server, 'South');
    const upn = `alan.${randomUUID().slice(0, 8)}@corp`;
    const kept = applicant(north.stationId, { userPrincipalName: upn });
    const dup = applicant(south.stationId, { userPrincipalName: upn.toUpperCase() });
    await north.api.push([north.entry({ kind: 'applicant.create', applicant: kept })]);
    const review = PushResponse.parse((await south.api.push([south.entry({ kind: 'applicant.create', applicant: dup })])).body).results[0]!.reviewsOpened[0]!;
    expect(review.matchedOn).toEqual(['userPrincipalName']);
    const start = await feedEnd(north);

    const resolvedAt = new Date().toISOString();
    const merge = PushResponse.parse(
      (await north.api.push([north.entry({ kind: 'review.resolve', reviewId: review.id, resolution: 'merge', survivor: kept.employeeNumber, resolvedBy: 'clerk-n', resolvedAt })])).body,
    );
    expect(merge.results[0]!.review).toMatchObject({ id: review.id, status: 'merged', survivor: kept.employeeNumber, resolvedBy: 'clerk-n' });

    const feed = await feedAfter(north, start);
    expect(feed.map((e) => e.change.kind)).toEqual(['applicant.upserted', 'review.upserted']);
    expect(feed[0]!.change).toMatchObject({ applicant: { employeeNumber: dup.employeeNumber, mergedInto: kept.employeeNumber } });

    // The other site decided differently, later: its decision changes nothing.
    const late = PushResponse.parse(
      (await south.api.push([south.entry({ kind: 'review.resolve', reviewId: review.id, resolution: 'keep-both', resolvedBy: 'clerk-s', resolvedAt: new Date().toISOString() })])).body,
    );
    expect(late.results[0]).toMatchObject({ outcome: 'applied', review: { status: 'merged', survivor: kept.employeeNumber, resolvedBy: 'clerk-n' } });
    expect(await feedEnd(north)).toBe(feed.at(-1)!.serverSeq);

    // A merged record is no longer a duplicate candidate: a third one matches only the survivor.
    const third = PushResponse.parse((await north.api.push([north.entry(createApplicant(north.stationId, { userPrincipalName: upn }))])).body);
    expect(third.results[0]!.reviewsOpened.map((r) => r.employeeNumbers[0])).toEqual([kept.employeeNumber]);
  });

  it('merges each record once and never into a loop when three sites enrolled the same person', async () => {
    const sites = [await newStation(fx.server, 'One'), await newStation(fx.server, 'Two'), await newStation(fx.server, 'Three')];
    const email = `triple.${randomUUID().slice(0, 8)}@example.org`;
    const [a, b, c] = sites.map((s) => applicant(s.stationId, { email }));
    const opened: Review[] = [];
    for (const [i, record] of [a!, b!, c!].entries()) {
      const body = PushResponse.parse((await sites[i]!.api.push([sites[i]!.entry({ kind: 'applicant.create', applicant: record })])).body);
      opened.push(...body.results[0]!.reviewsOpened);
    }
    const pair = (x: string, y: string) => opened.find((r) => r.employeeNumbers.includes(x) && r.employeeNumbers.includes(y))!;
    expect(opened).toHaveLength(3);
    const start = await feedEnd(sites[0]!);
    const resolve = (reviewId: string, survivor: string) =>
      sites[0]!.api.push([sites[0]!.entry({ kind: 'review.resolve', reviewId, resolution: 'merge', survivor, resolvedBy: 'clerk', resolvedAt: new Date().toISOString() })]);
    await resolve(pair(a!.employeeNumber, b!.employeeNumber).id, b!.employeeNumber); // a → b
    await resolve(pair(b!.employeeNumber, c!.employeeNumber).id, c!.employeeNumber); // b → c
    await resolve(pair(a!.employeeNumber, c!.employeeNumber).id, a!.employeeNumber); // c → a would close a loop
    const latest = new Map<string, string | undefined>();
    for (const e of await feedAfter(sites[0]!, start)) if (e.change.kind === 'applicant.upserted') latest.set(e.change.applicant.employeeNumber, e.change.applicant.mergedInto);
    expect(Object.fromEntries(latest)).toEqual({ [a!.employeeNumber]: b!.employeeNumber, [b!.employeeNumber]: c!.employeeNumber });
  });

  it('keeps both on review when the clerk says so', async () => {
    const station = await newStation(fx.server);
    const email = `twin.${randomUUID().slice(0, 8)}@example.org`;
    await station.api.push([station.entry(createApplicant(station.stationId, { email }))]);
    const review = PushResponse.parse((await station.api.push([station.entry(createApplicant(station.stationId, { email }))])).body).results[0]!.reviewsOpened[0]!;
    const kept = PushResponse.parse(
      (await station.api.push([station.entry({ kind: 'review.resolve', reviewId: review.id, resolution: 'keep-both', resolvedBy: 'clerk', resolvedAt: new Date().toISOString() })])).body,
    );
    expect(kept.results[0]!.review).toMatchObject({ status: 'kept-both', resolvedBy: 'clerk' });
    expect(kept.results[0]!.review!.survivor).toBeUndefined();
  });

  it('refuses a merge naming neither record (400) and an unknown review (409 NOT_FOUND)', async () => {
    const station = await newStation(fx.server);
    const email = `pair.${randomUUID().slice(0, 8)}@example.org`;
    await station.api.push([station.entry(createApplicant(station.stationId, { email }))]);
    const review = PushResponse.parse((await station.api.push([station.entry(createApplicant(station.stationId, { email }))])).body).results[0]!.reviewsOpened[0]!;
    const resolvedAt = new Date().toISOString();

    const wrong = await station.api.push([{ ...station.entry({ kind: 'review.resolve', reviewId: review.id, resolution: 'merge', survivor: '99999999', resolvedBy: 'c', resolvedAt }) }]);
    expect(wrong.status).toBe(400);
    expect(ServerErrorBody.parse(wrong.body).error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(review.employeeNumbers[0]) });
    station.nextSeq -= 1;

    const unknown = await station.api.push([station.entry({ kind: 'review.resolve', reviewId: randomUUID(), resolution: 'keep-both', resolvedBy: 'c', resolvedAt })]);
    expect(unknown.status).toBe(409);
    expect(ServerErrorBody.parse(unknown.body).error.code).toBe('NOT_FOUND');
  });

  it('decides credential statuses by the server\'s policy: PENDING where a supervisor must approve, else ISSUED', async () => {
    const station = await newStation(fx.server);
    const person = createApplicant(station.stationId, { credentialTypeId: 'mobile-pacs-contractor' });
    const employeeNumber = person.kind === 'applicant.create' ? person.applicant.employeeNumber : '';
    const device = enrollDevice(station.stationId, employeeNumber, ['mobile-pacs-contractor', 'piv-card-employee', 'no-such-type']);
    // The device may arrive in the same batch as its applicant.
    const body = PushResponse.parse((await station.api.push([station.entry(person), station.entry(device)])).body);
    expect(body.results[1]!.device!.credentials.map((c) => [c.credentialTypeId, c.status])).toEqual([
      ['mobile-pacs-contractor', 'PENDING'],
      ['piv-card-employee', 'ISSUED'],
      ['no-such-type', 'PENDING'],
    ]);
    const feed = await feedAfter(station, 0);
    const published = feed.find((e) => e.change.kind === 'device.upserted' && e.change.device.id === (device.kind === 'device.enroll' ? device.device.id : ''));
    expect(published?.change).toMatchObject({ device: { credentials: [{ status: 'PENDING' }, { status: 'ISSUED' }, { status: 'PENDING' }] } });

    // A device for a person the server has not seen yet is kept too.
    const orphan = PushResponse.parse((await station.api.push([station.entry(enrollDevice(station.stationId, nextEmployeeNumber(), ['piv-card-employee']))])).body);
    expect(orphan.results[0]!.device!.credentials[0]!.status).toBe('ISSUED');
  });

  it('refuses a body over the limit with 413 PAYLOAD_TOO_LARGE (1 MiB for push, 64 KiB elsewhere)', async () => {
    const station = await newStation(fx.server);
    const big = await request(fx.server.url, 'POST', '/v1/sync/push', { rawBody: JSON.stringify({ mutations: [], padding: 'x'.repeat(1024 * 1024) }), authorization: station.authorization });
    expect(big.status).toBe(413);
    expect(ServerErrorBody.parse(big.body).error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limit: 1024 * 1024 } });

    // 200 applicants with long names fit under 1 MiB: a full batch is accepted.
    const batch = Array.from({ length: 200 }, () => station.entry(createApplicant(station.stationId, { firstName: 'N'.repeat(64), lastName: 'L'.repeat(64) })));
    const full = await station.api.push(batch);
    expect(full.status).toBe(200);
    expect(PushResponse.parse(full.body).lastAppliedSeq).toBe(200);

    const registration = await request(fx.server.url, 'POST', '/v1/stations/register', { rawBody: JSON.stringify({ padding: 'x'.repeat(70 * 1024) }) });
    expect(registration.status).toBe(413);
    expect(ServerErrorBody.parse(registration.body).error.details).toMatchObject({ limit: 64 * 1024 });
  });

  it('answers a push that breaks the schema with 400 listing the problems', async () => {
    const station = await newStation(fx.server);
    const response = await station.api.push([{ mutationId: 'nope', seq: 0, createdAt: 'yesterday', mutation: { kind: 'applicant.create' } } as never]);
    expect(response.status).toBe(400);
    const { error } = ServerErrorBody.parse(response.body);
    expect(error.code).toBe('BAD_REQUEST');
    expect((error.details?.issues as Array<{ path: string }>).map((i) => i.path)).toEqual(expect.arrayContaining(['mutations.0.mutationId', 'mutations.0.seq']));
  });
});
