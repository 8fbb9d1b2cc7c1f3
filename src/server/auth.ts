import type { FastifyRequest } from 'fastify';
import { OPERATOR_HEADER } from '../shared/contract/operator-protocol';
import type { Action } from '../shared/domain/roles';
import type { AppContext } from './context';
import { ApiError } from './errors';
import { sameHash, sha256 } from './secrets';
import { authenticateStation, type AuthenticatedStation } from './stations';
import { authorizeOperator, signInConfigured, type ActingOperator } from './operators/authorize';
import { recordServerAudit, type Actor } from './operators/server-audit';

/**
 * Authentication runs as an `onRequest` hook, before the body is even read: a caller
 * without a credential learns only that (401), never whether its body was valid.
 */
const authenticated = new WeakMap<FastifyRequest, AuthenticatedStation>();

export function stationAuth(context: AppContext) {
  return async (request: FastifyRequest): Promise<void> => {
    authenticated.set(request, await authenticateStation(context.db, request.headers.authorization));
  };
}

/** The station that `stationAuth` let through. */
export function stationOf(request: FastifyRequest): AuthenticatedStation {
  const station = authenticated.get(request);
  if (!station) throw new Error('stationOf() on a route without stationAuth');
  return station;
}

const operators = new WeakMap<FastifyRequest, ActingOperator>();

function operatorHeader(request: FastifyRequest): string | undefined {
  const value = request.headers[OPERATOR_HEADER];
  return (Array.isArray(value) ? value[0] : value)?.trim().toLowerCase() || undefined;
}

/**
 * After `stationAuth`: the request is made for the operator named in `X-Operator`, who must
 * be allowed `action` (once sign-in is configured; before that, nothing is checked).
 */
export function operatorAuth(context: AppContext, action: Action) {
  return async (request: FastifyRequest): Promise<void> => {
    const operator = await authorizeOperator(context.db, operatorHeader(request), action);
    if (operator) operators.set(request, operator);
  };
}

/** The operator `operatorAuth` let through (undefined while sign-in is not configured). */
export function operatorOf(request: FastifyRequest): ActingOperator | undefined {
  return operators.get(request);
}

const actors = new WeakMap<FastifyRequest, Actor>();

const ADMIN_KEY_NEEDED =
  'This endpoint needs the administrator key ("Authorization: Bearer admin.<key>"): it is in ENROLLMENT_SERVER_ADMIN_KEY or <data folder>/admin.key on the server.';

/**
 * Administration: either the server's admin key (break-glass: every use is written to the
 * server audit log) or a station acting for a signed-in operator allowed `action`. Before
 * sign-in is configured only the admin key works (a station is refused as before: 401).
 */
export function adminOrOperatorAuth(context: AppContext, action: Action) {
  return async (request: FastifyRequest): Promise<void> => {
    const authorization = request.headers.authorization ?? '';
    if (authorization === '' || authorization.startsWith('Bearer admin.')) {
      const match = /^Bearer admin\.(\S+)$/.exec(authorization);
      if (!match || !sameHash(sha256(match[1]!), context.adminKeyHash)) throw new ApiError(401, 'UNAUTHORIZED', ADMIN_KEY_NEEDED);
      const actor: Actor = { kind: 'admin-key' };
      actors.set(request, actor);
      // Never the body, never the key: which endpoint, so the log says what the key was used for.
      await recordServerAudit(context.db, actor, 'break-glass.used', { method: request.method, route: request.routeOptions.url ?? request.url.split('?')[0], signInConfigured: await signInConfigured(context.db) });
      return;
    }
    const station = await authenticateStation(context.db, authorization);
    if (!(await signInConfigured(context.db))) throw new ApiError(401, 'UNAUTHORIZED', ADMIN_KEY_NEEDED);
    const operator = (await authorizeOperator(context.db, operatorHeader(request), action, true))!;
    actors.set(request, { kind: 'operator', fingerprint: operator.fingerprint, name: operator.name, stationId: station.stationId });
  };
}

/** Who `adminOrOperatorAuth` let through. */
export function actorOf(request: FastifyRequest): Actor {
  const actor = actors.get(request);
  if (!actor) throw new Error('actorOf() on a route without adminOrOperatorAuth');
  return actor;
}
