import type { FeedEntry, MutationResult } from '../../shared/contract/sync-protocol';
import type { Change } from '../store/changes';

/**
 * What the server's answers change on the station: pure functions from protocol
 * messages to store changes, so push and pull are applied like any local commit
 * (durable, all or nothing, indexes kept current).
 */

/** The canonical records from a push, and the outbox entries it acknowledges. */
export function changesFromPush(results: readonly MutationResult[]): Change[] {
  const changes: Change[] = [];
  let throughSeq = 0;
  for (const result of results) {
    if (result.applicant) changes.push({ kind: 'applicant.upserted', applicant: result.applicant });
    if (result.device) changes.push({ kind: 'device.upserted', device: result.device });
    if (result.review) changes.push({ kind: 'review.upserted', review: result.review });
    for (const review of result.reviewsOpened) changes.push({ kind: 'review.upserted', review });
    throughSeq = Math.max(throughSeq, result.seq);
  }
  if (throughSeq > 0) changes.push({ kind: 'outbox.acknowledged', throughSeq });
  return changes;
}

/** The server's change feed, applied in order. */
export function changesFromFeed(entries: readonly FeedEntry[]): Change[] {
  return entries.map(({ change }): Change => {
    switch (change.kind) {
      case 'applicant.upserted':
        return { kind: 'applicant.upserted', applicant: change.applicant };
      case 'device.upserted':
        return { kind: 'device.upserted', device: change.device };
      case 'review.upserted':
        return { kind: 'review.upserted', review: change.review };
      case 'credential-types.set':
        return { kind: 'credential-types.set', credentialTypes: change.credentialTypes };
      case 'mobile-credential.upserted':
        return { kind: 'mobile-credential.upserted', credential: change.credential };
      case 'operator-registry.set':
        return { kind: 'operator-registry.set', registry: change.registry };
    }
  });
}
