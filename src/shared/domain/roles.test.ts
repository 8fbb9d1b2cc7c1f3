import { describe, expect, it } from 'vitest';
import { Action, can, mayDecide, PERMISSIONS, whoMay, type Role } from './roles';

describe('roles', () => {
  it('give each role exactly its tasks (issue 7: Clerk, Supervisor, Administrator)', () => {
    const tasks = (role: Role) => Action.options.filter((a) => can([role], a));
    expect(tasks('clerk')).toEqual(['applicant.create', 'device.enroll', 'invitation.issue', 'review.resolve']);
    expect(tasks('supervisor')).toEqual(['review.resolve', 'credential.decide', 'credential.lifecycle', 'audit.view', 'watchlist.view']);
    expect(tasks('administrator')).toEqual(['audit.view', 'admin.configure', 'watchlist.view']);
    expect(Action.options.filter((a) => can([], a))).toEqual([]);
    expect(Action.options.every((a) => can(['clerk', 'supervisor', 'administrator'], a))).toBe(true);
  });

  it('say in words who may do something', () => {
    expect(whoMay('credential.decide')).toBe('a Supervisor');
    expect(whoMay('audit.view')).toBe('a Supervisor or an Administrator');
    expect(whoMay('admin.configure')).toBe('an Administrator');
    expect(whoMay('review.resolve')).toBe('a Clerk or a Supervisor');
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...Action.options].sort());
  });

  it('four eyes: the one who added the person or enrolled the device never decides', () => {
    expect(mayDecide('sam', { applicantCreatedBy: 'alice', deviceEnrolledBy: 'alice' })).toBe(true);
    expect(mayDecide('alice', { applicantCreatedBy: 'alice', deviceEnrolledBy: 'bob' })).toBe(false);
    expect(mayDecide('bob', { applicantCreatedBy: 'alice', deviceEnrolledBy: 'bob' })).toBe(false);
    expect(mayDecide('sam', { applicantCreatedBy: undefined, deviceEnrolledBy: undefined })).toBe(true);
  });
});
