import { useCallback, useEffect, useState } from 'react';
import type { ReviewItem } from '../../../shared/contract';
import type { ClerkError } from '../../errors/clerk-messages';
import { describeCallFailure } from '../../stores/station-info-store';

export type ReviewsState =
  | { status: 'loading' }
  | { status: 'ready'; items: readonly ReviewItem[] }
  | { status: 'failed'; error: ClerkError };

/**
 * The reviews this station knows, kept current: they reload on `reviews:changed`
 * (another clerk decided, a sync found a new one), without a manual refresh.
 */
export function useReviews(): ReviewsState & { reload: () => void; replace: (item: ReviewItem) => void } {
  const [state, setState] = useState<ReviewsState>({ status: 'loading' });
  const [version, setVersion] = useState(0);

  useEffect(() => window.station.on('reviews:changed', () => setVersion((v) => v + 1)), []);

  useEffect(() => {
    let current = true;
    // The list on screen stays while it reloads: no flicker each time another station decides.
    window.station.reviews.list().then(
      (items) => current && setState({ status: 'ready', items }),
      (reason: unknown) => current && setState({ status: 'failed', error: describeCallFailure(reason) }),
    );
    return () => {
      current = false;
    };
  }, [version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  /** A decided review moves at once to Resolved, before the reload confirms it. */
  const replace = useCallback(
    (item: ReviewItem) =>
      setState((s) => (s.status === 'ready' ? { status: 'ready', items: s.items.map((i) => (i.review.id === item.review.id ? item : i)) } : s)),
    [],
  );
  return { ...state, reload, replace };
}
