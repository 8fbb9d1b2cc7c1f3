import { z } from 'zod';
import { Applicant, EmployeeNumber } from '../domain/applicant';
import { CredentialType } from '../domain/credential-types';
import { Device } from '../domain/device';
import { EmployeeNumberRange } from '../domain/employee-number';
import { MobileCredential } from '../domain/mobile-credential';
import { CertificateFingerprint, OperatorRegistry } from '../domain/operator';

/**
 * The wire protocol between a station and the central server (HTTP + JSON, `/v1`).
 * Both sides parse every body with these schemas; docs/api.md describes them in words.
 *
 * Push: the station sends its outbox in order. Each mutation has a unique id and a
 * per-station sequence number; the server applies each exactly once and answers with
 * the canonical record. Pull: the station reads the server's change feed after its cursor.
 */

export const PROTOCOL_VERSION = 1;

/** Why two applicants may be the same person, found when the second one reached the server. */
export const ReviewReason = z.enum(['externalLinkingKey', 'email', 'userPrincipalName']);
export type ReviewReason = z.infer<typeof ReviewReason>;

/** A possible duplicate found only at sync: both records are kept until a clerk decides. */
export const Review = z.strictObject({
  id: z.uuid(),
  /** The record that reached the server first, then the one that matched it. */
  employeeNumbers: z.tuple([EmployeeNumber, EmployeeNumber]),
  matchedOn: z.array(ReviewReason).min(1),
  openedAt: z.iso.datetime(),
  status: z.enum(['open', 'merged', 'kept-both']),
  /** When merged: the Employee Number that stays; the other record points to it. */
  survivor: EmployeeNumber.optional(),
  resolvedBy: z.string().optional(),
  resolvedAt: z.iso.datetime().optional(),
});
export type Review = z.infer<typeof Review>;

// ── Push ────────────────────────────────────────────────────────────────────

export const Mutation = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('applicant.create'), applicant: Applicant }),
  z.strictObject({ kind: z.literal('device.enroll'), device: Device }),
  z.strictObject({
    kind: z.literal('review.resolve'),
    reviewId: z.uuid(),
    resolution: z.enum(['merge', 'keep-both']),
    /** Required for `merge`: which of the two Employee Numbers stays. */
    survivor: EmployeeNumber.optional(),
    resolvedBy: z.string().min(1).max(200),
    resolvedAt: z.iso.datetime(),
  }),
  /**
   * A supervisor's decision on a Pending credential, possibly taken offline. The server
   * re-checks the role and four eyes (roles.ts `mayDecide`) and refuses what fails.
   */
  z.strictObject({
    kind: z.literal('credential.decide'),
    deviceId: z.string().min(1).max(100),
    credentialId: z.string().min(1).max(100),
    decision: z.enum(['approve', 'reject']),
    /** Required to reject. */
    reason: z.string().trim().max(500).default(''),
    decidedBy: z.string().min(1).max(200),
    decidedAt: z.iso.datetime(),
  }),
]);
export type Mutation = z.infer<typeof Mutation>;

export const OutboxEntry = z.strictObject({
  mutationId: z.uuid(),
  /** 1, 2, 3 … per station, with no gaps: the server applies them in this order. */
  seq: z.number().int().min(1),
  createdAt: z.iso.datetime(),
  /** The signed-in operator who made the change; absent only before sign-in was configured. */
  operator: CertificateFingerprint.optional(),
  mutation: Mutation,
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;

export const MAX_PUSH_BATCH = 200;

export const PushRequest = z.strictObject({
  mutations: z.array(OutboxEntry).min(1).max(MAX_PUSH_BATCH),
});
export type PushRequest = z.infer<typeof PushRequest>;

/** What the server made of one mutation: the canonical records to keep. */
export const MutationResult = z.strictObject({
  mutationId: z.uuid(),
  seq: z.number().int().min(1),
  /** `already-applied`: a retry of a mutation the server had applied; the result is the stored one. */
  /**
   * `refused`: the server would not apply it (the operator lacked the role, four eyes, a
   * decision on a credential no longer Pending); `refusal` says why. It still counts as
   * delivered: the station shows the refusal on the Sync page and moves on.
   */
  outcome: z.enum(['applied', 'already-applied', 'refused']),
  refusal: z.strictObject({ code: z.string(), message: z.string() }).optional(),
  applicant: Applicant.optional(),
  device: Device.optional(),
  review: Review.optional(),
  /** Reviews this mutation opened (a possible duplicate of a record from elsewhere). */
  reviewsOpened: z.array(Review).default([]),
});
export type MutationResult = z.infer<typeof MutationResult>;

export const PushResponse = z.strictObject({
  results: z.array(MutationResult),
  /** The highest sequence number the server has applied for this station. */
  lastAppliedSeq: z.number().int().min(0),
  serverTime: z.iso.datetime(),
});
export type PushResponse = z.infer<typeof PushResponse>;

// ── Pull ────────────────────────────────────────────────────────────────────

export const FeedChange = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('applicant.upserted'), applicant: Applicant }),
  z.strictObject({ kind: z.literal('device.upserted'), device: Device }),
  z.strictObject({ kind: z.literal('review.upserted'), review: Review }),
  z.strictObject({ kind: z.literal('credential-types.set'), credentialTypes: z.array(CredentialType).min(1) }),
  /** A mobile credential changed: invitation issued, redeemed (ACTIVE with the phone), suspended, … */
  z.strictObject({ kind: z.literal('mobile-credential.upserted'), credential: MobileCredential }),
  /** The organisation's operators, roles, trusted CAs and revoked operator certificates. */
  z.strictObject({ kind: z.literal('operator-registry.set'), registry: OperatorRegistry }),
]);
export type FeedChange = z.infer<typeof FeedChange>;

