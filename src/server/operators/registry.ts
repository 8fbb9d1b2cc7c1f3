import { X509Certificate } from 'node:crypto';
import { OperatorRegistry, type Operator, type RevokedCertificate } from '../../shared/domain/operator';
import { Role } from '../../shared/domain/roles';
import { iso, type Queryable } from '../db/database';
import { LOCKS } from '../db/locks';
import { ApiError } from '../errors';
import { appendFeed } from '../sync/feed';
import { recordServerAudit, type Actor } from './server-audit';

/**
 * The organisation's operator registry: trusted CAs, operators (by certificate
 * fingerprint) and revoked certificates. Every change appends ONE `operator-registry.set`
 * feed entry carrying the whole registry, so stations get it through the pull they
 * already do (and long polls wake), and one entry is always enough to be current.
 */

const UPDATED_AT_KEY = 'operator-registry-updated-at';
/** `updatedAt` of a registry that never changed. */
const NEVER = new Date(0).toISOString();

export async function loadRegistry(q: Queryable): Promise<OperatorRegistry> {
  const cas = await q.query<{ pem: string }>('SELECT pem FROM trusted_cas ORDER BY added_at, fingerprint');
  const operators = await q.query<{ fingerprint: string; name: string; roles: unknown; disabled: boolean }>(
    'SELECT fingerprint, name, roles, disabled FROM operators ORDER BY added_at, fingerprint',
  );
  const revoked = await q.query<{ fingerprint: string; revoked_at: unknown; reason: string }>('SELECT fingerprint, revoked_at, reason FROM revoked_certificates ORDER BY revoked_at, fingerprint');
  const [updated] = await q.query<{ value: unknown }>('SELECT value FROM settings WHERE key = $1', [UPDATED_AT_KEY]);
  return OperatorRegistry.parse({
    caCertificates: cas.map((c) => c.pem),
    operators: operators.map((o) => toOperator(o)),
    revokedCertificates: revoked.map((r): RevokedCertificate => ({ fingerprint: r.fingerprint, revokedAt: iso(r.revoked_at), reason: r.reason })),
    updatedAt: typeof updated?.value === 'string' ? updated.value : NEVER,
  });
}

function toOperator(row: { fingerprint: string; name: string; roles: unknown; disabled: boolean }): Operator {
  return { fingerprint: row.fingerprint, name: row.name, roles: Role.array().parse(row.roles), disabled: row.disabled };
}

/** Lower-case hex SHA-256 of the certificate's DER: how the registry names a certificate. */
export function fingerprintOf(certificate: X509Certificate): string {
  return certificate.fingerprint256.replaceAll(':', '').toLowerCase();
}

function parseCertificate(pem: string, what: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw new ApiError(400, 'BAD_REQUEST', `The ${what} could not be read: it is not a valid X.509 certificate in PEM form. Export it again (Base-64 / PEM) and send the whole file.`);
  }
}

export function commonName(certificate: X509Certificate): string {
  return /(?:^|\n)CN=([^\n]+)/.exec(certificate.subject)?.[1] ?? certificate.subject.replaceAll('\n', ', ');
}

function checkValidNow(certificate: X509Certificate, what: string, now: Date): void {
  if (new Date(certificate.validTo).getTime() <= now.getTime()) {
    throw new ApiError(400, 'CERTIFICATE_REJECTED', `The ${what} of "${commonName(certificate)}" expired on ${new Date(certificate.validTo).toISOString().slice(0, 10)}. Use a current certificate (issue the operator a new card).`);
  }
}

export interface CheckedOperatorCertificate {
  certificate: X509Certificate;
  fingerprint: string;
  issuerFingerprint: string;
  subject: string;
}

/**
 * An operator certificate the server can register: readable, not a CA, current, issued by a
 * trusted CA, not revoked. Refusals say which and what to do (CERTIFICATE_REJECTED, 400).
 */
export async function checkOperatorCertificate(tx: Queryable, pem: string): Promise<CheckedOperatorCertificate> {
  const certificate = parseCertificate(pem, 'operator certificate');
  if (certificate.ca) throw new ApiError(400, 'CERTIFICATE_REJECTED', `"${commonName(certificate)}" is a CA certificate. An operator is added with the certificate on their own card.`);
  checkValidNow(certificate, 'operator certificate', new Date());
  const fingerprint = fingerprintOf(certificate);
  const cas = await tx.query<{ fingerprint: string; pem: string }>('SELECT fingerprint, pem FROM trusted_cas');
  if (cas.length === 0) {
    throw new ApiError(400, 'BAD_REQUEST', 'No CA is trusted yet, so no operator certificate can be checked. Trust the CA that issues operator cards first (server-admin trust-ca --cert FILE).');
  }
  const issuer = cas.find((ca) => {
    const caCert = new X509Certificate(ca.pem);
    return certificate.checkIssued(caCert) && certificate.verify(caCert.publicKey);
  });
  if (!issuer) {
    throw new ApiError(400, 'CERTIFICATE_REJECTED', `The certificate of "${commonName(certificate)}" was not issued by a CA this server trusts. Issue the operator's card from the organisation's CA, or trust its CA first.`);
  }
  const [revoked] = await tx.query('SELECT 1 FROM revoked_certificates WHERE fingerprint = $1', [fingerprint]);
  if (revoked) throw new ApiError(409, 'OPERATOR_REVOKED', 'This certificate is revoked: it can never belong to an operator again. Issue the operator a new card.');
  return { certificate, fingerprint, issuerFingerprint: issuer.fingerprint, subject: commonName(certificate) };
}

