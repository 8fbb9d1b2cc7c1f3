import type { Channel, Handlers } from '../../shared/contract';
import type { Action } from '../../shared/domain/roles';
import { ADMIN_ACCESS } from '../admin';

/**
 * Who may call each channel, checked in main before the handler runs (the renderer only
 * hides buttons). `open`: also on the lock screen. `signed-in`: any operator. An Action:
 * an operator whose roles allow it (roles.ts). A `Record` over every channel, so a new
 * channel cannot be added without deciding this.
 */
export type Access = 'open' | 'signed-in' | Action;

export const CHANNEL_ACCESS: Record<Channel, Access> = {
  'station:get-info': 'open',
  'readers:status': 'open',
  'sync:status': 'open',
  'session:get': 'open',
  'session:sign-in': 'open',
  'session:sign-out': 'open',
  'session:touch': 'open',
  'unlock:status': 'open',
  'unlock:submit': 'open',
  'credential-types:list': 'signed-in',
  'applicants:get': 'signed-in',
  'applicants:search': 'signed-in',
  'readers:diagnostics': 'signed-in',
  'devices:read-card': 'signed-in',
  'devices:report': 'signed-in',
  'reviews:list': 'signed-in',
  'mobile:list': 'signed-in',
  'sync:now': 'signed-in',
  'approvals:list': 'signed-in',
  'applicants:create': 'applicant.create',
  'devices:enroll': 'device.enroll',
  'mobile:invite': 'invitation.issue',
  'reviews:resolve': 'review.resolve',
  'approvals:decide': 'credential.decide',
  'mobile:set-status': 'credential.lifecycle',
  /** A person's History (employeeNumber given) is for any operator; the whole trail needs audit.view (checked in services/audit-view-service.ts). */
  'audit:list': 'signed-in',
  'audit:export': 'audit.view',
  'sync:register': 'admin.configure',
  // Station › Administration (src/main/admin): each area decides its own channels.
  ...ADMIN_ACCESS,
};

export interface AccessCheck {
  require(action: Action): void;
  requireSignedIn(): void;
}

/** The handler table with each channel's access checked first. */
export function guardHandlers(handlers: Handlers, session: AccessCheck): Handlers {
  const guarded = {} as Record<Channel, (input: unknown) => Promise<unknown>>;
  for (const name of Object.keys(handlers) as Channel[]) {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    const access = CHANNEL_ACCESS[name];
    guarded[name] = async (input) => {
      if (access === 'signed-in') session.requireSignedIn();
      else if (access !== 'open') session.require(access);
      return handler(input);
    };
  }
  return guarded as unknown as Handlers;
}
