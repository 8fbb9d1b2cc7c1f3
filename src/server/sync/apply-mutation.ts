import { createHash, randomUUID } from 'node:crypto';
import type { FeedChange, Mutation, MutationResult, Review, ReviewReason } from '../../shared/contract/server-protocol';
import type { Applicant } from '../../shared/domain/applicant';
import type { CredentialType } from '../../shared/domain/credential-types';
import { markReplaced, pivCredentialOf, replacementPlan, type Device, type DeviceCredential } from '../../shared/domain/device';
import { nextStatus, type MobileCredential } from '../../shared/domain/mobile-credential';
import { mayDecide } from '../../shared/domain/roles';
import { identityKeys, type DuplicateKey } from '../../shared/domain/duplicates';
import type { Queryable } from '../db/database';
import { ApiError, MutationRefused } from '../errors';
import { canonicalJson } from './canonical-json';

/** What applying one mutation produced: the answer's records and the feed entries to publish. */
export interface Applied {
  result: Omit<MutationResult, 'mutationId' | 'seq' | 'outcome'>;
  feed: FeedChange[];
}

export interface ApplyContext {
  tx: Queryable;
  /** The authenticated station pushing. */
  stationId: string;
  mutationId: string;
  seq: number;
  /** Read at most once per push, only when a device needs it. */
  credentialTypes: () => Promise<CredentialType[]>;
  /** The certificate fingerprint of the operator the outbox entry names, when it names one. */
  operatorFingerprint?: string | undefined;
  /** Their name in the registry (only when sign-in is configured). */
  operatorName?: string | undefined;
  /** Whether the registry trusts a CA (then `operatorFingerprint` was checked before this runs). */
  signInConfigured?: boolean;
}

export function applyMutation(ctx: ApplyContext, mutation: Mutation): Promise<Applied> {
  switch (mutation.kind) {
    case 'applicant.create':
      return createApplicant(ctx, mutation.applicant);
    case 'device.enroll':
      return enrollDevice(ctx, mutation.device);
    case 'review.resolve':
      return resolveReview(ctx, mutation);
    case 'credential.decide':
      return decideCredential(ctx, mutation);
  }
}

/**
 * Advisory lock ids for an applicant's identity keys: a 32-bit hash of each (field and
 * value), so the same person's keys give the same locks on every server instance.
 */
export function identityLockIds(applicant: Pick<Applicant, DuplicateKey>): number[] {
  return Object.entries(identityKeys(applicant)).map(([field, value]) => createHash('sha256').update(`${field}:${value}`).digest().readInt32BE(0));
}

const REASON_ORDER: readonly ReviewReason[] = ['externalLinkingKey', 'email', 'userPrincipalName'];
/** Enough to show a clerk; a key shared by more records than this is a data problem anyway. */
export const MAX_MATCHES = 20;

/** A new applicant as the server records it. */
export function receivedApplicant(incoming: Applicant, operatorFingerprint: string | undefined): Applicant {
  // Merges are the server's to decide; a new record never arrives already merged.
  const { mergedInto: _ignored, ...received } = incoming;
  // Who added the person is what the authenticated station says in the outbox entry (four eyes).
  return operatorFingerprint ? { ...received, createdByFingerprint: operatorFingerprint } : received;
}

/** The Reviews a new applicant opens against the records it shares an identity key with (oldest first). */
export function reviewsFor(applicant: Applicant, matches: readonly Applicant[]): Review[] {
  const keys = identityKeys(applicant);
  const reviews: Review[] = [];
  for (const existing of matches) {
    const theirs = identityKeys(existing);
    const matchedOn = REASON_ORDER.filter((field) => keys[field] !== undefined && keys[field] === theirs[field]);
    if (matchedOn.length === 0) continue;
    reviews.push({ id: randomUUID(), employeeNumbers: [existing.employeeNumber, applicant.employeeNumber], matchedOn, openedAt: new Date().toISOString(), status: 'open' });
  }
  return reviews;
}

/** What an applied new applicant answers and publishes. */
export function applicantApplied(applicant: Applicant, reviewsOpened: Review[]): Applied {
  return {
    result: { applicant, reviewsOpened },
    feed: [{ kind: 'applicant.upserted', applicant }, ...reviewsOpened.map((review): FeedChange => ({ kind: 'review.upserted', review }))],
  };
}

