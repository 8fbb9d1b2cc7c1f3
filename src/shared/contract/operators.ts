import { z } from 'zod';
import { EmployeeNumber } from '../domain/applicant';
import { AuditEntry, ChainHeadSchema } from '../domain/audit-chain';
import { CardType, Device } from '../domain/device';
import { Pin } from '../domain/pin';
import { CertificateFingerprint } from '../domain/operator';
import { Action, Role } from '../domain/roles';
import { channel, event } from './define';

/**
 * Operator sign-in, approvals and the audit trail, between the renderer and main.
 * Main enforces every role (src/shared/domain/roles.ts) before a service runs; the
 * renderer only hides what the operator may not do.
 */

export const SignedInOperator = z.strictObject({
  fingerprint: CertificateFingerprint,
  name: z.string(),
  roles: z.array(Role),
  /** The certificate's subject (CN) and end of validity, as read from the card. */
  certificateSubject: z.string(),
  certificateNotAfter: z.iso.datetime(),
  readerName: z.string(),
  signedInAt: z.iso.datetime(),
});
export type SignedInOperator = z.infer<typeof SignedInOperator>;

export const SessionState = z.strictObject({
  /**
   * `setup`: no organisation CA is known yet (a new, unregistered station): no sign-in,
   * every action recorded as the local account. `locked`: sign-in required. `signed-in`.
   */
  mode: z.enum(['setup', 'locked', 'signed-in']),
  operator: SignedInOperator.nullable(),
  /** Why the station locked last: shown on the lock screen. */
  lockedBecause: z.enum(['start', 'signed-out', 'card-removed', 'idle']).nullable(),
  /** What the signed-in operator may do (empty when locked). */
  allowed: z.array(Action),
  idleLockMinutes: z.number().int().min(1),
  /** Server time when the station last received the operator registry (revocations). */
  registryCheckedAt: z.iso.datetime().nullable(),
});
export type SessionState = z.infer<typeof SessionState>;

export const SignInInput = z.strictObject({
  readerName: z.string().min(1).max(200),
  /** 6–8 digits; wiped after use, never stored or logged. */
  pin: Pin,
});

/** A Pending credential waiting for a supervisor. */
export const ApprovalRequest = z.strictObject({
  deviceId: z.string(),
  credentialId: z.string(),
  employeeNumber: EmployeeNumber,
  holderName: z.string(),
  credentialTypeId: z.string(),
  credentialTypeName: z.string(),
  deviceSerialNumber: z.string(),
  cardType: CardType,
  requestedBy: z.string(),
  stationName: z.string(),
  requestedAt: z.iso.datetime(),
  /** False when the signed-in operator added the person or enrolled the device (four eyes). */
  mayDecide: z.boolean(),
  whyNot: z.string().optional(),
});
export type ApprovalRequest = z.infer<typeof ApprovalRequest>;

export const DecideInput = z
  .strictObject({
    deviceId: z.string().min(1).max(100),
    credentialId: z.string().min(1).max(100),
    decision: z.enum(['approve', 'reject']),
    reason: z.string().trim().max(500).default(''),
  })
  .refine((d) => d.decision === 'approve' || d.reason.length >= 3, { message: 'Give a reason of at least 3 characters to reject', path: ['reason'] });

export const AuditQuery = z.strictObject({
  employeeNumber: EmployeeNumber.optional(),
  /** Free text over action, operator and summary. */
  text: z.string().max(200).default(''),
  limit: z.number().int().min(1).max(1000).default(200),
});

export const ChainCheck = z.strictObject({
  ok: z.boolean(),
  head: ChainHeadSchema.nullable(),
  /** The last entry the central server acknowledged, when known. */
  acknowledgedHead: ChainHeadSchema.nullable(),
  findings: z.array(z.strictObject({ seq: z.number().nullable(), problem: z.string(), message: z.string() })),
});
export type ChainCheck = z.infer<typeof ChainCheck>;

export const AuditPage = z.strictObject({
  /** Newest first. */
  entries: z.array(AuditEntry),
  total: z.number().int().min(0),
  chain: ChainCheck,
});
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditExport = z.strictObject({
  fileName: z.string(),
  mediaType: z.enum(['text/csv', 'application/json']),
  content: z.string(),
});
export type AuditExport = z.infer<typeof AuditExport>;

export const operatorChannels = {
  'session:get': channel(z.undefined(), SessionState),
  /** Reads the operator card in `readerName`, checks its certificate, verifies the PIN and a signed challenge. */
  'session:sign-in': channel(SignInInput, SessionState),
  'session:sign-out': channel(z.undefined(), SessionState),
  /** The renderer reports keyboard/mouse activity (at most every few seconds) for the idle lock. */
  'session:touch': channel(z.undefined(), SessionState),
  'approvals:list': channel(z.undefined(), z.array(ApprovalRequest)),
  'approvals:decide': channel(DecideInput, Device),
  'audit:list': channel(AuditQuery, AuditPage),
  'audit:export': channel(z.strictObject({ format: z.enum(['csv', 'bundle']) }), AuditExport),
};

export const operatorEvents = {
  'session:changed': event(SessionState),
  'approvals:changed': event(z.strictObject({ pending: z.number().int().min(0) })),
};
