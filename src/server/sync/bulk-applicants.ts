import type { Applicant } from '../../shared/domain/applicant';
import { identityKeys } from '../../shared/domain/duplicates';
import type { Queryable } from '../db/database';
import { applicantApplied, MAX_MATCHES, reviewsFor, type Applied } from './apply-mutation';

/**
 * A run of new applicants from one push, applied with five statements instead of four
 * round trips each (issue 18: a station's 200-mutation batch is mostly these). The answers
 * are the ones applying them one at a time gives: applicant k is compared with what was
 * there before the push and with applicants 1…k-1 of the run, never with later ones.
 *
 * Only the plain case is done here. When an Employee Number is already held (a retry
 * under a new id, or an overlap), everything is undone and `undefined` tells the caller
 * to apply the run one at a time, where those cases have their own answers.
 */
export async function createApplicantsInBulk(tx: Queryable, stationId: string, applicants: readonly Applicant[]): Promise<Applied[] | undefined> {
  const rows = JSON.stringify(
    applicants.map((applicant, i) => {
      const keys = identityKeys(applicant);
      return { ord: i, employee_number: applicant.employeeNumber, linking_key: keys.externalLinkingKey ?? null, email_key: keys.email ?? null, upn_key: keys.userPrincipalName ?? null, data: applicant };
    }),
  );
  const batch = 'jsonb_to_recordset($1::jsonb) AS b(ord int, employee_number text, linking_key text, email_key text, upn_key text, data jsonb)';
  await tx.query('SAVEPOINT bulk_applicants');
  const inserted = await tx.query(
    `INSERT INTO applicants (employee_number, linking_key, email_key, upn_key, data, pushed_by, received_at)
     SELECT b.employee_number, b.linking_key, b.email_key, b.upn_key, b.data, $2, now() FROM ${batch} ORDER BY b.ord
     ON CONFLICT (employee_number) DO NOTHING
     RETURNING employee_number`,
    [rows, stationId],
  );
  if (inserted.length < applicants.length) {
    await tx.query('ROLLBACK TO SAVEPOINT bulk_applicants');
    await tx.query('RELEASE SAVEPOINT bulk_applicants');
    return undefined;
  }
  await tx.query('RELEASE SAVEPOINT bulk_applicants');

  // Per new applicant, the records sharing a key, as createApplicant finds them; run
  // members later in the run are left out (one at a time, they were not there yet).
  const matches = await tx.query<{ ord: number; data: Applicant }>(
    `WITH run AS (SELECT b.ord, b.employee_number, b.linking_key, b.email_key, b.upn_key FROM ${batch})
     SELECT run.ord, m.data FROM run
     CROSS JOIN LATERAL (
       SELECT a.data FROM applicants a LEFT JOIN run o ON o.employee_number = a.employee_number
        WHERE a.employee_number <> run.employee_number AND a.merged_into IS NULL
          AND (a.linking_key = run.linking_key OR a.email_key = run.email_key OR a.upn_key = run.upn_key)
          AND (o.ord IS NULL OR o.ord < run.ord)
        ORDER BY a.received_at, a.employee_number
        LIMIT ${MAX_MATCHES}
     ) AS m
     ORDER BY run.ord`,
    [rows],
  );
  const matchesOf = new Map<number, Applicant[]>();
  for (const row of matches) matchesOf.set(row.ord, [...(matchesOf.get(row.ord) ?? []), row.data]);

  const applied = applicants.map((applicant, i) => applicantApplied(applicant, reviewsFor(applicant, matchesOf.get(i) ?? [])));
  const reviews = applied.flatMap((a) => a.result.reviewsOpened);
  if (reviews.length > 0) {
    await tx.query(
      `INSERT INTO reviews (id, status, data, opened_at)
       SELECT r.id, r.status, r.data, r.opened_at FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, status text, data jsonb, opened_at timestamptz)`,
      [JSON.stringify(reviews.map((review) => ({ id: review.id, status: review.status, data: review, opened_at: review.openedAt })))],
    );
  }
  return applied;
}
