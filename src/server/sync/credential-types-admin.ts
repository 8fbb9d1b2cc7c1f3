import type { CreateCredentialTypeRequest, CredentialTypeImpact, CredentialTypeUsage, UpdateCredentialTypeRequest } from '../../shared/contract/admin-credential-types';
import type { CredentialType } from '../../shared/domain/credential-types';
import type { Database, Queryable } from '../db/database';
import { ApiError } from '../errors';
import { recordServerAudit, type Actor } from '../operators/server-audit';
import { canonicalJson } from './canonical-json';
import { currentCredentialTypes, storeCredentialTypes } from './credential-types';

/**
 * Station › Administration › Credential types (issue 17): create, edit and retire, each in
 * one transaction with its server audit entry and a `credential-types.set` feed entry, so
 * every station's Add Applicant follows. An edit's meaning for what is already issued is
 * stated from real counts, before saving (preview) and in the answer.
 */

const FIELD_NAMES: Record<string, string> = { email: 'email', externalLinkingKey: 'external linking key', userPrincipalName: 'user principal name' };

/** Applicants (not merged away) and credentials (by status) of a type. */
export async function credentialTypeUsage(q: Queryable, id: string): Promise<CredentialTypeUsage> {
  const [applicants] = await q.query<{ n: number | string }>("SELECT count(*) AS n FROM applicants WHERE merged_into IS NULL AND data->>'credentialTypeId' = $1", [id]);
  const credentials = await q.query<{ status: string; n: number | string }>(
    `SELECT c->>'status' AS status, count(*) AS n FROM devices, jsonb_array_elements(data->'credentials') AS c
      WHERE c->>'credentialTypeId' = $1 GROUP BY 1`,
    [id],
  );
  return { applicants: Number(applicants?.n ?? 0), credentials: Object.fromEntries(credentials.map((r) => [r.status, Number(r.n)])) };
}

