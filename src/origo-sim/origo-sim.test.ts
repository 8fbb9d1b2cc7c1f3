import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOrigoSim, type OrigoSim } from './origo-sim';
import { MEDIA, SCHEMA } from './scim';
import { call, CM_BASE, invitationBody, invitedUser, ORG, token, userBody } from './test-support';

/** The partner API against docs/hid-origo-wire.md: token, strictness, users, invitations, part numbers, credentials. */
let sim: OrigoSim;
let now: Date;
beforeEach(async () => {
  now = new Date('2026-12-07T10:00:00.000Z');
  sim = await startOrigoSim({ clock: () => now, tokenTtlSeconds: 600 });
});
afterEach(() => sim.close());

const TOKEN_PATH = `/authentication/customer/${ORG}/token`;
const form = (fields: Record<string, string>) => ({ body: new URLSearchParams(fields).toString(), type: MEDIA.form });
const GOOD = { client_id: '1234-enrollment', client_secret: 'sim-secret-do-not-use', grant_type: 'client_credentials' };

function expectScimError(answer: { body: Record<string, unknown> }, status: number, scimType?: string) {
  expect(answer.body.schemas).toEqual([SCHEMA.error]);
  expect(answer.body.status).toBe(String(status));
  if (scimType) expect(answer.body.scimType).toBe(scimType);
  expect(typeof answer.body.detail).toBe('string');
}

describe('token', () => {
  it('issues a bearer token for the right client and secret, and refuses a wrong secret or client', async () => {
    const good = await call(sim, 'POST', TOKEN_PATH, form(GOOD));
    expect(good.status).toBe(200);
    expect(good.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 600 });
    expect(sim.tokensIssued()).toBe(1);

    const wrongSecret = await call(sim, 'POST', TOKEN_PATH, form({ ...GOOD, client_secret: 'guess' }));
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body).toMatchObject({ error: 'invalid_client' });
    const wrongClient = await call(sim, 'POST', TOKEN_PATH, form({ ...GOOD, client_id: 'someone-else' }));
    expect(wrongClient.status).toBe(401);
    const otherOrg = await call(sim, 'POST', '/authentication/customer/9999/token', form(GOOD));
    expect(otherOrg.status).toBe(401);
    const grant = await call(sim, 'POST', TOKEN_PATH, form({ ...GOOD, grant_type: 'password' }));
    expect(grant.status).toBe(400);
    expect(grant.body).toMatchObject({ error: 'unsupported_grant_type' });
    expect(sim.tokensIssued()).toBe(1);
  });

  it('takes the form content type only', async () => {
    const asJson = await call(sim, 'POST', TOKEN_PATH, { body: GOOD, type: MEDIA.json });
    expect(asJson.status).toBe(415);
    expectScimError(asJson, 415);
    expect(sim.tokensIssued()).toBe(0);
  });

  it('stops working after its lifetime (injected clock)', async () => {
    const accessToken = await token(sim);
    expect((await call(sim, 'GET', `${CM_BASE}/part-number`, { token: accessToken })).status).toBe(200);
    now = new Date(now.getTime() + 599_000);
    expect((await call(sim, 'GET', `${CM_BASE}/part-number`, { token: accessToken })).status).toBe(200);
    now = new Date(now.getTime() + 1_000);
    const expired = await call(sim, 'GET', `${CM_BASE}/part-number`, { token: accessToken });
    expect(expired.status).toBe(401);
    expectScimError(expired, 401);
  });
});

