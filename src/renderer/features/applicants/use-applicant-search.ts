import { useEffect, useRef, useState } from 'react';
import type { SearchResult } from '../../../shared/contract';
import type { ClerkError } from '../../errors/clerk-messages';
import { describeCallFailure } from '../../stores/station-info-store';

/** Pause after the last keystroke before asking the station: results follow the typing. */
export const SEARCH_DEBOUNCE_MS = 200;
export const SEARCH_LIMIT = 50;

interface Answer {
  text: string;
  result?: SearchResult;
  error?: ClerkError;
}

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
 * Searches as the clerk types (debounced), and searches again whenever an applicant
 * is added or changed, so the list is always current.
 */
export function useApplicantSearch(text: string, limit = SEARCH_LIMIT): SearchState {
  const [answer, setAnswer] = useState<Answer>();
  const [version, setVersion] = useState(0);
  // The first search runs at once (the recent applicants); later ones wait for a pause in typing.
  const first = useRef(true);

  useEffect(() => window.station.on('applicants:changed', () => setVersion((v) => v + 1)), []);

  useEffect(() => {
    let current = true;
    const delay = first.current ? 0 : SEARCH_DEBOUNCE_MS;
    first.current = false;
    let fired = false;
    const timer = setTimeout(
      () => {
        fired = true;
        window.station.applicants.search({ text, limit }).then(
          (result) => current && setAnswer({ text, result }),
          (reason: unknown) => current && setAnswer({ text, error: describeCallFailure(reason) }),
        );
      },
      delay,
    );
    return () => {
      current = false;
      clearTimeout(timer);
      if (!fired && delay === 0) first.current = true;
    };
  }, [text, limit, version]);

  return {
    result: answer?.result,
    answeredText: answer?.text,
    error: answer?.error,
    searching: answer === undefined || answer.text !== text,
    retry: () => setVersion((v) => v + 1),
  };
}
