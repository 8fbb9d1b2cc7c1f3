import type { ReviewItem } from '../../../shared/contract';
import type { ReviewReason } from '../../../shared/contract/server-protocol';
import { displayName, type Applicant, type ApplicantField } from '../../../shared/domain/applicant';

/** The words for why two records may be the same person, and the field each names. */
export const MATCH: Readonly<Record<ReviewReason, { words: string; field: ApplicantField }>> = {
  email: { words: 'Same email address', field: 'email' },
  externalLinkingKey: { words: 'Same linking key', field: 'externalLinkingKey' },
  userPrincipalName: { words: 'Same user principal name', field: 'userPrincipalName' },
};

/** The two records in the review's order (first to reach the server first); either may be missing here. */
export function sides(item: ReviewItem): [number: string, applicant: Applicant | undefined][] {
  return item.review.employeeNumbers.map((n) => [n, item.applicants.find((a) => a.employeeNumber === n)] as [string, Applicant | undefined]);
}

/** "Ada Lovelace (10000001)", or just the number when this station does not hold the record. */
export function who(item: ReviewItem, employeeNumber: string): string {
  const applicant = item.applicants.find((a) => a.employeeNumber === employeeNumber);
  return applicant ? `${displayName(applicant)} (${employeeNumber})` : employeeNumber;
}

export type Decision = { resolution: 'merge'; survivor: string } | { resolution: 'keep-both' };

/** What a decision will do, said before the clerk confirms it. */
export function consequence(item: ReviewItem, decision: Decision): string {
  const [a, b] = item.review.employeeNumbers;
  if (decision.resolution === 'keep-both') {
    return `Both records stay as they are: ${who(item, a)} and ${who(item, b)} are different people. The review is closed and every station is told.`;
  }
  const other = decision.survivor === a ? b : a;
  return `${who(item, decision.survivor)} stays. The record ${other} is kept, marked as merged into ${decision.survivor}, and points to it; nothing is deleted. Every station is told.`;
}

/** A closed review's outcome: "Merged into 10000001", "Kept both". */
export function outcome(item: ReviewItem): string {
  const { review } = item;
  if (review.status === 'merged' && review.survivor) {
    const other = review.employeeNumbers.find((n) => n !== review.survivor) ?? '';
    return `${other} merged into ${who(item, review.survivor)}`;
  }
  return `Kept both: ${who(item, review.employeeNumbers[0])} and ${who(item, review.employeeNumbers[1])} are different people`;
}