async function createApplicant(ctx: ApplyContext, incoming: Applicant): Promise<Applied> {
  const applicant = receivedApplicant(incoming, ctx.operatorFingerprint);
  const keys = identityKeys(applicant);
  const retired = (await ctx.credentialTypes()).find((t) => t.id === applicant.credentialTypeId && t.retired);
  if (retired && (await ctx.tx.query('SELECT 1 FROM applicants WHERE employee_number = $1', [applicant.employeeNumber])).length === 0) {
    // A retired type stays on existing records but is not accepted for a new applicant.
    throw new MutationRefused('INVALID_CREDENTIAL_TYPE', `The credential type ${retired.name} was retired by an administrator: this applicant was not added. Add them again with a type in use.`);
  }
  const inserted = await ctx.tx.query(
    `INSERT INTO applicants (employee_number, linking_key, email_key, upn_key, data, pushed_by, received_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, now())
     ON CONFLICT (employee_number) DO NOTHING
     RETURNING employee_number`,
    [applicant.employeeNumber, keys.externalLinkingKey ?? null, keys.email ?? null, keys.userPrincipalName ?? null, JSON.stringify(applicant), ctx.stationId],
  );
  if (inserted.length === 0) {
    const [held] = await ctx.tx.query<{ data: Applicant }>('SELECT data FROM applicants WHERE employee_number = $1', [applicant.employeeNumber]);
    const { mergedInto: _merged, ...heldRecord } = held!.data;
    // The very same record (e.g. re-sent under a new mutation id after a station restore): nothing new.
    if (canonicalJson(heldRecord) === canonicalJson(applicant)) return { result: { applicant: held!.data, reviewsOpened: [] }, feed: [] };
    throw new ApiError(
      409,
      'EMPLOYEE_NUMBER_TAKEN',
      `Employee Number ${applicant.employeeNumber} already belongs to another applicant on the server. Numbers come from leased blocks, so this station's number range overlaps another's: check its configuration, then re-create this applicant under a new number.`,
      { mutationId: ctx.mutationId, seq: ctx.seq, employeeNumber: applicant.employeeNumber },
    );
  }

  // Same person already known (from any station)? Keep both and ask a clerk. The identity
  // keys are locked (push.ts), so two stations adding the same person at once still meet here.
  const matches = await ctx.tx.query<{ data: Applicant }>(
    `SELECT data FROM applicants
      WHERE employee_number <> $1 AND merged_into IS NULL
        AND (linking_key = $2 OR email_key = $3 OR upn_key = $4)
      ORDER BY received_at, employee_number
      LIMIT ${MAX_MATCHES}`,
    [applicant.employeeNumber, keys.externalLinkingKey ?? null, keys.email ?? null, keys.userPrincipalName ?? null],
  );
  const reviewsOpened = reviewsFor(
    applicant,
    matches.map((m) => m.data),
  );
  for (const review of reviewsOpened) {
    await ctx.tx.query('INSERT INTO reviews (id, status, data, opened_at) VALUES ($1, $2, $3::jsonb, $4)', [review.id, review.status, JSON.stringify(review), review.openedAt]);
  }
  return applicantApplied(applicant, reviewsOpened);
}

/** Advisory lock namespace for card identities (a credential number or a Serial Number), see enrollDevice. */
const CARD_NAMESPACE = 0x43415244; // 'CARD'

