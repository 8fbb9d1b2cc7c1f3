import type { FastifyRequest } from 'fastify';
import type { Mutation } from '../shared/contract/server-protocol';
import {
  applicantTextIssues,
  describeTextIssues,
  deviceTextIssues,
  TEXT_LIMITS,
  textIssues,
  type TextIssue,
  type TextRule,
} from '../shared/domain/text-rules';
import { ApiError } from './errors';

/**
 * The shared text rules (src/shared/domain/text-rules.ts) on every string a request
 * carries — body, query string and URL parameters — before the route's schema runs:
 * nothing the database cannot hold (U+0000, lone surrogates) ever reaches it, and
 * nothing invisible (bidi overrides, zero-width, control characters) is stored and sent
 * to every station. Lengths are the schemas' (the same limits the station uses).
 *
 * Exceptions, per route: PEM certificates keep their line breaks; audit entries are
 * signed records a station already wrote, so only what cannot be stored is refused there;
 * pushed mutations are checked entry by entry (`mutationTextIssues`), so one bad entry is
 * answered as `refused` and does not block the station's queue.
 */
type Where = 'body' | 'querystring' | 'params';

interface RouteTextRules {
  /** Paths (dotted, from the part's root) left to a later, per-entry check. */
  skip?: RegExp;
  /** The body without the parts `skip` names, so they are not even walked (optional). */
  prune?: (body: unknown) => unknown;
  rule?: (path: string) => Omit<TextRule, 'label'> | undefined;
}

const PEM = (path: string) => (path === 'certificatePem' ? { multiline: true } : undefined);

const ROUTES: Record<string, RouteTextRules> = {
  '/v1/sync/push': { skip: /^mutations\.\d+\.mutation(\.|$)/, prune: withoutMutations },
  '/v1/audit/entries': { rule: (path) => (/^entries\./.test(path) ? { storableOnly: true } : undefined) },
  '/v1/admin/operators/cas': { rule: PEM },
  '/v1/admin/operators': { rule: PEM },
};

const PART_WORDS: Record<Where, string> = { body: 'request body', querystring: 'query string', params: 'URL' };

export async function textGuard(request: FastifyRequest): Promise<void> {
  const route = ROUTES[request.routeOptions.url ?? ''] ?? {};
  for (const where of ['params', 'querystring', 'body'] as const) {
    const value = where === 'body' ? (route.prune ?? ((body) => body))(request.body) : where === 'querystring' ? request.query : request.params;
    if (value === undefined || value === null) continue;
    const issues = textIssues(value, route.rule).filter((issue) => !route.skip?.test(issue.path));
    if (issues.length === 0) continue;
    throw refusal(where, issues);
  }
}

/** A push body without its mutations: each is checked when it is applied (push.ts), not twice. */
function withoutMutations(body: unknown): unknown {
  const mutations = (body as { mutations?: unknown } | null)?.mutations;
  if (!Array.isArray(mutations)) return body;
  const entries = mutations.map((entry: unknown) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return entry;
    const { mutation: _checkedLater, ...rest } = entry as Record<string, unknown>;
    return rest;
  });
  return { ...(body as object), mutations: entries };
}

function refusal(where: Where, issues: TextIssue[]): ApiError {
  return new ApiError(
    400,
    'BAD_REQUEST',
    `The ${PART_WORDS[where]} is not valid (${describeTextIssues(issues, 5)}). Fix it and send again; docs/api.md describes every field.`,
    { in: where, issues: issues.map((i) => ({ path: i.path || '(root)', message: i.message })) },
  );
}

/**
 * A pushed mutation against the rules the station applies when it makes one: an
 * applicant as Add Applicant checks it, a device's serial number, reader and names, and
 * every other string of the entry (reasons, who decided). Empty when it may be applied.
 */
export function mutationTextIssues(mutation: Mutation, prefix = 'mutation'): TextIssue[] {
  switch (mutation.kind) {
    case 'applicant.create':
      return applicantTextIssues(mutation.applicant, `${prefix}.applicant`);
    case 'device.enroll':
      return deviceTextIssues(mutation.device, `${prefix}.device`);
    case 'review.resolve':
      return textIssues(mutation, (path) => (path === 'resolvedBy' ? { max: TEXT_LIMITS.actor } : undefined), prefix);
    case 'credential.decide':
      return textIssues(
        mutation,
        (path) =>
          path === 'reason' ? { max: TEXT_LIMITS.reason } : path === 'decidedBy' ? { max: TEXT_LIMITS.actor } : path === 'deviceId' || path === 'credentialId' ? { max: TEXT_LIMITS.id } : undefined,
        prefix,
      );
  }
}

/** The refusal message for a pushed entry whose text breaks the rules: which field, and why. */
export function mutationTextRefusal(issues: readonly TextIssue[]): string {
  return `This change was not applied: ${describeTextIssues(issues)}. The server keeps the same text rules as the station; correct the record at the station and enter it again.`;
}
