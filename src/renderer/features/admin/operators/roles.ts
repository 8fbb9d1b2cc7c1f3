import type { OperatorStatus } from '../../../../shared/contract';
import type { Role } from '../../../../shared/domain/roles';

export const ROLE_NAMES: Record<Role, string> = { clerk: 'Clerk', supervisor: 'Supervisor', administrator: 'Administrator' };
export const ALL_ROLES: Role[] = ['clerk', 'supervisor', 'administrator'];
export const rolesText = (roles: readonly Role[]): string => roles.map((r) => ROLE_NAMES[r]).join(', ');

export const STATUS_NAMES: Record<OperatorStatus, string> = {
  active: 'Active',
  disabled: 'Disabled',
  'certificate-revoked': 'Certificate revoked',
  'certificate-expired': 'Certificate expired',
};