describe('every request', () => {
  it('refuses a missing Application-ID or Application-Version (400 invalidSyntax), on the token too', async () => {
    const accessToken = await token(sim);
    for (const missing of ['application-id', 'application-version']) {
      const answer = await fetch(`${sim.url}${CM_BASE}/part-number`, {
        headers: { 'application-id': 'X', 'application-version': '1', authorization: `Bearer ${accessToken}`, [missing]: '' },
      });
      expect(answer.status).toBe(400);
      expectScimError({ body: (await answer.json()) as Record<string, unknown> }, 400, 'invalidSyntax');
    }
    const tokenAnswer = await fetch(`${sim.url}${TOKEN_PATH}`, { method: 'POST', headers: { 'content-type': MEDIA.form }, body: new URLSearchParams(GOOD) });
    expect(tokenAnswer.status).toBe(400);
  });

  it('refuses API calls without a token, or with an unknown one (401)', async () => {
    const none = await call(sim, 'GET', `${CM_BASE}/part-number`);
    expect(none.status).toBe(401);
    expectScimError(none, 401);
    expect((await call(sim, 'GET', `${CM_BASE}/part-number`, { token: 'made-up' })).status).toBe(401);
    expect((await call(sim, 'GET', `/organization/${ORG}/callback`, { token: 'made-up' })).status).toBe(401);
    const accessToken = await token(sim);
    expect((await call(sim, 'GET', `${CM_BASE}/part-number`, { headers: { authorization: `bearer ${accessToken}` } })).status).toBe(200);
  });

  it('refuses a token of another organization', async () => {
    await sim.close();
    sim = await startOrigoSim({ clients: [{ organizationId: '1234', clientId: '1234-enrollment', clientSecret: 'a' }, { organizationId: '77', clientId: '77-x', clientSecret: 'b' }] });
    const accessToken = await token(sim, 'a');
    expect((await call(sim, 'GET', '/credential-management/customer/77/part-number', { token: accessToken })).status).toBe(401);
  });

  it('refuses another content type on a body (415), and bad JSON or a malformed SCIM body (400), never 500', async () => {
    const accessToken = await token(sim);
    const asJson = await call(sim, 'POST', `${CM_BASE}/users`, { token: accessToken, body: userBody('00000001'), type: 'application/json' });
    expect(asJson.status).toBe(415);
    expectScimError(asJson, 415);
    expect(asJson.headers.get('content-type')).toContain(MEDIA.credentialManagement);
    const withCharset = await call(sim, 'POST', `${CM_BASE}/users`, { token: accessToken, body: userBody('00000001'), type: `${MEDIA.credentialManagement}; charset=utf-8` });
    expect(withCharset.status).toBe(201);

    for (const body of ['{not json', '[]', '{}', JSON.stringify({ ...userBody('2'), schemas: ['urn:other'] }), JSON.stringify({ ...userBody('3'), name: { givenName: 'A' } })]) {
      const answer = await call(sim, 'POST', `${CM_BASE}/users`, { token: accessToken, body });
      expect(answer.status, body).toBe(400);
      expectScimError(answer, 400, 'invalidSyntax');
    }
    const noBody = await call(sim, 'POST', `${CM_BASE}/users`, { token: accessToken });
    expect(noBody.status).toBe(400);
    const huge = await call(sim, 'POST', `${CM_BASE}/users`, { token: accessToken, body: { ...userBody('4'), pad: 'x'.repeat(100_000) } });
    expect(huge.status).toBe(413);
    expectScimError(huge, 413);
    const badUrl = await call(sim, 'GET', `${CM_BASE}/users/%E0%A4%A`, { token: accessToken });
    expect(badUrl.status).toBe(400);
    expectScimError(badUrl, 400, 'invalidSyntax');
    expect(sim.requests().every((r) => r.status < 500)).toBe(true);
  });
});

