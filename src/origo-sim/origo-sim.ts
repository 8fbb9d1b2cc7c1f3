import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import { CallbackDeliverer, type Delivery } from './callbacks';
import { DEFAULT_PHONE_PROFILE, type PhoneProfileName } from './phone-profiles';
import { originRoutes, type RouteConfig, type SimContext, type TokenRecord } from './routes';
import { MEDIA, scimErrorBody, SimError } from './scim';
import { DEFAULT_PART_NUMBERS, SimStore, type PartNumber, type SimState } from './sim-store';

export { SimError } from './scim';
export type { SimState } from './sim-store';
export type { PhoneProfileName } from './phone-profiles';

/**
 * The HID Origo simulator: HID's cloud as docs/hid-origo-wire.md describes it (auth,
 * mobile identities, events and callbacks on one origin), strict about what real Origo
 * refuses, with a simulated phone (`/sim/phone/redeem`) and faults for tests.
 */
export interface OrigoSimOptions {
  port?: number;
  host?: string;
  latencyMs?: number;
  /** 0..1: that share of partner-API calls (not /sim/*, not the token) answer 503. */
  failRate?: number;
  tokenTtlSeconds?: number;
  invitationValidHours?: number;
  clients?: Array<{ organizationId: string; clientId: string; clientSecret: string }>;
  clock?: () => Date;
  callbackRetryDelaysMs?: number[];
  /** The part numbers the simulator knows (default MOB0022 and MOB0101, docs/hid-origo-wire.md). */
  partNumbers?: PartNumber[];
}

export type RequestMatch = { method?: string; path: string | RegExp };
export type FaultAnswer = { status: number; retryAfterSeconds?: number; detail?: string };

export interface OrigoSim {
  url: string;
  close(): Promise<void>;
  redeem(code: string, profile?: PhoneProfileName): Promise<{ userId: number; credentialContainer: unknown }>;
  state(): SimState;
  requests(): Array<{ method: string; path: string; status: number; at: string }>;
  tokensIssued(): number;
  faults: {
    failNext(match: RequestMatch, answer: FaultAnswer, times?: number): void;
    dropAnswerNext(match: RequestMatch): void;
    expireTokens(): void;
    setLatency(ms: number): void;
    setCallbacksEnabled(enabled: boolean): void;
  };
  deliveries(): Delivery[];
}

export const DEMO_CLIENT = { organizationId: '1234', clientId: '1234-enrollment', clientSecret: 'sim-secret-do-not-use' } as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function matches(match: RequestMatch, method: string, path: string): boolean {
  if (match.method && match.method.toUpperCase() !== method) return false;
  return typeof match.path === 'string' ? match.path === path : match.path.test(path);
}

const pathOf = (request: FastifyRequest) => request.url.split('?')[0]!;

