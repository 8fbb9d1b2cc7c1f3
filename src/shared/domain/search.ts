import { displayName, type Applicant } from './applicant';
import { foldForSearch } from './text';

/** The folded text a query is matched against: every name part, the number and the email. */
export function searchHaystack(a: Applicant): string {
  return foldForSearch([displayName(a), a.employeeNumber, a.email ?? ''].join(' '));
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
  const words = foldForSearch(text).split(' ').filter(Boolean);
  const matches: Applicant[] = [];
  let total = 0;
  // Newest first: the person a clerk just enrolled is the one they usually want.
  for (let i = applicants.length - 1; i >= 0; i--) {
    const applicant = applicants[i]!;
    const haystack = haystackOf(applicant, i);
    if (words.every((w) => haystack.includes(w))) {
      total += 1;
      if (matches.length < limit) matches.push(applicant);
    }
  }
  return { applicants: matches, total };
}
