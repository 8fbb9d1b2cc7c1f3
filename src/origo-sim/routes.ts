import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { DEFAULT_PHONE_PROFILE } from './phone-profiles';
import {
  CallbackBody, CreateUserBody, EventsQuery, FilterBody, idParam, InvitationBody, MEDIA, parseOr400, parseUserFilter, RedeemBody, SCHEMA, SearchBody, SimError,
} from './scim';
import type { SimStore } from './sim-store';

/** What a route is: the token, the partner API (bearer token), or the simulated phone. */
export interface RouteConfig { kind: 'token' | 'partner' | 'sim' }
export interface TokenRecord { organizationId: string; expiresAt: number }

export interface SimContext {
  store: SimStore;
  clock: () => Date;
  clients: Array<{ organizationId: string; clientId: string; clientSecret: string }>;
  tokenTtlSeconds: number;
  tokens: Map<string, TokenRecord>;
  issued: number;
}

type Body = 'credentialManagement' | 'events' | 'form' | 'sim';
/** The media types each kind of body may come in (events: plain JSON or Origo's media type). */
const ACCEPTS: Record<Body, string[]> = {
  credentialManagement: [MEDIA.credentialManagement],
  events: [MEDIA.credentialManagement, MEDIA.json],
  form: [MEDIA.form],
  sim: [MEDIA.json],
};

/** The request's body text after checking its media type: 415 for another type, 400 for no body. */
function bodyText(request: FastifyRequest, kind: Body): string {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const text = typeof request.body === 'string' ? request.body : '';
  if (type === '' && text === '') throw new SimError(400, `A request body (${ACCEPTS[kind][0]}) is required.`, 'invalidSyntax');
  if (!ACCEPTS[kind].includes(type)) {
    throw new SimError(415, `Content-Type ${type || '(none)'} is not accepted here: send ${ACCEPTS[kind].join(' or ')}.`, 'invalidSyntax');
  }
  return text;
}

function readJson<T>(request: FastifyRequest, kind: Body, schema: z.ZodType<T>, what: string): T {
  const text = bodyText(request, kind);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SimError(400, `The ${what} is not valid JSON.`, 'invalidSyntax');
  }
  return parseOr400(schema, value, what);
}

const org = (request: FastifyRequest) => (request.params as { organizationId: string }).organizationId;
const param = (request: FastifyRequest, name: string) => (request.params as Record<string, string | undefined>)[name];
const cm = (reply: FastifyReply, status: number, body: unknown) => reply.code(status).type(MEDIA.credentialManagement).send(body);
const json = (reply: FastifyReply, status: number, body: unknown) => reply.code(status).type(MEDIA.json).send(body);

const digest = (text: string) => createHash('sha256').update(text).digest();
const sameSecret = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