async function applicantsMissing(q: Queryable, id: string, field: string): Promise<number> {
  const [row] = await q.query<{ n: number | string }>(
    "SELECT count(*) AS n FROM applicants WHERE merged_into IS NULL AND data->>'credentialTypeId' = $1 AND coalesce(data->>$2, '') = ''",
    [id, field],
  );
  return Number(row?.n ?? 0);
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const total = (usage: CredentialTypeUsage): number => Object.values(usage.credentials).reduce((a, b) => a + b, 0);

/** One sentence per change: what it means for applicants and credentials already there. */
export async function describeImpact(q: Queryable, before: CredentialType, after: CredentialType, usage: CredentialTypeUsage): Promise<string[]> {
  const out: string[] = [];
  const issued = usage.credentials.ISSUED ?? 0;
  const pending = usage.credentials.PENDING ?? 0;
  const all = total(usage);
  const [b, a] = [before.policy, after.policy];
  if (before.name !== after.name) out.push(`Name: every station shows "${after.name}" from its next sync, also on the ${plural(usage.applicants, 'applicant')} and ${plural(all, 'credential')} of this type.`);
  if (!b.supervisorApprovalRequired && a.supervisorApprovalRequired) {
    out.push(`Supervisor approval: applies to devices enrolled from now on; the ${plural(issued, 'credential')} already issued stay ISSUED.`);
  }
  if (b.supervisorApprovalRequired && !a.supervisorApprovalRequired) {
    out.push(`Supervisor approval no longer needed: new credentials are ISSUED at once; the ${plural(pending, 'credential')} waiting for approval stay PENDING until a supervisor decides.`);
  }
  for (const field of a.requiredFields.filter((f) => !b.requiredFields.includes(f))) {
    const missing = await applicantsMissing(q, before.id, field);
    out.push(`Required ${FIELD_NAMES[field]}: ${plural(missing, 'applicant')} of this type ${missing === 1 ? 'has' : 'have'} none; they keep their record, the next edit asks for it.`);
  }
  for (const field of b.requiredFields.filter((f) => !a.requiredFields.includes(f))) {
    out.push(`The ${FIELD_NAMES[field]} is no longer required: new and edited applicants may leave it empty; existing values stay.`);
  }
  if (b.pinRequiredForDeviceEnrollment !== a.pinRequiredForDeviceEnrollment) {
    out.push(`PIN for device enrollment ${a.pinRequiredForDeviceEnrollment ? 'required' : 'no longer required'}: applies to devices enrolled from now on; the ${plural(all, 'credential')} already there are not affected.`);
  }
  if (b.mobileCapable && !a.mobileCapable) {
    const mobile = (usage.credentials.ACTIVE ?? 0) + issued;
    out.push(`Not mobile capable: no new mobile credentials of this type; the ${plural(mobile, 'credential')} ISSUED or ACTIVE stay as they are (revoke them one by one if they must go).`);
  }
  if (!b.mobileCapable && a.mobileCapable) out.push('Mobile capable: applicants of this type can be given a mobile credential from now on.');
  if (b.invitationValidMinutes !== a.invitationValidMinutes) {
    out.push(`Invitation validity ${b.invitationValidMinutes} → ${a.invitationValidMinutes} minutes: applies to invitations issued from now on; invitations already sent keep their expiry.`);
  }
  if (canonicalJson([...b.acceptedCardTypes].sort()) !== canonicalJson([...a.acceptedCardTypes].sort())) {
    out.push(`Accepted cards (${a.acceptedCardTypes.join(', ')}): applies to cards enrolled from now on; the ${plural(all, 'credential')} already enrolled stay on their cards.`);
  }
  if ((b.mobilePartNumber ?? null) !== (a.mobilePartNumber ?? null)) {
    out.push(`Part number ${a.mobilePartNumber ? `"${a.mobilePartNumber}"` : 'from the server configuration'}: used for mobile credentials issued from now on; those already issued keep theirs.`);
  }
  if (!before.retired && after.retired) {
    out.push(`Retired: no longer offered or accepted for new applicants; the ${plural(usage.applicants, 'applicant')} and ${plural(all, 'credential')} of this type keep it and show it as retired.`);
  }
  if (before.retired && !after.retired) out.push('Back in use: offered again for new applicants.');
  return out;
}

function applyChange(before: CredentialType, change: UpdateCredentialTypeRequest & { policy?: CredentialType['policy'] | undefined }): CredentialType {
  const after: CredentialType = { id: before.id, name: change.name ?? before.name, policy: change.policy ?? before.policy };
  const retired = change.retired ?? before.retired;
  return retired ? { ...after, retired: true } : after;
}

function findType(types: CredentialType[], id: string): CredentialType {
  const found = types.find((t) => t.id === id);
  if (!found) throw new ApiError(404, 'NOT_FOUND', `No credential type "${id}" exists. List the credential types to see their ids.`);
  return found;
}

function refuseNameInUse(types: CredentialType[], name: string, id: string): void {
  const other = types.find((t) => t.id !== id && t.name.trim().toLowerCase() === name.trim().toLowerCase());
  if (other) throw new ApiError(409, 'ALREADY_EXISTS', `The credential type "${other.id}" is already called "${other.name}". Choose another name so clerks can tell them apart.`);
}

export async function listCredentialTypes(db: Queryable): Promise<Array<{ type: CredentialType; usage: CredentialTypeUsage }>> {
  const types = await currentCredentialTypes(db);
  return Promise.all(types.map(async (type) => ({ type, usage: await credentialTypeUsage(db, type.id) })));
}

export async function createCredentialType(db: Database, actor: Actor, request: CreateCredentialTypeRequest & { policy: CredentialType['policy'] }): Promise<CredentialType> {
  return db.transaction(async (tx) => {
    const types = await currentCredentialTypes(tx, { forUpdate: true });
    if (types.some((t) => t.id === request.id)) {
      throw new ApiError(409, 'ALREADY_EXISTS', `A credential type with id "${request.id}" already exists (retired types keep their id). Choose another id, or edit that type.`);
    }
    refuseNameInUse(types, request.name, request.id);
    const created: CredentialType = { id: request.id, name: request.name, policy: request.policy };
    await storeCredentialTypes(tx, [...types, created]);
    await recordServerAudit(tx, actor, 'credential-type.created', { id: created.id, name: created.name, policy: created.policy });
    return created;
  });
}

/** The edit's impact; saved (one transaction: settings, feed, audit) unless `dryRun`. */
export async function updateCredentialType(
  db: Database,
  actor: Actor | undefined,
  id: string,
  change: UpdateCredentialTypeRequest & { policy?: CredentialType['policy'] | undefined },
  options: { dryRun: boolean },
): Promise<CredentialTypeImpact> {
  const run = async (tx: Queryable): Promise<CredentialTypeImpact> => {
    const types = await currentCredentialTypes(tx, { forUpdate: !options.dryRun });
    const before = findType(types, id);
    const after = applyChange(before, change);
    if (change.name !== undefined) refuseNameInUse(types, after.name, id);
    if (after.retired && !types.some((t) => t.id !== id && !t.retired)) {
      throw new ApiError(400, 'BAD_REQUEST', `"${before.name}" is the last credential type in use: stations could add no applicant. Create its successor first, then retire it.`);
    }
    const changed = canonicalJson(before) !== canonicalJson(after);
    const usage = await credentialTypeUsage(tx, id);
    const statements = changed ? await describeImpact(tx, before, after, usage) : ['Nothing changes: the type already reads like this.'];
    if (!options.dryRun && changed) {
      await storeCredentialTypes(tx, types.map((t) => (t.id === id ? after : t)));
      await recordServerAudit(tx, actor!, after.retired && !before.retired ? 'credential-type.retired' : 'credential-type.updated', { id, before, after });
    }
    return { credentialType: after, changed, statements, usage };
  };
  return options.dryRun ? run(db) : db.transaction(run);
}
