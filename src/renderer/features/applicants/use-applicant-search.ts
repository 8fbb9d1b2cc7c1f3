import type { SearchResult } from '../../../shared/contract';
import type { ClerkError } from '../../errors/clerk-messages';
import { useSettled } from '../../lib/use-settled';
import { useStationQuery } from '../../lib/use-station-query';

/** Pause after the last keystroke before asking the station: results follow the typing. */
export const SEARCH_DEBOUNCE_MS = 200;
export const SEARCH_LIMIT = 50;

export interface SearchState {
  /** The latest answer (possibly for an earlier text while a newer search runs). */
  result?: SearchResult;
  /** The text `result` answers. */
  answeredText?: string;
  error?: ClerkError;
  /** True while the shown results do not yet answer what is typed. */
  searching: boolean;
  retry: () => void;
}

/**
 * Searches as the clerk types (debounced; the first search, the recent applicants, at
 * once), and searches again whenever an applicant is added or changed, so the list is
 * always current.
 */
export function useApplicantSearch(text: string, limit = SEARCH_LIMIT): SearchState {
  const settled = useSettled(text, SEARCH_DEBOUNCE_MS);
  const query = useStationQuery((station) => station.applicants.search({ text: settled, limit }).then((result) => ({ text: settled, result })), [settled, limit], {
    keepPrevious: true,
    reloadOn: { event: 'applicants:changed' },
  });
  return {
    result: query.data?.result,
    answeredText: query.data?.text ?? (query.error ? settled : undefined),
    error: query.error,
    searching: query.loading || settled !== text,
    retry: query.reload,
  };
}