export const FeedEntry = z.strictObject({
  /** Position in the server's change feed; a station's cursor is the last one it applied. */
  serverSeq: z.number().int().min(1),
  at: z.iso.datetime(),
  change: FeedChange,
});
export type FeedEntry = z.infer<typeof FeedEntry>;

const MAX_PULL_LIMIT = 1000;
export const MAX_PULL_WAIT_SECONDS = 30;

/** `GET /v1/sync/changes?after=&limit=&wait=` (query strings arrive as text). */
export const PullQuery = z.strictObject({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(500),
  /** Long poll: when nothing is newer than `after`, wait up to this many seconds for a change. */
  wait: z.coerce.number().int().min(0).max(MAX_PULL_WAIT_SECONDS).default(0),
  /** How many changes the station still has in its outbox (shown to administrators as "waiting changes"). */
  outbox: z.coerce.number().int().min(0).max(10_000_000).optional(),
});
export type PullQuery = z.infer<typeof PullQuery>;

export const PullResponse = z.strictObject({
  changes: z.array(FeedEntry),
  /** Pass as `after` next time (equals the last entry's serverSeq, or `after` when empty). */
  cursor: z.number().int().min(0),
  hasMore: z.boolean(),
  serverTime: z.iso.datetime(),
});
export type PullResponse = z.infer<typeof PullResponse>;

// ── Employee Number blocks ──────────────────────────────────────────────────

export const LeaseRequest = z.strictObject({
  /** A retry with the same id returns the same block, so a lost answer wastes nothing. */
  requestId: z.uuid(),
  size: z.number().int().min(1).max(10_000),
});
export type LeaseRequest = z.infer<typeof LeaseRequest>;

export const LeaseResponse = z.strictObject({
  block: EmployeeNumberRange,
  serverTime: z.iso.datetime(),
});
export type LeaseResponse = z.infer<typeof LeaseResponse>;

// ── Station registration ────────────────────────────────────────────────────

/** One-time station enrollment token an administrator creates: `EST-` and 5 groups of 5. */
export const EnrollmentToken = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^EST(-[0-9A-Z]{5}){5}$/, 'A station enrollment token looks like EST-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX');

export const RegisterRequest = z.strictObject({
  token: EnrollmentToken,
  stationId: z.uuid(),
  stationName: z.string().trim().min(1).max(60),
});
export type RegisterRequest = z.infer<typeof RegisterRequest>;

export const RegisterResponse = z.strictObject({
  stationId: z.uuid(),
  /** The station's own credential: kept only in its encrypted store, sent as `Authorization: Bearer <stationId>.<secret>`. */
  secret: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  serverTime: z.iso.datetime(),
});
export type RegisterResponse = z.infer<typeof RegisterResponse>;

export const CreateTokenRequest = z.strictObject({
  stationName: z.string().trim().min(1, 'Give the station a name').max(60).optional(),
  /** Where the station stands (a building, an office): kept on the station once it registers. */
  site: z.string().trim().min(1, 'Leave the site out or give one').max(80).optional(),
  expiresInHours: z.number().int().min(1, 'A token is valid for 1 to 720 hours').max(24 * 30, 'A token is valid for 1 to 720 hours').default(72),
});
export type CreateTokenRequest = z.input<typeof CreateTokenRequest>;
export const CreateTokenResponse = z.strictObject({
  token: EnrollmentToken,
  expiresAt: z.iso.datetime(),
});

