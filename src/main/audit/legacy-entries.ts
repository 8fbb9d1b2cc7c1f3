import { z } from 'zod';
import { GENESIS_HASH, sealAuditEntry, type AuditEntry } from '../../shared/domain/audit-chain';

/**
 * History entries written before the audit chain existed (store formats 2–5, and journal
 * records from those versions replayed after an upgrade): the same facts without hash,
 * link or signature. The upgrade links and signs them with the station's new audit key,
 * in their order; the chain proves nothing was changed from then on.
 */
export const LegacyAuditEntry = z.strictObject({
  id: z.string(),
  seq: z.number().int().positive(),
  at: z.iso.datetime(),
  action: z.enum(['applicant.created', 'device.enrolled', 'review.resolved']),
  employeeNumber: z.string().regex(/^\d{8}$/),
  operator: z.string(),
  stationId: z.string(),
  stationName: z.string(),
  summary: z.string(),
});
export type LegacyAuditEntry = z.infer<typeof LegacyAuditEntry>;

export function chainLegacyEntry(previous: AuditEntry | undefined, legacy: LegacyAuditEntry, secretKey: string): AuditEntry {
  return sealAuditEntry(
    { ...legacy, seq: (previous?.seq ?? 0) + 1, prevHash: previous?.hash ?? GENESIS_HASH },
    secretKey,
  );
}
