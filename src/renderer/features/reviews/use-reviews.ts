import type { ReviewItem } from '../../../shared/contract';
import type { ClerkError } from '../../errors/clerk-messages';
import { useStationQuery } from '../../lib/use-station-query';

export type ReviewsState =
  | { status: 'loading' }
  | { status: 'ready'; items: readonly ReviewItem[] }
  | { status: 'failed'; error: ClerkError };

/**
 * The reviews this station knows, kept current: they reload on `reviews:changed`
 * (another clerk decided, a sync found a new one), without a manual refresh.
 */
export function useReviews(): ReviewsState & { reload: () => void; replace: (item: ReviewItem) => void } {
  // The list on screen stays while it reloads: no flicker each time another station decides.
  const query = useStationQuery((station) => station.reviews.list(), [], { reloadOn: { event: 'reviews:changed' } });
  const { reload, update } = query;
  /** A decided review moves at once to Resolved, before the reload confirms it. */
  const replace = (item: ReviewItem) => update((items) => items.map((i) => (i.review.id === item.review.id ? item : i)));
  if (query.error) return { status: 'failed', error: query.error, reload, replace };
  if (query.data) return { status: 'ready', items: query.data, reload, replace };
  return { status: 'loading', reload, replace };
}
