import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../shared/domain/audit-chain';
import { applyChanges } from '../store/changes';
import { emptyDocument } from '../store/document';
import { createAuditTrail } from './audit-trail';

describe('History entries from before the audit chain', () => {
  it('are linked and signed when a journal record from an older version is replayed, and the chain goes on from them', () => {
    const doc = emptyDocument({ first: 10_000_000, last: 10_999_999 });
    const legacy = {
      id: 'old-1',
      seq: 1,
      at: '2026-01-05T10:00:00.000Z',
      action: 'applicant.created' as const,
      employeeNumber: '10000001',
      operator: 'Local account clerk',
      stationId: doc.stationId,
      stationName: 'Front Desk',
      summary: 'Applicant Ann Lee added with credential type PIV Card – Employee',
    };
    applyChanges(doc, [{ kind: 'audit.appended', entry: legacy }]);
    const trail = createAuditTrail({ station: { id: doc.stationId, name: 'Front Desk' }, actor: () => ({ name: 'Alice Clerk', fingerprint: 'f'.repeat(64) }) });
    applyChanges(doc, trail.changes(doc, [{ action: 'operator.signed-in', summary: 'Alice Clerk signed in' }], '2026-11-28T09:00:00.000Z'));

    expect(doc.audit.toArray().map((e) => [e.seq, e.action, e.operator])).toEqual([
      [1, 'applicant.created', 'Local account clerk'],
      [2, 'operator.signed-in', 'Alice Clerk'],
    ]);
    expect(doc.audit.head && doc.audit.toArray()[0]).toMatchObject({ summary: legacy.summary, at: legacy.at });
    expect(verifyAuditChain(doc.audit.toArray(), { publicKey: doc.auditKey.publicKey, stationId: doc.stationId }).ok).toBe(true);
  });
});
