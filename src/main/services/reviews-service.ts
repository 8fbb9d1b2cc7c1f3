import { StationError } from '../../shared/contract/errors';
import type { ResolveReviewInput, ReviewItem } from '../../shared/contract/sync';
import type { Review } from '../../shared/contract/server-protocol';
import { displayName, type Applicant } from '../../shared/domain/applicant';
import type { Actor, AuditTrail } from '../audit/audit-trail';
import type { StationEvents } from '../events';
import type { Change } from '../store/changes';
import type { StoreDocument } from '../store/document';
import type { StationStore } from '../store/station-store';
import { enqueue } from '../sync/outbox';

export interface ReviewsServiceDeps {
  store: StationStore;
  station: { id: string; name: string };
  actor: () => Actor;
  audit: AuditTrail;
  now: () => Date;
  events: StationEvents;
}

const MATCH_WORDS = { email: 'email address', userPrincipalName: 'UPN', externalLinkingKey: 'linking key' } as const;

/**
 * "Needs review": possible duplicates the server found when offline enrollments met.
 * A clerk merges the two records or keeps both; the decision is saved here first and
 * sent to the server like any change (the first decision to reach the server wins).
 */
export function createReviewsService(deps: ReviewsServiceDeps) {
  const item = (doc: Readonly<StoreDocument>, review: Review): ReviewItem => ({
    review,
    applicants: review.employeeNumbers.map((n) => doc.applicants.find((a) => a.employeeNumber === n)).filter((a): a is Applicant => a !== undefined),
  });

  return {
    async list(): Promise<ReviewItem[]> {
      const doc = deps.store.data;
      const open = doc.reviews.filter((r) => r.status === 'open').sort((a, b) => a.openedAt.localeCompare(b.openedAt));
      const resolved = doc.reviews.filter((r) => r.status !== 'open').sort((a, b) => (b.resolvedAt ?? '').localeCompare(a.resolvedAt ?? ''));
      return [...open, ...resolved].map((r) => item(doc, r));
    },

    async resolve(input: ResolveReviewInput): Promise<ReviewItem> {
      const actor = deps.actor();
      const operator = actor.name;
      const at = deps.now().toISOString();
      let result: Review | undefined;
      await deps.store.commit((doc) => {
        const review = doc.reviews.find((r) => r.id === input.reviewId);
        if (!review) throw new StationError('REVIEW_NOT_FOUND', 'This review is no longer on this station. Open Needs review again to see the current list.');
        if (review.status !== 'open') {
          result = review; // decided already (here or at another station): show that decision
          return [];
        }
        if (input.resolution === 'merge' && !review.employeeNumbers.includes(input.survivor ?? '')) {
          throw new StationError('VALIDATION_FAILED', 'Choose one of the two records to keep.', { fieldErrors: { survivor: ['Choose one of the two records to keep'] } });
        }
        const resolved: Review =
          input.resolution === 'merge'
            ? { ...review, status: 'merged', survivor: input.survivor!, resolvedBy: operator, resolvedAt: at }
            : { ...review, status: 'kept-both', resolvedBy: operator, resolvedAt: at };
        result = resolved;
        const [first, second] = review.employeeNumbers.map((n) => doc.applicants.find((a) => a.employeeNumber === n));
        const names = [first, second].map((a, i) => (a ? `${displayName(a)} (${review.employeeNumbers[i]})` : review.employeeNumbers[i])).join(' and ');
        const words = review.matchedOn.map((m) => MATCH_WORDS[m]).join(', ');
        const changes: Change[] = [{ kind: 'review.upserted', review: resolved }];
        if (resolved.status === 'merged') {
          const merged = [first, second].find((a) => a && a.employeeNumber !== resolved.survivor);
          if (merged) changes.push({ kind: 'applicant.upserted', applicant: { ...merged, mergedInto: resolved.survivor! } });
        }
        const summary =
              resolved.status === 'merged'
                ? `Possible duplicate (same ${words}) reviewed: ${names} merged, keeping ${resolved.survivor}`
                : `Possible duplicate (same ${words}) reviewed: ${names} kept as different people`;
        changes.push(...deps.audit.changes(doc, review.employeeNumbers.map((employeeNumber) => ({ action: 'review.resolved' as const, employeeNumber, recordId: review.id, summary })), at, actor));
        changes.push(
          ...enqueue(doc, { kind: 'review.resolve', reviewId: review.id, resolution: input.resolution, ...(input.survivor ? { survivor: input.survivor } : {}), resolvedBy: operator, resolvedAt: at }, at, actor.fingerprint),
        );
        return changes;
      });
      for (const employeeNumber of result!.employeeNumbers) deps.events.emit('applicants:changed', { employeeNumber });
      return item(deps.store.data, result!);
    },
  };
}
