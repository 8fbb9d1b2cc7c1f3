import { z } from 'zod';

/**
 * Operator roles and what each may do. One table, enforced by the station's main process
 * (before a service runs) and by the central server (on every request and pushed
 * mutation); the renderer only hides what the table refuses. An operator may hold
 * several roles; roles are not ranked (a supervisor is not automatically a clerk).
 */
export const Role = z.enum(['clerk', 'supervisor', 'administrator']);
export type Role = z.infer<typeof Role>;

export const ROLE_NAMES: Record<Role, string> = {
  clerk: 'Clerk',
  supervisor: 'Supervisor',
  administrator: 'Administrator',
};

export const Action = z.enum([
  'applicant.create',
  'device.enroll',
  'invitation.issue',
  'review.resolve',
  'credential.decide',
  'credential.lifecycle',
  'audit.view',
  'admin.configure',
  'watchlist.view',
]);
export type Action = z.infer<typeof Action>;

export const PERMISSIONS: Record<Action, readonly Role[]> = {
  'applicant.create': ['clerk'],
  'device.enroll': ['clerk'],
  'invitation.issue': ['clerk'],
  'review.resolve': ['clerk', 'supervisor'],
  /** Approve or reject a Pending credential (never one's own enrollment: see mayDecide). */
  'credential.decide': ['supervisor'],
  /** Suspend, Resume, Revoke. */
  'credential.lifecycle': ['supervisor'],
  'audit.view': ['supervisor', 'administrator'],
  /** Credential types and policies, stations, operators, CA trust. */
  'admin.configure': ['administrator'],
  /** Station › Administration › Watchlist: what waits too long (invitations, approvals, silent stations). */
  'watchlist.view': ['supervisor', 'administrator'],
};

export const ACTION_NAMES: Record<Action, string> = {
  'applicant.create': 'add applicants',
  'device.enroll': 'enroll devices',
  'invitation.issue': 'issue mobile credential invitations',
  'review.resolve': 'resolve possible duplicates',
  'credential.decide': 'approve or reject pending credentials',
  'credential.lifecycle': 'suspend, resume or revoke credentials',
  'audit.view': 'view and export the audit trail',
  'admin.configure': 'change credential types, stations, operators and CA trust',
  'watchlist.view': 'see the watchlist',
};

export function can(roles: readonly Role[], action: Action): boolean {
  return PERMISSIONS[action].some((role) => roles.includes(role));
}

/** The roles that may do `action`, in words: "a Supervisor", "a Supervisor or an Administrator". */
export function whoMay(action: Action): string {
  return PERMISSIONS[action].map((r) => `${/^[AEIOU]/.test(ROLE_NAMES[r]) ? 'an' : 'a'} ${ROLE_NAMES[r]}`).join(' or ');
}

/**
 * Four eyes: the operator who added the person or enrolled the device can never decide on
 * that person's credential, whatever roles they hold. `undefined` fingerprints (records
 * from before sign-in existed) never match a real operator.
 */
export function mayDecide(decider: string, record: { applicantCreatedBy?: string | undefined; deviceEnrolledBy?: string | undefined }): boolean {
  return decider !== record.applicantCreatedBy && decider !== record.deviceEnrolledBy;
}
