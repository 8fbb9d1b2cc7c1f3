import { randomUUID } from 'node:crypto';
import { GENESIS_HASH, sealAuditEntry, type AuditAction, type AuditEntry } from '../../shared/domain/audit-chain';
import type { Change } from '../store/changes';
import type { StoreDocument } from '../store/document';
import { nodeEd25519 } from '../../node/crypto';

/** Who is acting: the signed-in operator, or the local account before sign-in was configured. */
export interface Actor {
  name: string;
  /** The operator certificate's SHA-256; absent in setup mode. */
  fingerprint?: string;
}

export interface AuditItem {
  action: AuditAction;
  employeeNumber?: string;
  recordId?: string;
  summary: string;
}

export interface AuditTrail {
  /**
   * The `audit.appended` changes for `items`, linked after the document's last entry and
   * signed with the station's audit key: to be committed in the same record as the
   * change they describe, so the trail and the data cannot disagree.
   */
  changes(doc: Readonly<StoreDocument>, items: readonly AuditItem[], at: string, actor?: Actor): Change[];
}

export function createAuditTrail(deps: { station: { id: string; name: string }; actor: () => Actor }): AuditTrail {
  return {
    changes(doc, items, at, actor = deps.actor()) {
      let previous: AuditEntry | undefined = doc.audit.head;
      return items.map((item) => {
        const entry = sealAuditEntry(
          {
            id: randomUUID(),
            seq: (previous?.seq ?? 0) + 1,
            at,
            action: item.action,
            ...(item.employeeNumber ? { employeeNumber: item.employeeNumber } : {}),
            ...(item.recordId ? { recordId: item.recordId } : {}),
            operator: actor.name,
            ...(actor.fingerprint ? { operatorFingerprint: actor.fingerprint } : {}),
            stationId: deps.station.id,
            stationName: deps.station.name,
            summary: item.summary,
            prevHash: previous?.hash ?? GENESIS_HASH,
          },
          doc.auditKey.secretKey,
          nodeEd25519,
        );
        previous = entry;
        return { kind: 'audit.appended', entry } satisfies Change;
      });
    },
  };
}