/**
 * Nobody removes their own Administrator role, and nobody disables, revokes or demotes the
 * last enabled Administrator (the admin key included: it would leave no one to administer
 * from a station). `after` is what the operator would be.
 */
export async function guardAdministrators(tx: Queryable, actor: Actor, fingerprint: string, after: { roles: Role[]; disabled: boolean; revoked: boolean }): Promise<void> {
  const [row] = await tx.query<{ name: string; roles: unknown; disabled: boolean }>(
    'SELECT o.name, o.roles, o.disabled FROM operators o WHERE o.fingerprint = $1 AND NOT EXISTS (SELECT 1 FROM revoked_certificates r WHERE r.fingerprint = o.fingerprint)',
    [fingerprint],
  );
  if (!row || row.disabled || !Role.array().parse(row.roles).includes('administrator')) return;
  const stays = after.roles.includes('administrator') && !after.disabled && !after.revoked;
  if (stays) return;
  if (actor.kind === 'operator' && actor.fingerprint === fingerprint && !after.roles.includes('administrator')) {
    throw new ApiError(409, 'LAST_ADMINISTRATOR', 'You cannot remove your own Administrator role. Ask another Administrator to do it.');
  }
  const [{ count } = { count: 0 }] = await tx.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM operators o
      WHERE o.fingerprint <> $1 AND NOT o.disabled AND o.roles ? 'administrator'
        AND NOT EXISTS (SELECT 1 FROM revoked_certificates r WHERE r.fingerprint = o.fingerprint)`,
    [fingerprint],
  );
  if (count === 0) {
    throw new ApiError(409, 'LAST_ADMINISTRATOR', `${row.name} is the last enabled Administrator: disabling, revoking or demoting them would leave nobody to administer the stations. Make another operator an Administrator first.`);
  }
}

/** Runs one registry change: serialized, audited, and published as one feed entry (only when something changed). */
export async function change<T>(tx: Queryable, actor: Actor, action: string, run: () => Promise<{ value: T; changed: boolean; details: Record<string, unknown> }>): Promise<{ value: T; registry: OperatorRegistry; changed: boolean }> {
  await tx.query('SELECT pg_advisory_xact_lock($1, $2)', LOCKS.registry);
  const { value, changed, details } = await run();
  if (changed) {
    await tx.query('INSERT INTO settings (key, value) VALUES ($1, to_jsonb($2::text)) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [UPDATED_AT_KEY, new Date().toISOString()]);
  }
  await recordServerAudit(tx, actor, action, { ...details, changed });
  const registry = await loadRegistry(tx);
  // Last, just before COMMIT (feed.ts).
  if (changed) await appendFeed(tx, [{ kind: 'operator-registry.set', registry }]);
  return { value, registry, changed };
}

export async function trustCa(tx: Queryable, actor: Actor, pem: string): Promise<{ registry: OperatorRegistry; changed: boolean; fingerprint: string }> {
  const certificate = parseCertificate(pem, 'CA certificate');
  if (!certificate.ca) {
    throw new ApiError(400, 'BAD_REQUEST', `"${commonName(certificate)}" is not a CA certificate (its basic constraints do not allow it to issue certificates). Send the certificate of the CA that issues operator certificates, not an operator's own.`);
  }
  checkValidNow(certificate, 'CA certificate', new Date());
  const fingerprint = fingerprintOf(certificate);
  const out = await change(tx, actor, 'operator-registry.ca-trusted', async () => {
    const [{ count } = { count: 0 }] = await tx.query<{ count: number }>('SELECT count(*)::int AS count FROM trusted_cas');
    const inserted = await tx.query(
      'INSERT INTO trusted_cas (fingerprint, pem, subject, added_at) VALUES ($1, $2, $3, now()) ON CONFLICT (fingerprint) DO NOTHING RETURNING fingerprint',
      [fingerprint, certificate.toString(), certificate.subject],
    );
    if (inserted.length > 0 && count >= 20) throw new ApiError(400, 'BAD_REQUEST', 'The registry already trusts 20 CAs, the most it can hold.');
    return { value: undefined, changed: inserted.length > 0, details: { fingerprint, subject: commonName(certificate) } };
  });
  return { registry: out.registry, changed: out.changed, fingerprint };
}