async function enrollDevice(ctx: ApplyContext, incoming: Device): Promise<Applied> {
  const [stored] = await ctx.tx.query<{ data: Device }>('SELECT data FROM devices WHERE id = $1 FOR UPDATE', [incoming.id]);
  const types = await ctx.credentialTypes();
  // The server decides statuses: a status it already set stays; a new credential is
  // PENDING when its type needs a supervisor's approval (or the type is unknown here), else ISSUED.
  // So is a supervisor's decision, and a card's Replaced (with its credentials' REVOKED and
  // reason). And the operator who first enrolled it stays its enroller (four eyes).
  const enrolledByFingerprint = stored?.data.enrolledByFingerprint ?? ctx.operatorFingerprint ?? incoming.enrolledByFingerprint;
  const { replacedBy: _claimedReplaced, ...received } = incoming;
  const device: Device = {
    ...received,
    status: stored?.data.status ?? 'Added',
    ...(stored?.data.replacedBy ? { replacedBy: stored.data.replacedBy } : {}),
    ...(enrolledByFingerprint ? { enrolledByFingerprint } : {}),
    credentials: incoming.credentials.map((credential) => {
      const { decision: _claimed, statusReason: _reason, ...rest } = credential;
      const known = stored?.data.credentials.find((c) => c.id === credential.id);
      if (known) return { ...rest, status: known.status, ...(known.statusReason ? { statusReason: known.statusReason } : {}), ...(known.decision ? { decision: known.decision } : {}) };
      const type = types.find((t) => t.id === credential.credentialTypeId);
      return { ...rest, status: type && !type.policy.supervisorApprovalRequired ? 'ISSUED' : 'PENDING' };
    }),
  };
  if (stored && canonicalJson(stored.data) === canonicalJson(device)) return { result: { device, reviewsOpened: [] }, feed: [] };
  const feed: FeedChange[] = [];
  if (!stored) feed.push(...(await replaceCards(ctx, device)));
  await ctx.tx.query(
    `INSERT INTO devices (id, employee_number, data, pushed_by, received_at) VALUES ($1, $2, $3::jsonb, $4, now())
     ON CONFLICT (id) DO UPDATE SET employee_number = EXCLUDED.employee_number, data = EXCLUDED.data, pushed_by = EXCLUDED.pushed_by, received_at = EXCLUDED.received_at`,
    [device.id, device.employeeNumber, JSON.stringify(device), ctx.stationId],
  );
  return { result: { device, reviewsOpened: [] }, feed: [{ kind: 'device.upserted', device }, ...feed] };
}

/**
 * The station's rule for a new card, on the server (device.ts, replacementPlan): a card
 * enrolled to another person — the same Serial Number, or a card of the same FASC-N
 * credential — is refused; so is a card older than one of the same credential the person
 * has; the person's cards it replaces become Replaced, their credentials REVOKED ("Replaced
 * by card …"), and so do the mobile credentials that belong to those credentials. The card's
 * identity is locked first, so two stations enrolling cards of one credential at once meet here.
 */
async function replaceCards(ctx: ApplyContext, device: Device): Promise<FeedChange[]> {
  const credential = pivCredentialOf(device.serialNumber)?.credential;
  await ctx.tx.query('SELECT pg_advisory_xact_lock($1, $2)', [CARD_NAMESPACE, createHash('sha256').update(credential ?? device.serialNumber).digest().readInt32BE(0)]);
  const others = await ctx.tx.query<{ data: Device }>(
    `SELECT data FROM devices
      WHERE id <> $1 AND (data->>'serialNumber' = $2 OR ($3::text IS NOT NULL AND (data->>'serialNumber' = $3 OR data->>'serialNumber' LIKE $3 || '-%')))
      ORDER BY id FOR UPDATE`,
    [device.id, device.serialNumber, credential ?? null],
  );
  const devices = others.map((row) => row.data);
  // Devices recorded before issue 14 ('AAAA-SSSS-CCCCCC') are the card that reads with that prefix (as on the station).
  const sameCard = devices.find((d) => d.serialNumber === device.serialNumber || (credential !== undefined && d.serialNumber === credential));
  if (sameCard && sameCard.employeeNumber !== device.employeeNumber) {
    throw new MutationRefused('CARD_ALREADY_ASSIGNED', `Card already assigned: the card with Serial Number ${device.serialNumber} is enrolled to Employee Number ${sameCard.employeeNumber}. A card belongs to one person; nothing was recorded.`);
  }
  const plan = replacementPlan(device, devices);
  if ('refused' in plan) {
    throw plan.refused === 'assigned-elsewhere'
      ? new MutationRefused('CARD_ALREADY_ASSIGNED', `Card already assigned: card ${device.serialNumber} is of the same credential as card ${plan.device.serialNumber}, enrolled to Employee Number ${plan.device.employeeNumber}. A card belongs to one person; nothing was recorded.`)
      : new MutationRefused('CARD_REPLACED', `Card ${device.serialNumber} was replaced by card ${plan.device.serialNumber}, already enrolled to this person; the older card is not enrolled again. Nothing was recorded.`);
  }
  const feed: FeedChange[] = [];
  for (const old of plan.replaces) {
    const replaced = markReplaced(old, device, device.enrolledAt);
    await ctx.tx.query('UPDATE devices SET data = $2::jsonb, received_at = now() WHERE id = $1', [old.id, JSON.stringify(replaced)]);
    feed.push({ kind: 'device.upserted', device: replaced });
    // Mobile credential rows of the revoked credentials follow (device rows, then mobile rows: locks.ts order).
    const revoked = replaced.credentials.filter((c, i) => c.status === 'REVOKED' && old.credentials[i]?.status !== 'REVOKED');
    for (const c of revoked) {
      const [mobile] = await ctx.tx.query<{ data: MobileCredential }>('SELECT data FROM mobile_credentials WHERE credential_id = $1 FOR UPDATE', [c.id]);
      if (!mobile || nextStatus(mobile.data.status, 'revoke') !== 'REVOKED') continue;
      let changed: MobileCredential = { ...mobile.data, status: 'REVOKED', statusReason: c.statusReason!, statusChangedAt: device.enrolledAt, statusChangedBy: ctx.operatorName ?? device.enrolledBy };
      // As Revoke does (mobile-credentials.ts): an open invitation code stops working too.
      await ctx.tx.query(`UPDATE invitations SET state = 'revoked' WHERE credential_id = $1 AND state = 'open'`, [c.id]);
      if (changed.invitation?.state === 'open') changed = { ...changed, invitation: { ...changed.invitation, state: 'revoked' } };
      await ctx.tx.query('UPDATE mobile_credentials SET status = $2, data = $3::jsonb WHERE credential_id = $1', [c.id, 'REVOKED', JSON.stringify(changed)]);
      feed.push({ kind: 'mobile-credential.upserted', credential: changed });
    }
  }
  return feed;
}

