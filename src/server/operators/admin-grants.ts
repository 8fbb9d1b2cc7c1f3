import { randomUUID, X509Certificate } from 'node:crypto';
import type { ApprovalRequiredResponse, GrantDecisionResponse, PendingGrant } from '../../shared/contract/operator-protocol';
import type { Operator } from '../../shared/domain/operator';
import { Role } from '../../shared/domain/roles';
import { iso, type Queryable } from '../db/database';
import { LOCKS } from '../db/locks';
import { ApiError } from '../errors';
import { addOperator, change, checkOperatorCertificate, commonName, insertOperator, setOperator } from './registry';
import { recordServerAudit, type Actor } from './server-audit';

/**
 * Four eyes for Administrator (issue 17). An operator who grants Administrator — adding an
 * operator with it, or adding it to one — only records a pending grant; a different
 * Administrator approves (or rejects) it. The admin key (server-admin, bootstrap) is exempt:
 * it is how the first Administrator exists, and each of its uses is in the server audit log.
 */

export type AddOutcome = { done: Operator } | { pending: ApprovalRequiredResponse };

const WAITS = 'waits for a second Administrator\'s approval: another Administrator approves or rejects it in Station › Administration › Operators.';

const needsFourEyes = (actor: Actor, before: Role[], after: Role[]): boolean => actor.kind !== 'admin-key' && after.includes('administrator') && !before.includes('administrator');

type GrantRow = { id: string; fingerprint: string; name: string; roles: unknown; certificate_pem: string | null; requested_by: string; requested_by_name: string; requested_at: unknown };

function toGrant(row: GrantRow, subject: string | undefined): PendingGrant {
  return {
    id: row.id,
    fingerprint: row.fingerprint,
    name: row.name,
    roles: Role.array().parse(row.roles),
    newOperator: row.certificate_pem !== null,
    certificateSubject: subject ?? (row.certificate_pem ? commonName(new X509Certificate(row.certificate_pem)) : row.name),
    requestedBy: row.requested_by,
    requestedByName: row.requested_by_name,
    requestedAt: iso(row.requested_at),
  };
}

export async function pendingGrants(q: Queryable): Promise<PendingGrant[]> {
  const rows = await q.query<GrantRow & { operator_pem: string | null }>(
    `SELECT g.id, g.fingerprint, g.name, g.roles, g.certificate_pem, g.requested_by, g.requested_by_name, g.requested_at, o.certificate_pem AS operator_pem
       FROM operator_grants g LEFT JOIN operators o ON o.fingerprint = g.fingerprint
      WHERE g.status = 'PENDING' ORDER BY g.requested_at, g.id`,
  );
  return rows.map((r) => toGrant(r, r.operator_pem ? commonName(new X509Certificate(r.operator_pem)) : undefined));
}

async function recordGrant(tx: Queryable, actor: Extract<Actor, { kind: 'operator' }>, grant: { fingerprint: string; name: string; roles: Role[]; certificatePem: string | null }, what: string): Promise<ApprovalRequiredResponse> {
  const [waiting] = await tx.query('SELECT 1 FROM operator_grants WHERE fingerprint = $1 AND status = \'PENDING\'', [grant.fingerprint]);
  if (waiting) throw new ApiError(409, 'ALREADY_EXISTS', `A grant for "${grant.name}" already waits for approval. Approve or reject it first.`, { fingerprint: grant.fingerprint });
  const id = randomUUID();
  const [row] = await tx.query<GrantRow>(
    `INSERT INTO operator_grants (id, fingerprint, name, roles, certificate_pem, requested_by, requested_by_name, requested_at, status)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, now(), 'PENDING') RETURNING id, fingerprint, name, roles, certificate_pem, requested_by, requested_by_name, requested_at`,
    [id, grant.fingerprint, grant.name, JSON.stringify(grant.roles), grant.certificatePem, actor.fingerprint, actor.name],
  );
  const pending = toGrant(row!, undefined);
  await recordServerAudit(tx, actor, 'operator-registry.grant-requested', { grantId: id, fingerprint: grant.fingerprint, name: grant.name, roles: grant.roles, newOperator: grant.certificatePem !== null });
  return { code: 'APPROVAL_REQUIRED', message: `${what} ${WAITS}`, grant: pending };
}

