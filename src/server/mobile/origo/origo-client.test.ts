import { describe, expect, it } from 'vitest';
import { createOrigoClient, userIdOf } from './origo-client';
import { OrigoError, type OrigoHttp, type OrigoRequest } from './origo-http';

/**
 * The client's decisions over a scripted transport (the wire itself is checked against the
 * simulator in tests/integration/origo/connector.test.ts).
 */

const INV = 'urn:hid:scim:api:ma:2.2:UserInvitation';
const CRED = 'urn:hid:scim:api:ma:2.2:Credential';
const START = new Date('2026-12-07T10:00:00Z');

function scripted(answer: (req: OrigoRequest<unknown>, n: number) => Promise<unknown>) {
  const seen: OrigoRequest<unknown>[] = [];
  const http: OrigoHttp = {
    now: () => START,
    accessToken: async () => 'unused',
    request: async <T>(req: OrigoRequest<T>): Promise<T> => {
      seen.push(req as OrigoRequest<unknown>);
      const raw = await answer(req as OrigoRequest<unknown>, seen.length);
      return (req.schema ? req.schema.parse(raw) : raw) as T;
    },
  };
  return { client: createOrigoClient({ http }), seen };
}

const refused = (status: number, scimType?: string) => new OrigoError('refused', 'refused', { status, scimType, detail: 'no' });
const invitation = (id: number, createdDate: string, status = 'PENDING') => ({ id, invitationCode: `CODE-${id}-AAAA-BBBB`, status, createdDate, expirationDate: '2026-12-09T10:00:00Z' });

describe('invite after a lost answer', () => {
  async function adopt(invitations: unknown[]) {
    let adopted: unknown;
    const { client } = scripted(async (req) => {
      if (req.method === 'POST') {
        adopted = await req.beforeResend!();
        if (adopted) return adopted;
        return { [INV]: [invitation(99, '2026-12-07T10:00:02Z')], [CRED]: [{ id: 7, status: 'ISSUE_INITIATED', partNumber: 'P' }] };
      }
      return { id: 1, [INV]: invitations };
    });
    return client.invite(1, 'P');
  }

  it('adopts the PENDING invitation made since the call began, the newest if several', async () => {
    const result = await adopt([invitation(1, '2026-12-06T10:00:00Z'), invitation(2, '2026-12-07T10:00:01Z'), invitation(3, '2026-12-07T10:00:03Z')]);
    expect(result).toMatchObject({ invitationId: 3, invitationCode: 'CODE-3-AAAA-BBBB', credentialId: undefined, credentialStatus: 'ISSUE_INITIATED' });
  });

  it('never adopts an older one, nor one that is not PENDING: it sends again', async () => {
    const result = await adopt([invitation(1, '2026-12-06T10:00:00Z'), invitation(2, '2026-12-07T10:00:01Z', 'CANCELLED')]);
    expect(result).toMatchObject({ invitationId: 99, credentialId: 7 });
  });
});

describe('ensureUser', () => {
  it('searches first and creates nothing when found', async () => {
    const { client, seen } = scripted(async () => ({ totalResults: 1, Resources: [{ id: 5, externalId: '00000123' }] }));
    expect(await client.ensureUser({ externalId: '00000123', givenName: 'A', familyName: 'B' })).toEqual({ userId: 5, created: false });
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /users/.search']);
    expect(seen[0]!.body).toMatchObject({ filter: 'externalId eq "00000123"' });
  });

  it('only an exact externalId counts, and quotes are escaped in the filter', async () => {
    const { client, seen } = scripted(async (req) =>
      req.path === '/users/.search' ? { Resources: [{ id: 5, externalId: 'other' }] } : { id: 6, externalId: 'a"b' },
    );
    expect(await client.ensureUser({ externalId: 'a"b', givenName: 'A', familyName: 'B' })).toEqual({ userId: 6, created: true });
    expect(seen[0]!.body).toMatchObject({ filter: 'externalId eq "a\\"b"' });
    expect(seen[1]!.body).toMatchObject({ emails: [] });
  });

  it('a 409 on create → search again and use that one', async () => {
    const { client } = scripted(async (req, n) => {
      if (req.path === '/users') throw refused(409, 'uniqueness');
      return { Resources: n === 1 ? [] : [{ id: 8, externalId: '00000123' }] };
    });
    expect(await client.ensureUser({ externalId: '00000123', givenName: 'A', familyName: 'B', email: 'a@b.c' })).toEqual({ userId: 8, created: false });
  });
});

describe('suspend, resume, revoke', () => {
  it('a 409 when already there is success; otherwise the refusal stands', async () => {
    const state = { status: 'SUSPENDED' };
    const { client } = scripted(async (req) => {
      if (req.method !== 'GET') throw refused(409, 'mutability');
      return { [CRED]: [{ id: 4, status: state.status }] };
    });
    expect(await client.suspendCredential(4)).toMatchObject({ id: 4, status: 'SUSPENDED' });
    await expect(client.resumeCredential(4)).rejects.toMatchObject({ status: 409 });
    state.status = 'REVOKE_INITIATED';
    await expect(client.revokeCredential(4)).resolves.toBeUndefined();
  });
});

describe('registerCallback', () => {
  it('deletes callbacks for the same URL, then makes a filter and one callback', async () => {
    const { client, seen } = scripted(async (req) => {
      if (req.method === 'GET') return { callbacks: [{ id: 'old', url: 'https://x/cb' }, { id: 'other', url: 'https://y/cb' }] };
      if (req.path === '/events/filter') return { id: 'f1', filterSet: [] };
      if (req.path === '/callback') return { id: 'new', url: 'https://x/cb', filterId: 'f1' };
      return undefined;
    });
    expect(await client.registerCallback({ url: 'https://x/cb', httpHeader: 'Authorization', secret: 's3cret', eventTypes: ['CREDENTIAL_ACTIVATED'] })).toEqual({ callbackId: 'new' });
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /callback', 'DELETE /callback/old', 'POST /events/filter', 'POST /callback']);
    expect(seen[3]!.body).toEqual({ url: 'https://x/cb', filterId: 'f1', httpHeader: 'Authorization', secret: 's3cret' });
  });
});

describe('userIdOf', () => {
  it('takes data.userId, else the subject', () => {
    expect(userIdOf(5)).toBe(5);
    expect(userIdOf('12')).toBe(12);
    expect(userIdOf(undefined, 'users/103367')).toBe(103367);
    expect(userIdOf('x', 'nope')).toBeUndefined();
  });
});
