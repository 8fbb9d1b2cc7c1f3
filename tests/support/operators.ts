import type { Role } from '../../src/shared/domain/roles';
import { request, type CentralServer } from './central-server';
import { createTestCa, untrustedOperator, type OperatorIdentity } from './operator-pki';
import { pivCard } from './pcsc/virtual-cards';

/**
 * The organisation's operators for tests: a test CA, operator certificates for each role
 * (and the expired, untrusted and revoked variants), registered on a real central server
 * through its admin API, and virtual operator cards holding their keys.
 */
export interface TestOperators {
  clerk: OperatorIdentity;
  supervisor: OperatorIdentity;
  administrator: OperatorIdentity;
  /** Holds every role: four eyes must still stop them deciding on their own enrollments. */
  allRoles: OperatorIdentity;
  expired: OperatorIdentity;
  untrusted: OperatorIdentity;
  revoked: OperatorIdentity;
  /** Trusted, valid, but never registered as an operator. */
  unregistered: OperatorIdentity;
  caPem: string;
}

export const OPERATOR_PIN = '246810';

export async function createOperators(): Promise<TestOperators> {
  const ca = await createTestCa('Example Corp Operator CA');
  const [clerk, supervisor, administrator, allRoles, expired, revoked, unregistered, untrusted] = await Promise.all([
    ca.issue({ name: 'Alice Clerk' }),
    ca.issue({ name: 'Sam Supervisor' }),
    ca.issue({ name: 'Ada Administrator' }),
    ca.issue({ name: 'Carl Everything' }),
    ca.issue({ name: 'Eve Expired', expired: true }),
    ca.issue({ name: 'Rex Revoked' }),
    ca.issue({ name: 'Nina Nobody' }),
    untrustedOperator('Uma Untrusted'),
  ]);
  return { clerk, supervisor, administrator, allRoles, expired, untrusted, revoked, unregistered, caPem: ca.certificatePem };
}

/**
 * Trusts the CA and registers the operators with their roles (the administrator's first
 * steps, with the admin key). The expired one cannot be registered (the server refuses it).
 */
export async function registerOperators(server: Pick<CentralServer, 'url' | 'adminKey'>, ops: TestOperators): Promise<void> {
  const authorization = `Bearer admin.${server.adminKey}`;
  const must = async (what: string, call: Promise<{ status: number; body: unknown }>) => {
    const { status, body } = await call;
    if (status !== 200) throw new Error(`${what} failed (${status}): ${JSON.stringify(body)}`);
  };
  await must('trust CA', request(server.url, 'POST', '/v1/admin/operators/cas', { authorization, body: { certificatePem: ops.caPem } }));
  const roles: [OperatorIdentity, Role[]][] = [
    [ops.clerk, ['clerk']],
    [ops.supervisor, ['supervisor']],
    [ops.administrator, ['administrator']],
    [ops.allRoles, ['clerk', 'supervisor', 'administrator']],
    [ops.revoked, ['clerk']],
  ];
  for (const [who, r] of roles) {
    await must(`add ${who.name}`, request(server.url, 'POST', '/v1/admin/operators', { authorization, body: { certificatePem: who.certificatePem, name: who.name, roles: r } }));
  }
  await must('revoke', request(server.url, 'POST', '/v1/admin/operators/revoked-certificates', { authorization, body: { fingerprint: ops.revoked.fingerprint, reason: 'Card reported lost' } }));
}

/** A virtual PIV card holding the operator's certificate and key (PIN 246810 unless told). */
export function operatorCard(who: OperatorIdentity, options: { pin?: string; serial?: string } = {}) {
  return pivCard({
    serial: options.serial ?? String(900_000 + (parseInt(who.fingerprint.slice(0, 4), 16) % 99_999)),
    pin: options.pin ?? OPERATOR_PIN,
    operator: { certificateDer: who.certificateDer, privateKeyScalar: who.privateKeyScalar },
  });
}