describe('users', () => {
  it('creates, reads and finds a user; a second externalId is 409 uniqueness', async () => {
    const accessToken = await token(sim);
    const created = await call(sim, 'POST', `${CM_BASE}/users`, { token: accessToken, body: userBody('00000123', 'ada@example.org') });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toContain(MEDIA.credentialManagement);
    const id = created.body.id as number;
    expect(created.body).toMatchObject({
      schemas: [SCHEMA.user, SCHEMA.invitation, SCHEMA.container],
      id: expect.any(Number),
      externalId: '00000123',
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      emails: [{ value: 'ada@example.org', primary: true }],
      status: 'ACTIVE',
      meta: { resourceType: 'PACSUser', created: now.toISOString(), lastModified: now.toISOString(), location: `${sim.url}${CM_BASE}/users/${id}` },
      [SCHEMA.invitation]: [],
      [SCHEMA.container]: [],
    });

    const again = await call(sim, 'POST', `${CM_BASE}/users`, { token: accessToken, body: userBody('00000123') });
    expect(again.status).toBe(409);
    expectScimError(again, 409, 'uniqueness');

    expect((await call(sim, 'GET', `${CM_BASE}/users/${id}`, { token: accessToken })).body).toEqual(created.body);
    expect((await call(sim, 'GET', `${CM_BASE}/users/999`, { token: accessToken })).status).toBe(404);
    expect((await call(sim, 'GET', `${CM_BASE}/users/abc`, { token: accessToken })).status).toBe(404);

    const search = (filter: string) =>
      call(sim, 'POST', `${CM_BASE}/users/.search`, { token: accessToken, body: { schemas: [SCHEMA.searchRequest], filter, startIndex: 1, count: 20 } });
    const byId = await search('externalId eq "00000123"');
    expect(byId.status).toBe(200);
    expect(byId.body).toEqual({ schemas: [SCHEMA.listResponse], totalResults: 1, itemsPerPage: 1, startIndex: 1, Resources: [created.body] });
    expect((await search('emails eq "ADA@example.org"')).body.totalResults).toBe(1);
    expect((await search('emails.value eq "ada@example.org"')).body.totalResults).toBe(1);
    expect((await search('externalId eq "nobody"')).body).toMatchObject({ totalResults: 0, itemsPerPage: 0, Resources: [] });
    for (const bad of ['name eq "Ada"', 'externalId.value eq "00000123"', 'externalId co "0"', 'externalId eq 123', '']) {
      const answer = await search(bad);
      expect(answer.status, bad).toBe(400);
      expectScimError(answer, 400, 'invalidFilter');
    }
  });
});

describe('invitations and part numbers', () => {
  it('answers an invitation exactly in the page\'s shape', async () => {
    const accessToken = await token(sim);
    const user = await call(sim, 'POST', `${CM_BASE}/users`, { token: accessToken, body: userBody('00000123') });
    const answer = await call(sim, 'POST', `${CM_BASE}/users/${user.body.id}/invitation`, { token: accessToken, body: invitationBody() });
    expect(answer.status).toBe(200);
    const invitation = (answer.body[SCHEMA.invitation] as Array<{ id: number }>)[0]!;
    expect(answer.body).toEqual({
      schemas: [SCHEMA.invitation, SCHEMA.credential],
      [SCHEMA.invitation]: [
        {
          id: expect.any(Number),
          invitationCode: expect.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/),
          status: 'PENDING',
          createdDate: '2026-12-07T10:00:00.000Z',
          expirationDate: '2026-12-09T10:00:00.000Z',
          meta: { resourceType: 'UserInvitation', location: `${sim.url}${CM_BASE}/invitation/${invitation.id}` },
        },
      ],
      [SCHEMA.credential]: [
        { id: expect.any(Number), partNumber: 'MID-SUB-CRD_FTPN_6445', partnumberFriendlyName: 'MOB0022', status: 'ISSUE_INITIATED', credentialType: 'ICLASSSEOS', cardNumber: expect.any(String) },
      ],
    });
    // Not on a phone yet: the user lists the invitation, no container.
    const read = await call(sim, 'GET', `${CM_BASE}/users/${user.body.id}`, { token: accessToken });
    expect(read.body[SCHEMA.invitation]).toEqual([expect.objectContaining({ id: invitation.id, status: 'PENDING' })]);
    expect(read.body[SCHEMA.container]).toEqual([]);
  });

  it('refuses an unknown part number, an exhausted one, and an unknown user', async () => {
    await sim.close();
    sim = await startOrigoSim({ partNumbers: [{ id: 1, partNumber: 'MID-SUB-CRD_FTPN_6445', friendlyName: 'MOB0022', availableQty: 1 }] });
    const accessToken = await token(sim);
    const user = await call(sim, 'POST', `${CM_BASE}/users`, { token: accessToken, body: userBody('00000123') });
    const unknown = await call(sim, 'POST', `${CM_BASE}/users/${user.body.id}/invitation`, { token: accessToken, body: invitationBody('NOPE-1') });
    expect(unknown.status).toBe(400);
    expectScimError(unknown, 400, 'invalidValue');
    expect(unknown.body.detail).toContain('NOPE-1');
    expect((await call(sim, 'POST', `${CM_BASE}/users/${user.body.id}/invitation`, { token: accessToken, body: invitationBody() })).status).toBe(200);
    const none = await call(sim, 'POST', `${CM_BASE}/users/${user.body.id}/invitation`, { token: accessToken, body: invitationBody() });
    expect(none.status).toBe(400);
    expect(none.body.detail).toBe('No available quantity for part number MID-SUB-CRD_FTPN_6445.');
    expect((await call(sim, 'POST', `${CM_BASE}/users/424242/invitation`, { token: accessToken, body: invitationBody() })).status).toBe(404);
  });

  it('lists part numbers and reads one', async () => {
    const accessToken = await token(sim);
    const list = await call(sim, 'GET', `${CM_BASE}/part-number`, { token: accessToken });
    expect(list.body).toMatchObject({ schemas: [SCHEMA.listResponse], totalResults: 2 });
    const location = (list.body.Resources as Array<{ meta: { resourceType: string; location: string } }>)[0]!.meta;
    expect(location.resourceType).toBe('PartNumber');
    const one = await call(sim, 'GET', location.location.slice(sim.url.length), { token: accessToken });
    expect(one.body).toEqual({ schemas: [SCHEMA.partNumber], [SCHEMA.partNumber]: [{ id: 1, partNumber: 'MID-SUB-CRD_FTPN_6445', friendlyName: 'MOB0022', availableQty: 1000 }] });
    expect((await call(sim, 'GET', `${CM_BASE}/part-number/99`, { token: accessToken })).status).toBe(404);
  });

  it('cancels an open invitation (204); its code no longer redeems', async () => {
    const accessToken = await token(sim);
    const { invitationId, code } = await invitedUser(sim, accessToken, '00000123');
    expect((await call(sim, 'DELETE', `${CM_BASE}/invitation/${invitationId}`, { token: accessToken })).status).toBe(204);
    const again = await call(sim, 'DELETE', `${CM_BASE}/invitation/${invitationId}`, { token: accessToken });
    expect(again.status).toBe(409);
    expectScimError(again, 409, 'mutability');
    expect((await call(sim, 'POST', '/sim/phone/redeem', { body: { invitationCode: code } })).status).toBe(410);
  });
});

