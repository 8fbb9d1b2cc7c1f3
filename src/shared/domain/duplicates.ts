import type { Applicant, ApplicantInput } from './applicant';

export type DuplicateKey = 'externalLinkingKey' | 'email' | 'userPrincipalName';

export interface Duplicate {
  employeeNumber: string;
  matchedOn: DuplicateKey[];
}

/**
 * The identifiers that make two applicants the same person. The linking key is an
 * opaque external id (compared exactly); email addresses and UPNs are compared
 * case-insensitively, as mail and directory systems do.
 */
export function identityKeys(a: Pick<ApplicantInput, DuplicateKey>): Partial<Record<DuplicateKey, string>> {
  const keys: Partial<Record<DuplicateKey, string>> = {};
  if (a.externalLinkingKey) keys.externalLinkingKey = a.externalLinkingKey;
  if (a.email) keys.email = a.email.toLowerCase();
  if (a.userPrincipalName) keys.userPrincipalName = a.userPrincipalName.toLowerCase();
  return keys;
}

/** The first existing applicant sharing any identifier with the input, and on which. */
export function findDuplicate(existing: Iterable<Applicant>, input: ApplicantInput): Duplicate | undefined {
  const wanted = identityKeys(input);
  const fields = Object.keys(wanted) as DuplicateKey[];
  if (fields.length === 0) return undefined;
  for (const applicant of existing) {
    const have = identityKeys(applicant);
    const matchedOn = fields.filter((f) => have[f] !== undefined && have[f] === wanted[f]);
    if (matchedOn.length > 0) return { employeeNumber: applicant.employeeNumber, matchedOn };
  }
  return undefined;
}
