import type { FastifyRequest } from 'fastify';
import type { AppContext } from './app';
import { ApiError } from './errors';
import { sameHash, sha256 } from './secrets';
import { authenticateStation, type AuthenticatedStation } from './stations';

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

/** `Authorization: Bearer admin.<key>` (until operators sign in, a later issue). */
export function adminAuth(context: AppContext) {
  return async (request: FastifyRequest): Promise<void> => {
    const match = /^Bearer admin\.(\S+)$/.exec(request.headers.authorization ?? '');
    if (!match || !sameHash(sha256(match[1]!), context.adminKeyHash)) {
      throw new ApiError(
        401,
        'UNAUTHORIZED',
        'This endpoint needs the administrator key ("Authorization: Bearer admin.<key>"): it is in ENROLLMENT_SERVER_ADMIN_KEY or <data folder>/admin.key on the server.',
      );
    }
  };
}