async function resolveReview(ctx: ApplyContext, mutation: Extract<Mutation, { kind: 'review.resolve' }>): Promise<Applied> {
  const [row] = await ctx.tx.query<{ data: Review }>('SELECT data FROM reviews WHERE id = $1 FOR UPDATE', [mutation.reviewId]);
  if (!row) {
    throw new ApiError(409, 'NOT_FOUND', `Review ${mutation.reviewId} does not exist on this server. Pull the feed to get the current reviews and resolve one of those.`, {
      mutationId: ctx.mutationId,
      seq: ctx.seq,
      reviewId: mutation.reviewId,
    });
  }
  const review = row.data;
  // First decision wins: a later one changes nothing and is answered with the review as decided.
  if (review.status !== 'open') return { result: { review, reviewsOpened: [] }, feed: [] };

  const resolved = { resolvedBy: mutation.resolvedBy, resolvedAt: mutation.resolvedAt };
  if (mutation.resolution === 'keep-both') {
    const kept: Review = { ...review, status: 'kept-both', ...resolved };
    await saveReview(ctx.tx, kept);
    return { result: { review: kept, reviewsOpened: [] }, feed: [{ kind: 'review.upserted', review: kept }] };
  }

  const survivor = mutation.survivor;
  if (survivor === undefined || !review.employeeNumbers.includes(survivor)) {
    throw new ApiError(
      400,
      'BAD_REQUEST',
      `A merge must name the record that stays: survivor must be ${review.employeeNumbers[0]} or ${review.employeeNumbers[1]}${survivor === undefined ? '' : `, not ${survivor}`}.`,
      { mutationId: ctx.mutationId, seq: ctx.seq, reviewId: review.id },
    );
  }
  const other = review.employeeNumbers[0] === survivor ? review.employeeNumbers[1] : review.employeeNumbers[0];
  const merged: Review = { ...review, status: 'merged', survivor, ...resolved };
  await saveReview(ctx.tx, merged);
  // A record is merged once: when several reviews share records (three sites, one person),
  // a later merge never re-points a record already merged, nor closes a loop (A→B→…→A).
  const updated = (await leadsTo(ctx.tx, survivor, other))
    ? undefined
    : (
        await ctx.tx.query<{ data: Applicant }>(
          `UPDATE applicants SET merged_into = $2, data = jsonb_set(data, '{mergedInto}', to_jsonb($2::text))
            WHERE employee_number = $1 AND merged_into IS NULL RETURNING data`,
          [other, survivor],
        )
      )[0];
  const feed: FeedChange[] = [];
  if (updated) feed.push({ kind: 'applicant.upserted', applicant: updated.data });
  feed.push({ kind: 'review.upserted', review: merged });
  return { result: { review: merged, reviewsOpened: [] }, feed };
}

/** Whether following `mergedInto` from `from` reaches `target`. */
async function leadsTo(tx: Queryable, from: string, target: string): Promise<boolean> {
  const [row] = await tx.query<{ found: boolean }>(
    `WITH RECURSIVE chain(n, depth) AS (
       SELECT merged_into, 1 FROM applicants WHERE employee_number = $1
       UNION ALL
       SELECT a.merged_into, c.depth + 1 FROM applicants a JOIN chain c ON a.employee_number = c.n WHERE c.depth < 100
     )
     SELECT EXISTS (SELECT 1 FROM chain WHERE n = $2) AS found`,
    [from, target],
  );
  return row?.found === true;
}