describe('credentials', () => {
  it('suspends, resumes and revokes; a transition not allowed is 409 mutability', async () => {
    const accessToken = await token(sim);
    const { credentialId, code } = await invitedUser(sim, accessToken, '00000123');
    const path = `${CM_BASE}/credential/${credentialId}`;
    const status = async () => ((await call(sim, 'GET', path, { token: accessToken })).body[SCHEMA.credential] as Array<{ status: string }>)[0]!.status;
    expect(await status()).toBe('ISSUE_INITIATED');
    expectScimError(await call(sim, 'POST', `${path}/suspend`, { token: accessToken }), 409, 'mutability');
    await sim.redeem(code);
    expect(await status()).toBe('ACTIVE');

    const resumeActive = await call(sim, 'POST', `${path}/resume`, { token: accessToken });
    expect(resumeActive.status).toBe(409);
    expectScimError(resumeActive, 409, 'mutability');

    const suspended = await call(sim, 'POST', `${path}/suspend`, { token: accessToken });
    expect(suspended.status).toBe(200);
    expect(suspended.body).toEqual({ schemas: [SCHEMA.credential], [SCHEMA.credential]: [expect.objectContaining({ id: credentialId, status: 'SUSPENDED' })] });
    expect((await call(sim, 'POST', `${path}/suspend`, { token: accessToken })).status).toBe(409);
    expect((await call(sim, 'POST', `${path}/resume`, { token: accessToken })).body[SCHEMA.credential]).toEqual([expect.objectContaining({ status: 'ACTIVE' })]);

    expect((await call(sim, 'DELETE', path, { token: accessToken })).status).toBe(204);
    expect(await status()).toBe('REVOKED');
    expect((await call(sim, 'DELETE', path, { token: accessToken })).status).toBe(409);
    expect((await call(sim, 'POST', `${path}/resume`, { token: accessToken })).status).toBe(409);
    expect((await call(sim, 'GET', `${CM_BASE}/credential/1`, { token: accessToken })).status).toBe(404);
  });
});
