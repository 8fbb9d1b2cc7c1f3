import { z } from 'zod';
import { PHONE_PROFILE_NAMES } from './phone-profiles';

/** Media types of docs/hid-origo-wire.md. */
export const MEDIA = {
  credentialManagement: 'application/vnd.assaabloy.ma.credential-management-2.2+json',
  form: 'application/x-www-form-urlencoded',
  json: 'application/json',
  cloudEventsBatch: 'application/cloudevents-batch+json',
} as const;

export const SCHEMA = {
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  searchRequest: 'urn:ietf:params:scim:api:messages:2.0:SearchRequest',
  listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  invitation: 'urn:hid:scim:api:ma:2.2:UserInvitation',
  container: 'urn:hid:scim:api:ma:2.2:CredentialContainer',
  credential: 'urn:hid:scim:api:ma:2.2:Credential',
  userAction: 'urn:hid:scim:api:ma:2.2:UserAction',
  partNumber: 'urn:hid:scim:api:ma:2.2:PartNumber',
} as const;

export type ScimType = 'invalidSyntax' | 'invalidValue' | 'invalidFilter' | 'uniqueness' | 'mutability';

/** A refusal, answered in the SCIM error shape (`status` is a string). */
export class SimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
  }
}

export function scimErrorBody(status: number, detail: string, scimType?: ScimType): Record<string, unknown> {
  return { schemas: [SCHEMA.error], status: String(status), ...(scimType ? { scimType } : {}), detail };
}

/** What a zod failure says, in a line. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/** Parses with a schema, or refuses with 400 invalidSyntax naming what is wrong. */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new SimError(400, `The ${what} is not valid: ${describeIssues(result.error)}.`, 'invalidSyntax');
  return result.data;
}

const schemasContaining = (urn: string) =>
  z.array(z.string()).refine((list) => list.includes(urn), { message: `schemas must contain ${urn}` });

const text = (max: number) => z.string().trim().min(1).max(max);

export const CreateUserBody = z.object({
  schemas: schemasContaining(SCHEMA.user),
  externalId: text(256),
  name: z.object({ givenName: text(256), familyName: text(256) }),
  emails: z.array(z.object({ value: z.string().trim().email().max(254), primary: z.boolean().optional() })).max(10).optional(),
});
export type CreateUserBody = z.infer<typeof CreateUserBody>;

export const SearchBody = z.object({
  schemas: schemasContaining(SCHEMA.searchRequest),
  filter: z.string().max(1024),
  startIndex: z.number().int().min(1).optional(),
  count: z.number().int().min(0).max(1000).optional(),
});

export type UserFilter = { attribute: 'externalId' | 'emails'; value: string };

/** `externalId eq "…"` or `emails eq "…"` (`emails.value eq` too; the only filters Origo's users search takes here); else 400 invalidFilter. */
export function parseUserFilter(filter: string): UserFilter {
  const match = /^\s*(externalId|emails(?:\.value)?)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
  if (!match) {
    throw new SimError(400, `The filter ${JSON.stringify(filter)} is not supported: use externalId eq "…" or emails eq "…".`, 'invalidFilter');
  }
  return { attribute: match[1] === 'externalId' ? 'externalId' : 'emails', value: match[2]!.replace(/\\(.)/g, '$1') };
}

const yesNo = z.enum(['Y', 'N']);

export const InvitationBody = z.object({
  schemas: schemasContaining(SCHEMA.userAction),
  [SCHEMA.userAction]: z.object({
    createInvitationCode: yesNo,
    sendInvitationEmail: yesNo,
    assignCredential: yesNo,
    partNumber: z.string().max(128).optional(),
    credential: z.string().max(128).optional(),
  }),
  meta: z.object({ resourceType: z.string() }).optional(),
});
export type InvitationBody = z.infer<typeof InvitationBody>;

export const EVENT_TYPES = ['INVITATION_ACKNOWLEDGED', 'CREDENTIAL_ACTIVATED', 'CREDENTIAL_SUSPENDED', 'CREDENTIAL_RESUMED', 'CREDENTIAL_REVOKED'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const FilterBody = z.object({ filterSet: z.array(z.enum(EVENT_TYPES)).max(EVENT_TYPES.length) });

export const CallbackBody = z.object({
  url: z
    .string()
    .max(2048)
    .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), { message: 'an http(s) URL' }),
  filterId: text(128),
  httpHeader: z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$/, 'an HTTP header name'),
  secret: z.string().min(1).max(1024).regex(/^[\x20-\x7e]+$/, 'printable ASCII'),
});

export const RedeemBody = z.object({
  invitationCode: z.string().max(64),
  profile: z.enum(PHONE_PROFILE_NAMES).optional(),
});

export const EventsQuery = z.object({
  dateFrom: z.iso.datetime({ offset: true }).optional(),
  dateTo: z.iso.datetime({ offset: true }).optional(),
});

/** A numeric id from the URL, or 404 (Origo's ids are numbers). */
export function idParam(value: string | undefined, what: string): number {
  if (!value || !/^[0-9]{1,15}$/.test(value)) throw new SimError(404, `No ${what} ${value ?? ''}.`);
  return Number(value);
}