async function saveReview(tx: Queryable, review: Review): Promise<void> {
  await tx.query('UPDATE reviews SET status = $2, data = $3::jsonb WHERE id = $1', [review.id, review.status, JSON.stringify(review)]);
}

/**
 * A supervisor's approval or rejection of a Pending credential. The role was checked
 * before (push.ts); here: the credential must still be Pending (the first decision wins),
 * and four eyes: whoever added the person or enrolled the device never decides.
 * Everything refused is answered as outcome `refused`, never blocking the station's queue.
 */
async function decideCredential(ctx: ApplyContext, mutation: Extract<Mutation, { kind: 'credential.decide' }>): Promise<Applied> {
  const [row] = await ctx.tx.query<{ data: Device }>('SELECT data FROM devices WHERE id = $1 FOR UPDATE', [mutation.deviceId]);
  const credential = row?.data.credentials.find((c) => c.id === mutation.credentialId);
  if (!row || !credential) {
    throw new MutationRefused('CREDENTIAL_NOT_FOUND', 'The server does not know this credential (its device never reached the server). Nothing was decided.');
  }
  const device = row.data;
  if (credential.status !== 'PENDING') {
    const earlier = credential.decision;
    throw new MutationRefused(
      'TRANSITION_NOT_ALLOWED',
      earlier
        ? `This credential was already ${earlier.decision === 'approve' ? 'approved' : 'rejected'} by ${earlier.decidedBy} at ${earlier.decidedAt} (the first decision counts). Nothing was changed.`
        : `This credential is ${credential.status}, not Pending: there is nothing to approve or reject. Nothing was changed.`,
    );
  }
  if (ctx.operatorFingerprint) {
    const [applicant] = await ctx.tx.query<{ data: Applicant }>('SELECT data FROM applicants WHERE employee_number = $1', [device.employeeNumber]);
    if (!mayDecide(ctx.operatorFingerprint, { applicantCreatedBy: applicant?.data.createdByFingerprint, deviceEnrolledBy: device.enrolledByFingerprint })) {
      throw new MutationRefused('FOUR_EYES', 'You enrolled this person, so another supervisor must approve their credential.');
    }
  }
  if (mutation.decision === 'reject' && mutation.reason.trim() === '') {
    throw new MutationRefused('BAD_REQUEST', 'A rejection needs a reason. Nothing was changed: reject again and say why.');
  }

  const decidedBy = ctx.operatorName ?? mutation.decidedBy;
  const decision: NonNullable<DeviceCredential['decision']> = {
    decision: mutation.decision,
    reason: mutation.reason,
    decidedBy,
    ...(ctx.operatorFingerprint ? { decidedByFingerprint: ctx.operatorFingerprint } : {}),
    decidedAt: mutation.decidedAt,
    stationId: ctx.stationId,
  };
  const status = mutation.decision === 'approve' ? 'ISSUED' : 'REJECTED';
  const decided: Device = { ...device, credentials: device.credentials.map((c) => (c.id === credential.id ? { ...c, status, decision } : c)) };
  await ctx.tx.query('UPDATE devices SET data = $2::jsonb, received_at = now() WHERE id = $1', [device.id, JSON.stringify(decided)]);
  const feed: FeedChange[] = [{ kind: 'device.upserted', device: decided }];

  // A mobile credential row that waited for this decision follows it (device row, then mobile row: locks.ts order).
  const [mobile] = await ctx.tx.query<{ data: MobileCredential }>('SELECT data FROM mobile_credentials WHERE credential_id = $1 FOR UPDATE', [credential.id]);
  if (mobile && mobile.data.status === 'PENDING') {
    const changed: MobileCredential = {
      ...mobile.data,
      status,
      statusChangedAt: new Date().toISOString(),
      statusChangedBy: decidedBy,
      ...(mutation.decision === 'reject' ? { statusReason: mutation.reason } : {}),
    };
    await ctx.tx.query('UPDATE mobile_credentials SET status = $2, data = $3::jsonb WHERE credential_id = $1', [credential.id, status, JSON.stringify(changed)]);
    feed.push({ kind: 'mobile-credential.upserted', credential: changed });
  }
  return { result: { device: decided, reviewsOpened: [] }, feed };
}
