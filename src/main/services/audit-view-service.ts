import type { AuditExport, AuditPage } from '../../shared/contract/operators';
import type { Action } from '../../shared/domain/roles';
import type { createAuditService } from '../audit/audit-service';

type AuditService = ReturnType<typeof createAuditService>;

export interface AuditViewDeps {
  audit: Pick<AuditService, 'list' | 'export'>;
  /** Throws unless the signed-in operator's roles allow `action`. */
  require: (action: Action) => void;
}

/**
 * Who sees which part of the audit trail: a person's History (an Employee Number given) is
 * for any operator; the whole trail needs audit.view. The channel table checks the rest.
 */
export function createAuditViewService(deps: AuditViewDeps) {
  return {
    async list(query: Parameters<AuditService['list']>[0]): Promise<AuditPage> {
      if (!query.employeeNumber) deps.require('audit.view');
      return deps.audit.list(query);
    },
    export: (input: Parameters<AuditService['export']>[0]): Promise<AuditExport> => deps.audit.export(input),
  };
}