/** Adds an operator; with Administrator (by an operator) it waits for a second Administrator instead. */
export async function requestAddOperator(tx: Queryable, actor: Actor, request: { certificatePem: string; name: string; roles: Role[] }): Promise<AddOutcome> {
  const roles = [...new Set(request.roles)];
  if (!needsFourEyes(actor, [], roles)) {
    return { done: await addOperator(tx, actor, { ...request, roles }) };
  }
  await tx.query('SELECT pg_advisory_xact_lock($1, $2)', LOCKS.registry);
  const checked = await checkOperatorCertificate(tx, request.certificatePem);
  const [existing] = await tx.query<{ name: string }>('SELECT name FROM operators WHERE fingerprint = $1', [checked.fingerprint]);
  if (existing) throw new ApiError(409, 'ALREADY_EXISTS', `This certificate is already registered, to "${existing.name}". Change their roles in the operators list instead of adding them again.`);
  const pending = await recordGrant(tx, actor as Extract<Actor, { kind: 'operator' }>, { fingerprint: checked.fingerprint, name: request.name, roles, certificatePem: checked.certificate.toString() }, `Adding "${request.name}" as an Administrator`);
  return { pending };
}

/** Changes an operator's roles; adding Administrator (by an operator) waits for a second Administrator. */
export async function requestRoles(tx: Queryable, actor: Actor, fingerprint: string, request: { roles?: Role[] | undefined; disabled?: boolean | undefined }): Promise<AddOutcome> {
  await tx.query('SELECT pg_advisory_xact_lock($1, $2)', LOCKS.registry);
  const [row] = await tx.query<{ name: string; roles: unknown }>('SELECT name, roles FROM operators WHERE fingerprint = $1', [fingerprint]);
  const before = row ? Role.array().parse(row.roles) : [];
  if (!row || !request.roles || !needsFourEyes(actor, before, request.roles)) return { done: await setOperator(tx, actor, fingerprint, request) };
  if (request.disabled !== undefined) throw new ApiError(400, 'BAD_REQUEST', 'Granting Administrator waits for approval: change the roles and disable / enable in two steps.');
  const roles = [...new Set(request.roles)];
  const pending = await recordGrant(tx, actor as Extract<Actor, { kind: 'operator' }>, { fingerprint, name: row.name, roles, certificatePem: null }, `Making "${row.name}" an Administrator`);
  return { pending };
}

/** A different Administrator approves or rejects a pending grant; the requester never decides their own (FOUR_EYES). */
export async function decideGrant(tx: Queryable, actor: Actor, id: string, decision: 'approved' | 'rejected', reason: string): Promise<GrantDecisionResponse> {
  await tx.query('SELECT pg_advisory_xact_lock($1, $2)', LOCKS.registry);
  const [row] = await tx.query<GrantRow & { status: string }>(
    'SELECT id, fingerprint, name, roles, certificate_pem, requested_by, requested_by_name, requested_at, status FROM operator_grants WHERE id = $1 FOR UPDATE',
    [id],
  );
  if (!row) throw new ApiError(404, 'NOT_FOUND', 'No such grant. Reload the operators list: it may have been decided already.');
  if (row.status !== 'PENDING') throw new ApiError(409, 'NOT_FOUND', `This grant was already ${row.status.toLowerCase()}. Reload the operators list.`);
  if (actor.kind === 'operator' && actor.fingerprint === row.requested_by) {
    throw new ApiError(403, 'FOUR_EYES', 'You asked for this Administrator grant, so you cannot approve or reject it yourself: another Administrator must decide.');
  }
  const grant = toGrant(row, undefined);
  const decider = actor.kind === 'operator' ? { by: actor.fingerprint, name: actor.name } : actor.kind === 'admin-key' ? { by: 'admin-key', name: 'admin key' } : { by: actor.stationId, name: actor.name };
  await tx.query('UPDATE operator_grants SET status = $2, decided_by = $3, decided_by_name = $4, decided_at = now(), reason = $5 WHERE id = $1', [
    id,
    decision === 'approved' ? 'APPROVED' : 'REJECTED',
    decider.by,
    decider.name,
    reason,
  ]);
  if (decision === 'rejected') {
    await recordServerAudit(tx, actor, 'operator-registry.grant-rejected', { grantId: id, fingerprint: row.fingerprint, name: row.name, roles: grant.roles, requestedBy: row.requested_by, reason });
    return { grant, decision, operator: null };
  }
  let operator: Operator | undefined;
  if (row.certificate_pem) {
    const out = await change(tx, actor, 'operator-registry.operator-added', async () => {
      const checked = await checkOperatorCertificate(tx, row.certificate_pem!);
      await insertOperator(tx, checked, row.name, grant.roles);
      return { value: undefined, changed: true, details: { fingerprint: row.fingerprint, name: row.name, roles: grant.roles, grantId: id, requestedBy: row.requested_by } };
    });
    operator = out.registry.operators.find((o) => o.fingerprint === row.fingerprint);
  } else {
    operator = await setOperator(tx, actor, row.fingerprint, { roles: grant.roles });
  }
  await recordServerAudit(tx, actor, 'operator-registry.grant-approved', { grantId: id, fingerprint: row.fingerprint, name: row.name, roles: grant.roles, requestedBy: row.requested_by });
  return { grant, decision, operator: operator ?? null };
}