export function originRoutes(app: FastifyInstance, context: SimContext): void {
  const { store } = context;
  const token = { config: { kind: 'token' } satisfies RouteConfig };
  const partner = { config: { kind: 'partner' } satisfies RouteConfig };
  const sim = { config: { kind: 'sim' } satisfies RouteConfig };

  // ── auth ──
  app.post('/authentication/customer/:organizationId/token', token, async (request, reply) => {
    const form = new URLSearchParams(bodyText(request, 'form'));
    const clientId = form.get('client_id');
    const clientSecret = form.get('client_secret');
    const grantType = form.get('grant_type');
    if (!clientId || !clientSecret || !grantType) {
      return json(reply, 400, { error: 'invalid_request', error_description: 'client_id, client_secret and grant_type are required.' });
    }
    if (grantType !== 'client_credentials') return json(reply, 400, { error: 'unsupported_grant_type', error_description: 'Only client_credentials is supported.' });
    const client = context.clients.find((c) => c.organizationId === org(request) && c.clientId === clientId);
    if (!client || !sameSecret(client.clientSecret, clientSecret)) {
      return json(reply, 401, { error: 'invalid_client', error_description: 'Client authentication failed: unknown client or wrong secret.' });
    }
    const accessToken = randomBytes(32).toString('base64url');
    context.tokens.set(accessToken, { organizationId: client.organizationId, expiresAt: context.clock().getTime() + context.tokenTtlSeconds * 1000 });
    context.issued += 1;
    return json(reply, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: context.tokenTtlSeconds });
  });

  // ── mobile identities ──
  const base = '/credential-management/customer/:organizationId';
  app.post(`${base}/users`, partner, async (request, reply) => {
    const body = readJson(request, 'credentialManagement', CreateUserBody, 'user');
    return cm(reply, 201, store.userResource(store.createUser(org(request), body)));
  });
  app.post(`${base}/users/.search`, partner, async (request, reply) => {
    const body = readJson(request, 'credentialManagement', SearchBody, 'search request');
    const filter = parseUserFilter(body.filter);
    const all = store.findUsers(org(request), filter.attribute, filter.value);
    const startIndex = body.startIndex ?? 1;
    const page = all.slice(startIndex - 1, startIndex - 1 + (body.count ?? 20));
    return cm(reply, 200, { schemas: [SCHEMA.listResponse], totalResults: all.length, itemsPerPage: page.length, startIndex, Resources: page.map((u) => store.userResource(u)) });
  });
  app.get(`${base}/users/:userId`, partner, async (request, reply) =>
    cm(reply, 200, store.userResource(store.user(org(request), idParam(param(request, 'userId'), 'user')))),
  );
  app.post(`${base}/users/:userId/invitation`, partner, async (request, reply) => {
    const userId = idParam(param(request, 'userId'), 'user');
    store.user(org(request), userId); // unknown user: 404 before the body is judged
    const body = readJson(request, 'credentialManagement', InvitationBody, 'invitation request');
    const { invitation, credential } = store.createInvitation(org(request), userId, body);
    return cm(reply, 200, store.invitationAnswer(invitation, credential));
  });
  app.delete(`${base}/invitation/:invitationId`, partner, async (request, reply) => {
    store.cancelInvitation(org(request), idParam(param(request, 'invitationId'), 'invitation'));
    return reply.code(204).send();
  });
  app.get(`${base}/part-number`, partner, async (request, reply) => {
    const resources = store.partNumbers.map((p) => ({ meta: { resourceType: 'PartNumber', location: `${store.baseUrl}/credential-management/customer/${org(request)}/part-number/${p.id}` } }));
    return cm(reply, 200, { schemas: [SCHEMA.listResponse], totalResults: resources.length, itemsPerPage: resources.length, startIndex: 1, Resources: resources });
  });
  app.get(`${base}/part-number/:id`, partner, async (request, reply) => {
    const { id, partNumber, friendlyName, availableQty } = store.partNumber(idParam(param(request, 'id'), 'part number'));
    return cm(reply, 200, { schemas: [SCHEMA.partNumber], [SCHEMA.partNumber]: [{ id, partNumber, friendlyName, availableQty }] });
  });
  app.get(`${base}/credential/:credentialId`, partner, async (request, reply) =>
    cm(reply, 200, store.credentialAnswer(store.credential(org(request), idParam(param(request, 'credentialId'), 'credential')))),
  );
  for (const action of ['suspend', 'resume'] as const) {
    app.post(`${base}/credential/:credentialId/${action}`, partner, async (request, reply) =>
      cm(reply, 200, store.credentialAnswer(store.transition(org(request), idParam(param(request, 'credentialId'), 'credential'), action))),
    );
  }
  app.delete(`${base}/credential/:credentialId`, partner, async (request, reply) => {
    store.transition(org(request), idParam(param(request, 'credentialId'), 'credential'), 'revoke');
    return reply.code(204).send();
  });

  // ── events and callbacks ──
  const events = '/organization/:organizationId';
  app.post(`${events}/events/filter`, partner, async (request, reply) => {
    const body = readJson(request, 'events', FilterBody, 'event filter');
    const filter = { organizationId: org(request), id: crypto.randomUUID(), filterSet: [...new Set(body.filterSet)] };
    store.filters.set(filter.id, filter);
    return json(reply, 201, { id: filter.id, filterSet: filter.filterSet });
  });
  app.post(`${events}/callback`, partner, async (request, reply) => {
    const body = readJson(request, 'events', CallbackBody, 'callback');
    if (store.filters.get(body.filterId)?.organizationId !== org(request)) throw new SimError(400, `Unknown filterId ${body.filterId}.`, 'invalidValue');
    const callback = { organizationId: org(request), id: crypto.randomUUID(), ...body };
    store.callbacks.set(callback.id, callback);
    return json(reply, 201, { id: callback.id, url: callback.url, filterId: callback.filterId });
  });
  app.get(`${events}/callback`, partner, async (request, reply) => {
    const mine = [...store.callbacks.values()].filter((c) => c.organizationId === org(request));
    return json(reply, 200, { callbacks: mine.map(({ id, url, filterId, httpHeader }) => ({ id, url, filterId, httpHeader })) });
  });
  app.delete(`${events}/callback/:id`, partner, async (request, reply) => {
    const callback = store.callbacks.get(param(request, 'id') ?? '');
    if (!callback || callback.organizationId !== org(request)) throw new SimError(404, `No callback ${param(request, 'id')}.`);
    store.callbacks.delete(callback.id);
    return reply.code(204).send();
  });
  app.get(`${events}/events`, partner, async (request, reply) => {
    const query = parseOr400(EventsQuery, request.query, 'query');
    const from = query.dateFrom ? Date.parse(query.dateFrom) : -Infinity;
    const to = query.dateTo ? Date.parse(query.dateTo) : Infinity;
    if (from > to) throw new SimError(400, 'dateFrom is after dateTo.', 'invalidValue');
    const mine = store.events.filter((e) => e.source === `/organization/${org(request)}` && Date.parse(e.time) >= from && Date.parse(e.time) <= to);
    return json(reply, 200, { events: mine });
  });

  // ── the simulated phone ──
  app.post('/sim/phone/redeem', sim, async (request, reply) => {
    const body = readJson(request, 'sim', RedeemBody, 'redeem request');
    return json(reply, 200, store.redeem(body.invitationCode, body.profile ?? DEFAULT_PHONE_PROFILE));
  });
  app.get('/sim/state', sim, async (_request, reply) => json(reply, 200, store.state()));
}
