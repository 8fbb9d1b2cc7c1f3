import { X509Certificate } from 'node:crypto';
import type { OperatorDetail, OperatorStatus, OperatorsAdminResponse, TrustResponse } from '../../shared/contract/operator-protocol';
import { Role } from '../../shared/domain/roles';
import { iso, type Queryable } from '../db/database';
import { pendingGrants } from './admin-grants';
import { commonName, loadRegistry } from './registry';

/**
 * What Station › Administration shows of operators and trust (issue 17), read from the
 * registry tables.
 *
 * Last sign-in: a station records `operator.signed-in` in its signed audit chain and
 * delivers the chain to `/v1/audit/entries`; the newest such entry per certificate is the
 * last sign-in. This needs no new write on every request (unlike noting `X-Operator`), is
 * signed by the station, and is exactly as current as the station's audit delivery (a
 * station offline at sign-in reports it when it is back).
 */
export async function operatorsView(q: Queryable, now: Date): Promise<OperatorsAdminResponse> {
  const rows = await q.query<{ fingerprint: string; name: string; roles: unknown; disabled: boolean; certificate_pem: string; added_at: unknown; revoked: boolean }>(
    `SELECT o.fingerprint, o.name, o.roles, o.disabled, o.certificate_pem, o.added_at,
            EXISTS (SELECT 1 FROM revoked_certificates r WHERE r.fingerprint = o.fingerprint) AS revoked
       FROM operators o ORDER BY o.added_at, o.fingerprint`,
  );
  const signIns = await q.query<{ fingerprint: string; at: string }>(
    `SELECT entry->>'operatorFingerprint' AS fingerprint, max(entry->>'at') AS at FROM audit_entries
      WHERE entry->>'action' = 'operator.signed-in' AND entry ? 'operatorFingerprint' GROUP BY 1`,
  );
  const lastSignIn = new Map(signIns.map((s) => [s.fingerprint, s.at]));
  const operators = rows.map((row): OperatorDetail => {
    const certificate = new X509Certificate(row.certificate_pem);
    const expiresAt = new Date(certificate.validTo);
    const status: OperatorStatus = row.revoked ? 'certificate-revoked' : expiresAt.getTime() <= now.getTime() ? 'certificate-expired' : row.disabled ? 'disabled' : 'active';
    return {
      fingerprint: row.fingerprint,
      name: row.name,
      roles: Role.array().parse(row.roles),
      disabled: row.disabled,
      status,
      certificateSubject: commonName(certificate),
      certificateExpiresAt: expiresAt.toISOString(),
      addedAt: iso(row.added_at),
      lastSignInAt: lastSignIn.has(row.fingerprint) ? new Date(lastSignIn.get(row.fingerprint)!).toISOString() : null,
    };
  });
  const registry = await loadRegistry(q);
  return { operators, pendingGrants: await pendingGrants(q), registryUpdatedAt: registry.updatedAt, serverTime: now.toISOString() };
}

export async function trustView(q: Queryable, now: Date): Promise<TrustResponse> {
  const cas = await q.query<{ fingerprint: string; pem: string; added_at: unknown }>('SELECT fingerprint, pem, added_at FROM trusted_cas ORDER BY added_at, fingerprint');
  const revoked = await q.query<{ fingerprint: string; revoked_at: unknown; reason: string; name: string | null }>(
    'SELECT r.fingerprint, r.revoked_at, r.reason, o.name FROM revoked_certificates r LEFT JOIN operators o ON o.fingerprint = r.fingerprint ORDER BY r.revoked_at DESC, r.fingerprint',
  );
  const registry = await loadRegistry(q);
  return {
    cas: cas.map((ca) => {
      const certificate = new X509Certificate(ca.pem);
      return { fingerprint: ca.fingerprint, subject: commonName(certificate), validFrom: new Date(certificate.validFrom).toISOString(), validTo: new Date(certificate.validTo).toISOString(), addedAt: iso(ca.added_at) };
    }),
    revokedCertificates: revoked.map((r) => ({ fingerprint: r.fingerprint, revokedAt: iso(r.revoked_at), reason: r.reason, operatorName: r.name })),
    registryUpdatedAt: registry.updatedAt,
    serverTime: now.toISOString(),
  };
}
