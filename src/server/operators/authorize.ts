import { CertificateFingerprint } from '../../shared/domain/operator';
import { ACTION_NAMES, PERMISSIONS, Role, can, whoMay, type Action } from '../../shared/domain/roles';
import type { ServerErrorCode } from '../../shared/contract/server-protocol';
import { iso, type Queryable } from '../db/database';
import { ApiError } from '../errors';

/**
 * Authorization of a station's request (or pushed mutation) made for an operator. The
 * station proved the operator's card; the server trusts the authenticated station for
 * WHO it is, and decides itself WHAT they may do, from its own registry: the operator must
 * be known, enabled, not revoked, and hold a role `PERMISSIONS` allows for the action.
 *
 * Sign-in is "configured" once the registry trusts at least one CA; before that nothing
 * here refuses anything (stations without sign-in keep working as they did).
 */

export interface ActingOperator {
  fingerprint: string;
  name: string;
  roles: Role[];
}

export async function signInConfigured(q: Queryable): Promise<boolean> {
  const [row] = await q.query<{ configured: boolean }>('SELECT EXISTS (SELECT 1 FROM trusted_cas) AS configured');
  return row?.configured === true;
}

function refused(code: ServerErrorCode, message: string, details?: Record<string, unknown>): ApiError {
  return new ApiError(403, code, message, details);
}

/** The operator behind `fingerprint`, whoever they are (no role check), or why they are not acceptable. */
export async function identifyOperator(q: Queryable, fingerprint: string | undefined, action: Action): Promise<ActingOperator> {
  if (fingerprint === undefined || fingerprint === '') {
    throw refused('OPERATOR_REQUIRED', `Operator sign-in is required on this server: to ${ACTION_NAMES[action]}, an operator must be signed in at the station. Sign in with your operator card and try again.`, {
      action,
    });
  }
  if (!CertificateFingerprint.safeParse(fingerprint).success) {
    throw refused('OPERATOR_UNKNOWN', 'The operator is not valid: an operator is named by the SHA-256 fingerprint of their certificate (64 lower-case hex digits).', { action });
  }
  const [row] = await q.query<{ name: string | null; roles: unknown; disabled: boolean | null; revoked_at: unknown; reason: string | null }>(
    `SELECT o.name, o.roles, o.disabled, r.revoked_at, r.reason
       FROM (SELECT $1::text AS fingerprint) AS f
       LEFT JOIN operators o ON o.fingerprint = f.fingerprint
       LEFT JOIN revoked_certificates r ON r.fingerprint = f.fingerprint`,
    [fingerprint],
  );
  if (row?.revoked_at) {
    throw refused(
      'OPERATOR_REVOKED',
      `This operator's certificate was revoked on ${iso(row.revoked_at)}${row.reason ? ` (${row.reason})` : ''}. It can no longer be used: the operator needs a new card.`,
      { fingerprint, action },
    );
  }
  if (!row?.name) {
    throw refused('OPERATOR_UNKNOWN', 'The signed-in operator is not in the server’s operator registry. An administrator must add them (with their certificate) before they can work.', { fingerprint, action });
  }
  if (row.disabled) {
    throw refused('OPERATOR_UNKNOWN', `Operator ${row.name} is disabled on the server. An administrator can enable them again.`, { fingerprint, action, disabled: true });
  }
  return { fingerprint, name: row.name, roles: Role.array().parse(row.roles) };
}

export function checkRole(operator: ActingOperator, action: Action): void {
  if (!can(operator.roles, action)) {
    throw refused('FORBIDDEN_ROLE', `Only ${whoMay(action)} may ${ACTION_NAMES[action]}; ${operator.name} is not. Ask someone with that role.`, {
      action,
      requiredRoles: PERMISSIONS[action],
      roles: operator.roles,
    });
  }
}

/**
 * Whether `fingerprint` may do `action` now. Resolves with the operator (undefined when
 * sign-in is not configured); rejects with the ApiError to answer.
 */
export async function authorizeOperator(q: Queryable, fingerprint: string | undefined, action: Action, configured?: boolean): Promise<ActingOperator | undefined> {
  if (!(configured ?? (await signInConfigured(q)))) return undefined;
  const operator = await identifyOperator(q, fingerprint, action);
  checkRole(operator, action);
  return operator;
}
