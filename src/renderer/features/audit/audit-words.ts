import type { ChainCheck } from '../../../shared/contract';
import type { AuditAction } from '../../../shared/domain/audit-chain';

/** Each audit action in the clerk's words (the procedure's names where it has them). */
export const AUDIT_ACTION_WORDS: Record<AuditAction, string> = {
  'applicant.created': 'Applicant added',
  'applicant.changed': 'Applicant changed',
  'device.enrolled': 'Device enrolled',
  'device.replaced': 'Device replaced',
  'review.resolved': 'Possible duplicate resolved',
  'invitation.issued': 'Mobile credential invitation issued',
  'invitation.redeemed': 'Mobile credential picked up',
  'credential.approved': 'Credential approved',
  'credential.rejected': 'Credential rejected',
  'credential.suspended': 'Credential suspended',
  'credential.resumed': 'Credential resumed',
  'credential.revoked': 'Credential revoked',
  'operator.signed-in': 'Operator signed in',
  'operator.signed-out': 'Operator signed out',
  'operator.sign-in-failed': 'Sign-in refused',
  'configuration.changed': 'Configuration changed',
  'break-glass.used': 'Emergency access used',
};

/** "1 entry", "42 entries". */
export function entriesWords(n: number): string {
  return n === 1 ? '1 entry' : `${n.toLocaleString()} entries`;
}

/** The banner's headline over the chain check. */
export function chainHeadline(chain: ChainCheck): string {
  if (!chain.ok) {
    return chain.findings.length === 1 ? 'Audit trail damaged: 1 problem found' : `Audit trail damaged: ${chain.findings.length} problems found`;
  }
  const count = chain.head?.seq ?? 0;
  const delivered = chain.acknowledgedHead ? `last delivered to the server: entry ${chain.acknowledgedHead.seq}` : 'not yet delivered to a server';
  return `Audit trail intact: ${entriesWords(count)}, each linked and signed; ${delivered}`;
}