export async function startOrigoSim(options: OrigoSimOptions = {}): Promise<OrigoSim> {
  const clock = options.clock ?? (() => new Date());
  const failRate = options.failRate ?? 0;
  if (!(failRate >= 0 && failRate <= 1)) throw new RangeError('failRate is a share between 0 and 1.');
  let latencyMs = options.latencyMs ?? 0;
  const failures: Array<{ match: RequestMatch; answer: FaultAnswer; left: number }> = [];
  const drops: RequestMatch[] = [];
  const dropping = new WeakSet<FastifyRequest>();
  const log: Array<{ method: string; path: string; status: number; at: string }> = [];

  const deliverer = new CallbackDeliverer(options.callbackRetryDelaysMs ?? [1000, 2000, 4000], clock);
  const store: SimStore = new SimStore(clock, options.invitationValidHours ?? 48, options.partNumbers ?? DEFAULT_PART_NUMBERS, (org, events) =>
    deliverer.dispatch(org, events, store.callbacks.values(), store.filters),
  );
  const tokens = new Map<string, TokenRecord>();
  const context: SimContext = {
    store,
    clock,
    clients: options.clients ?? [{ ...DEMO_CLIENT }],
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    tokens,
    issued: 0,
  };

  const app = Fastify({
    logger: false,
    bodyLimit: 64 * 1024,
    forceCloseConnections: true,
    return503OnClosing: true,
    // A URL the router cannot decode: 400 in the SCIM error shape too.
    frameworkErrors: (error: Error, _request: unknown, reply: FastifyReply) => reply.code(400).type(MEDIA.json).send(scimErrorBody(400, `The URL could not be read: ${error.message}`, 'invalidSyntax')),
  });

  // Every body is read as text; each route says which media type it takes (routes.ts, readBody).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.addHook('onRequest', async (request) => {
    const method = request.method;
    const path = pathOf(request);
    if (latencyMs > 0) await sleep(latencyMs);
    const failure = failures.find((f) => matches(f.match, method, path));
    if (failure) {
      if (--failure.left <= 0) failures.splice(failures.indexOf(failure), 1);
      throw new SimError(failure.answer.status, failure.answer.detail ?? `Simulated failure (${failure.answer.status}).`, undefined, failure.answer.retryAfterSeconds);
    }
    const drop = drops.findIndex((d) => matches(d, method, path));
    if (drop >= 0) {
      drops.splice(drop, 1);
      dropping.add(request);
    }
    const config = request.routeOptions.config as Partial<RouteConfig>;
    // The simulated phone (/sim/*) and unknown paths (404) skip the partner rules.
    if (config.kind !== 'partner' && config.kind !== 'token') return;
    if (config.kind === 'partner' && failRate > 0 && Math.random() < failRate) {
      throw new SimError(503, 'The service is unavailable (simulated outage). Try again later.', undefined);
    }
    for (const header of ['application-id', 'application-version']) {
      if (!request.headers[header]) throw new SimError(400, `The ${header === 'application-id' ? 'Application-ID' : 'Application-Version'} header is missing.`, 'invalidSyntax');
    }
    if (config.kind === 'partner') {
      const auth = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(request.headers.authorization ?? '');
      const token = auth ? tokens.get(auth[1]!) : undefined;
      const org = (request.params as { organizationId?: string }).organizationId;
      if (!auth) throw new SimError(401, 'An Authorization: Bearer <access_token> header is required.');
      if (!token || token.expiresAt <= clock().getTime()) throw new SimError(401, 'The access token is unknown or has expired: ask for a new one.');
      if (token.organizationId !== org) throw new SimError(401, `The access token is not for organization ${org}.`);
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    log.push({ method: request.method, path: pathOf(request), status: reply.statusCode, at: clock().toISOString() });
    if (dropping.has(request)) request.raw.socket?.destroy();
    return payload;
  });

  app.setErrorHandler((error: FastifyError | SimError, request: FastifyRequest, reply: FastifyReply) => {
    const media = pathOf(request).startsWith('/credential-management/') ? MEDIA.credentialManagement : MEDIA.json;
    if (error instanceof SimError) {
      if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
      return reply.code(error.status).type(media).send(scimErrorBody(error.status, error.detail, error.scimType));
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).type(media).send(scimErrorBody(413, 'The request body is too large.', 'invalidSyntax'));
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    const detail = status === 500 ? 'The simulator failed while handling this request.' : `The request could not be read: ${error.message}`;
    return reply.code(status).type(media).send(scimErrorBody(status, detail, status === 500 ? undefined : 'invalidSyntax'));
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).type(MEDIA.json).send(scimErrorBody(404, `There is no endpoint ${request.method} ${pathOf(request)}.`)),
  );

  originRoutes(app, context);

  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  store.baseUrl = url;

  let closing: Promise<void> | undefined;
  return {
    url,
    close: () => (closing ??= (async () => {
      await app.close();
      await deliverer.close();
    })()),
    redeem: async (code, profile) => store.redeem(code, profile ?? DEFAULT_PHONE_PROFILE),
    state: () => store.state(),
    requests: () => log.map((entry) => ({ ...entry })),
    tokensIssued: () => context.issued,
    faults: {
      failNext(match, answer, times = 1) {
        if (!Number.isInteger(answer.status) || answer.status < 100 || answer.status > 599) throw new RangeError('A fault answer needs an HTTP status.');
        failures.push({ match, answer, left: times });
      },
      dropAnswerNext: (match) => void drops.push(match),
      expireTokens: () => tokens.clear(),
      setLatency: (ms) => void (latencyMs = Math.max(0, ms)),
      setCallbacksEnabled: (enabled) => void (deliverer.enabled = enabled),
    },
    deliveries: () => deliverer.deliveries(),
  };
}
