import { z } from 'zod';
import { CredentialType, CredentialTypeId, CredentialTypePolicy } from '../domain/credential-types';
import { channel } from './define';

/**
 * Station › Administration › Credential types and policies (issue 17): the server's wire
 * shapes (`/v1/admin/credential-types…`) and the channels between the renderer and main
 * ("admin-credential-types:*", window.station.adminCredentialTypes.*). Main only relays
 * to the server, which checks roles again, audits, and publishes through the feed.
 */

/** A new type: never retired at birth. */
export const CreateCredentialTypeRequest = z.strictObject({
  id: CredentialTypeId,
  name: CredentialType.shape.name,
  policy: CredentialTypePolicy,
});
export type CreateCredentialTypeRequest = z.input<typeof CreateCredentialTypeRequest>;

/** An edit: what is given replaces what was (the whole policy, when given). `retired: true` retires the type. */
export const UpdateCredentialTypeRequest = z.strictObject({
  name: CredentialType.shape.name.optional(),
  policy: CredentialTypePolicy.optional(),
  retired: z.boolean().optional(),
});
export type UpdateCredentialTypeRequest = z.input<typeof UpdateCredentialTypeRequest>;

/** How many records of a type the server holds. */
export const CredentialTypeUsage = z.strictObject({
  applicants: z.number().int().min(0),
  /** Credentials by status (ISSUED, PENDING, ACTIVE, …). */
  credentials: z.record(z.string(), z.number().int().min(0)),
});
export type CredentialTypeUsage = z.infer<typeof CredentialTypeUsage>;

export const CredentialTypeListResponse = z.strictObject({
  credentialTypes: z.array(z.strictObject({ type: CredentialType, usage: CredentialTypeUsage })),
});
export type CredentialTypeListResponse = z.infer<typeof CredentialTypeListResponse>;

/** What an edit means (preview) or meant (saved): one sentence per change, from the server's real counts. */
export const CredentialTypeImpact = z.strictObject({
  credentialType: CredentialType,
  changed: z.boolean(),
  statements: z.array(z.string()),
  usage: CredentialTypeUsage,
});
export type CredentialTypeImpact = z.infer<typeof CredentialTypeImpact>;

export const CredentialTypeResponse = z.strictObject({ credentialType: CredentialType });

const ById = z.strictObject({ id: CredentialTypeId, change: UpdateCredentialTypeRequest });

export const adminCredentialTypesChannels = {
  'admin-credential-types:list': channel(z.undefined(), CredentialTypeListResponse),
  'admin-credential-types:create': channel(CreateCredentialTypeRequest, CredentialTypeResponse),
  /** What the edit would mean for what is already issued, before saving. */
  'admin-credential-types:preview': channel(ById, CredentialTypeImpact),
  'admin-credential-types:update': channel(ById, CredentialTypeImpact),
};

export const adminCredentialTypesEvents = {};