export async function addOperator(tx: Queryable, actor: Actor, request: { certificatePem: string; name: string; roles: Role[] }): Promise<Operator> {
  const roles = [...new Set(request.roles)];
  const out = await change(tx, actor, 'operator-registry.operator-added', async () => {
    const checked = await checkOperatorCertificate(tx, request.certificatePem);
    await insertOperator(tx, checked, request.name, roles);
    return { value: undefined, changed: true, details: { fingerprint: checked.fingerprint, name: request.name, roles } };
  });
  const fingerprint = fingerprintOf(new X509Certificate(request.certificatePem));
  return out.registry.operators.find((o) => o.fingerprint === fingerprint)!;
}

/** Inserts a checked operator; one already registered (or waiting for approval) is refused (ALREADY_EXISTS). */
export async function insertOperator(tx: Queryable, checked: CheckedOperatorCertificate, name: string, roles: Role[]): Promise<void> {
  const [existing] = await tx.query<{ name: string }>('SELECT name FROM operators WHERE fingerprint = $1', [checked.fingerprint]);
  if (existing) {
    throw new ApiError(409, 'ALREADY_EXISTS', `This certificate is already registered, to "${existing.name}". Change their roles in the operators list instead of adding them again.`, { fingerprint: checked.fingerprint });
  }
  await tx.query(
    `INSERT INTO operators (fingerprint, name, roles, disabled, certificate_pem, issuer_fingerprint, added_at, updated_at)
     VALUES ($1, $2, $3::jsonb, false, $4, $5, now(), now())`,
    [checked.fingerprint, name, JSON.stringify(roles), checked.certificate.toString(), checked.issuerFingerprint],
  );
}

export async function setOperator(tx: Queryable, actor: Actor, fingerprint: string, request: { roles?: Role[] | undefined; disabled?: boolean | undefined }): Promise<Operator> {
  const out = await change(tx, actor, 'operator-registry.operator-changed', async () => {
    const [row] = await tx.query<{ fingerprint: string; name: string; roles: unknown; disabled: boolean }>('SELECT fingerprint, name, roles, disabled FROM operators WHERE fingerprint = $1 FOR UPDATE', [fingerprint]);
    if (!row) throw new ApiError(404, 'NOT_FOUND', `No operator has the certificate ${fingerprint}. List the operators (server-admin list-operators) to find the fingerprint.`);
    const before = toOperator(row);
    const after: Operator = { ...before, ...(request.roles ? { roles: [...new Set(request.roles)] } : {}), ...(request.disabled === undefined ? {} : { disabled: request.disabled }) };
    await guardAdministrators(tx, actor, fingerprint, { roles: after.roles, disabled: after.disabled, revoked: false });
    const changed = JSON.stringify(before) !== JSON.stringify(after);
    if (changed) await tx.query('UPDATE operators SET roles = $2::jsonb, disabled = $3, updated_at = now() WHERE fingerprint = $1', [fingerprint, JSON.stringify(after.roles), after.disabled]);
    return { value: undefined, changed, details: { fingerprint, name: before.name, before: { roles: before.roles, disabled: before.disabled }, after: { roles: after.roles, disabled: after.disabled } } };
  });
  return out.registry.operators.find((o) => o.fingerprint === fingerprint)!;
}

export async function revokeCertificate(tx: Queryable, actor: Actor, request: { fingerprint: string; reason: string }): Promise<OperatorRegistry> {
  const out = await change(tx, actor, 'operator-registry.certificate-revoked', async () => {
    const [target] = await tx.query<{ roles: unknown; disabled: boolean }>('SELECT roles, disabled FROM operators WHERE fingerprint = $1', [request.fingerprint]);
    if (target) await guardAdministrators(tx, actor, request.fingerprint, { roles: Role.array().parse(target.roles), disabled: target.disabled, revoked: true });
    const inserted = await tx.query('INSERT INTO revoked_certificates (fingerprint, revoked_at, reason) VALUES ($1, now(), $2) ON CONFLICT (fingerprint) DO NOTHING RETURNING fingerprint', [
      request.fingerprint,
      request.reason,
    ]);
    const [operator] = await tx.query<{ name: string }>('SELECT name FROM operators WHERE fingerprint = $1', [request.fingerprint]);
    return { value: undefined, changed: inserted.length > 0, details: { fingerprint: request.fingerprint, reason: request.reason, operator: operator?.name ?? null } };
  });
  return out.registry;
}