export const StationSummary = z.strictObject({
  stationId: z.uuid(),
  stationName: z.string(),
  registeredAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
  lastAppliedSeq: z.number().int().min(0),
  lastSeenAt: z.iso.datetime().nullable(),
  /** The site given with its registration token. */
  site: z.string().nullable().default(null),
  /** Why an administrator revoked it. */
  revokedReason: z.string().nullable().default(null),
  /** Changes the station said were still in its outbox at its last pull (null: it never said). */
  waitingChanges: z.number().int().min(0).nullable().default(null),
  /** The last audit entry of this station's chain the server holds (null: none yet). */
  auditHeadSeq: z.number().int().min(0).nullable().default(null),
});
export type StationSummary = z.infer<typeof StationSummary>;

/** `POST /v1/admin/stations/:id/revoke`: why (stored, shown, audited). Optional for older callers. */
export const RevokeStationRequest = z.strictObject({
  reason: z.string().trim().min(3, 'Say why the station is revoked (at least 3 characters)').max(200),
});

// ── Errors ──────────────────────────────────────────────────────────────────

export const ServerErrorCode = z.enum([
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'STATION_REVOKED',
  'TOKEN_INVALID',
  'TOKEN_USED',
  'TOKEN_EXPIRED',
  'STATION_ALREADY_REGISTERED',
  'MUTATION_ID_REUSED',
  'SEQUENCE_GAP',
  'NOT_FOUND',
  'PAYLOAD_TOO_LARGE',
  'EMPLOYEE_NUMBERS_EXHAUSTED',
  /** An applicant arrived with an Employee Number the server already holds for someone else. */
  'EMPLOYEE_NUMBER_TAKEN',
  /** A device arrived for a card (or a card of the same FASC-N credential) enrolled to another person (device.ts, replacementPlan). */
  'CARD_ALREADY_ASSIGNED',
  /** A device arrived for a card older than one of the same credential already enrolled to the person. */
  'CARD_REPLACED',
  'NOT_READY',
  'INTERNAL',
  // Mobile credentials (mobile-protocol.ts)
  'INVALID_CREDENTIAL_TYPE',
  'CREDENTIAL_PENDING',
  'CREDENTIAL_NOT_FOUND',
  'TRANSITION_NOT_ALLOWED',
  'INVITATION_UNKNOWN',
  'INVITATION_EXPIRED',
  'INVITATION_USED',
  'INVITATION_REVOKED',
  'CREDENTIAL_NOT_ISSUABLE',
  'THROTTLED',
  /** The mobile-credential provider (HID Origo) refused the request; its words are in the message. */
  'PROVIDER_REFUSED',
  /** The mobile-credential provider did not answer in time, or not in a way the server understood. */
  'PROVIDER_UNAVAILABLE',
  /** This server's invitations are redeemed in the provider's own app (HID Mobile Access), not at /v1/wallet/redeem. */
  'REDEEM_ELSEWHERE',
  // Operators (operator-protocol.ts)
  /** Sign-in is configured on the server, and the request names no operator. */
  'OPERATOR_REQUIRED',
  'OPERATOR_UNKNOWN',
  'OPERATOR_REVOKED',
  'FORBIDDEN_ROLE',
  'FOUR_EYES',
  'AUDIT_CHAIN_BROKEN',
  'AUDIT_KEY_MISMATCH',
  // Administration (issue 17)
  /** The change would leave no enabled Administrator, or take an administrator's own Administrator role. */
  'LAST_ADMINISTRATOR',
  /** A credential type id, a registered certificate or a station name that is already in use. */
  'ALREADY_EXISTS',
  /** A certificate that is expired, not yet valid, not issued by a trusted CA, or not a certificate at all. */
  'CERTIFICATE_REJECTED',
  /** Accepted, but it takes effect only once a second Administrator approves it (four eyes). */
  'APPROVAL_REQUIRED',
]);
export type ServerErrorCode = z.infer<typeof ServerErrorCode>;

/** The server's refusals of a station's audit trail (its chain or its key), as opposed to a sync failure. */
export const AUDIT_REFUSALS: ReadonlySet<ServerErrorCode> = new Set(['AUDIT_CHAIN_BROKEN', 'AUDIT_KEY_MISMATCH']);

/** Every error response body. `SEQUENCE_GAP` carries `{ expectedSeq }`; `MUTATION_ID_REUSED` `{ mutationId }`. */
export const ServerErrorBody = z.strictObject({
  error: z.strictObject({
    code: ServerErrorCode,
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ServerErrorBody = z.infer<typeof ServerErrorBody>;
