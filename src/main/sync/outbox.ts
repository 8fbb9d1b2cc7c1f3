import { randomUUID } from 'node:crypto';
import type { Mutation } from '../../shared/contract/server-protocol';
import type { Change } from '../store/changes';
import type { StoreDocument } from '../store/document';

/**
 * The outbox entry for a local change, to be saved in the SAME commit as the change
 * (so a change is never saved without its way to the server, nor sent without being
 * saved). A station that is not registered with a server keeps no outbox. `operator`:
 * the signed-in operator's certificate fingerprint, which the server checks.
 */
export function enqueue(doc: Readonly<StoreDocument>, mutation: Mutation, at: string, operator?: string): Change[] {
  if (!doc.sync.server) return [];
  return [{ kind: 'outbox.enqueued', entry: { mutationId: randomUUID(), seq: doc.sync.lastSeq + 1, createdAt: at, ...(operator ? { operator } : {}), mutation } }];
}
