import { describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/contract/operators';
import { StationError } from '../../shared/contract/errors';
import type { Action } from '../../shared/domain/roles';
import { createAuditViewService } from './audit-view-service';

function service(allowed: Action[]) {
  const asked: string[] = [];
  const view = createAuditViewService({
    audit: {
      list: async (query) => {
        asked.push(`list ${query.employeeNumber ?? 'all'}`);
        return { entries: [] } as unknown as AuditPage;
      },
      export: async ({ format }) => {
        asked.push(`export ${format}`);
        return { format } as never;
      },
    },
    require: (action) => {
      if (!allowed.includes(action)) throw new StationError('FORBIDDEN_ROLE', `needs ${action}`);
    },
  });
  return { view, asked };
}

describe('audit view service', () => {
  it("a person's History is for any operator", async () => {
    const { view, asked } = service([]);
    await view.list({ employeeNumber: '20000001', text: '', limit: 50 });
    expect(asked).toEqual(['list 20000001']);
  });

  it('the whole trail needs audit.view, and is not read without it', async () => {
    const clerk = service([]);
    await expect(clerk.view.list({ text: '', limit: 50 })).rejects.toMatchObject({ code: 'FORBIDDEN_ROLE', message: 'needs audit.view' });
    expect(clerk.asked).toEqual([]);
    const supervisor = service(['audit.view']);
    await supervisor.view.list({ text: '', limit: 50 });
    expect(supervisor.asked).toEqual(['list all']);
  });

  it('exports through the audit service', async () => {
    const { view, asked } = service(['audit.view']);
    await view.export({ format: 'csv' });
    expect(asked).toEqual(['export csv']);
  });
});
