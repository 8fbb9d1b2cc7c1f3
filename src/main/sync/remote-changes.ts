import type { FeedEntry, MutationResult } from '../../shared/contract/server-protocol';
import { applicantTextIssues, describeTextIssues, deviceTextIssues } from '../../shared/domain/text-rules';
import type { AuditItem } from '../audit/audit-trail';
import type { Change } from '../store/changes';
import type { UnreadableFeedEntry } from './server-client';

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

/**
 * Feed entries that break the station's text rules — records the server accepted before
 * it kept the same rules (issue 13). They are applied as received (the record is shown
 * as it is on the server) and flagged for review: an audit entry in the person's History
 * says which field and why. Entries the station could not read at all are recorded too.
 */
export function feedFindings(entries: readonly FeedEntry[], unreadable: readonly UnreadableFeedEntry[] = []): AuditItem[] {
  const items: AuditItem[] = [];
  for (const { serverSeq, change } of entries) {
    if (change.kind === 'applicant.upserted') {
      const issues = applicantTextIssues(change.applicant);
      if (issues.length > 0) {
        items.push({
          action: 'applicant.changed',
          employeeNumber: change.applicant.employeeNumber,
          summary: `Needs review: received from the central server (feed entry ${serverSeq}) with text this station's rules refuse — ${describeTextIssues(issues)}. Shown as received; correct the record.`,
        });
      }
    } else if (change.kind === 'device.upserted') {
      const issues = deviceTextIssues(change.device);
      if (issues.length > 0) {
        items.push({
          action: 'applicant.changed',
          employeeNumber: change.device.employeeNumber,
          recordId: change.device.id.slice(0, 200),
          summary: `Needs review: a card received from the central server (feed entry ${serverSeq}) with text this station's rules refuse — ${describeTextIssues(issues)}. Shown as received; check the card's record.`,
        });
      }
    }
  }
  for (const entry of unreadable) {
    items.push({
      action: 'applicant.changed',
      summary: `Needs review: feed entry ${entry.serverSeq ?? '(no position)'}${entry.kind ? ` (${entry.kind})` : ''} from the central server could not be read (${entry.problem}) and was passed over. Ask the server's administrator to check it.`,
    });
  }
  // Audit summaries are at most 2,000 characters.
  return items.map((item) => ({ ...item, summary: item.summary.slice(0, 2000) }));
}
