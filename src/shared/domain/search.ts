import { displayName, type Applicant } from './applicant';
import { foldForSearch } from './text';

/** The folded text a query is matched against: every name part, the number and the email. */
export function searchHaystack(a: Applicant): string {
  return foldForSearch([displayName(a), a.employeeNumber, a.email ?? ''].join(' '));
}

/** The words of a query, folded; the longest first, since it rules out most people soonest. */
export function queryWords(text: string): string[] {
  return foldForSearch(text)
    .split(' ')
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);
}

export function matchesAll(haystack: string, words: readonly string[]): boolean {
  for (const word of words) if (!haystack.includes(word)) return false;
  return true;
}

/**
 * Applicants whose name (any part, accent- and case-insensitive), Employee Number or
 * email contains every word of the query. An empty query lists the newest first.
 */
export function searchApplicants(
  applicants: readonly Applicant[],
  text: string,
  limit: number,
  haystackOf: (a: Applicant, position: number) => string = searchHaystack,
): { applicants: Applicant[]; total: number } {
  const words = queryWords(text);
  const matches: Applicant[] = [];
  let total = 0;
  // Newest first: the person a clerk just enrolled is the one they usually want.
  for (let i = applicants.length - 1; i >= 0; i--) {
    const applicant = applicants[i]!;
    const haystack = haystackOf(applicant, i);
    if (matchesAll(haystack, words)) {
      total += 1;
      if (matches.length < limit) matches.push(applicant);
    }
  }
  return { applicants: matches, total };
}
