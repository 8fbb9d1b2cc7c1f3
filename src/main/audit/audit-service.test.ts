import { AuditLog } from '../store/audit-log';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyDocument } from '../store/document';
import { keyFileProvider } from '../store/key-providers';
import { openStationStore, type StationStore } from '../store/station-store';
import { createAuditService, type AuditService, type AuditServiceDeps } from './audit-service';
import { createAuditTrail } from './audit-trail';
import { verifyBundle } from './bundle';

/** The Audit view, History and exports over a real encrypted store. */
let dir: string;
let store: StationStore;
const station = { id: '', name: 'Front Desk' };
const actor = () => ({ name: 'Sam Supervisor', fingerprint: 'f'.repeat(64) });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'audit-service-'));
  store = await openStationStore({ dataDir: dir, keys: keyFileProvider(join(dir, 'station.key'), { create: true }), initial: () => emptyDocument({ first: 10_000_000, last: 10_999_999 }) });
  station.id = store.data.stationId;
  const trail = createAuditTrail({ station, actor });
  await store.commit((doc) =>
    trail.changes(
      doc,
      [
        { action: 'applicant.created', employeeNumber: '10000001', summary: 'Applicant Ann Lee added' },
        { action: 'applicant.created', employeeNumber: '10000002', summary: '=HYPERLINK("http://evil.example","click")' },
        { action: 'credential.approved', employeeNumber: '10000001', summary: 'Credential approved, "as requested"' },
      ],
      '2026-11-28T09:00:00.000Z',
    ),
  );
});
const opened: AuditService[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((audit) => audit.close()));
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const service = (worker?: AuditServiceDeps['worker']) => {
  const audit = createAuditService({ store, station, actor, now: () => new Date('2026-11-28T10:00:00.000Z'), ...(worker ? { worker } : {}) });
  opened.push(audit);
  return audit;
};

describe('the Audit view and History', () => {
  it('lists newest first, filters by person and words, and says the trail is intact', async () => {
    const audit = service();
    const all = await audit.list({ text: '', limit: 100 });
    expect(all.entries.map((e) => e.seq)).toEqual([3, 2, 1]);
    expect(all.chain).toMatchObject({ ok: true, head: { seq: 3 }, findings: [] });
    expect((await audit.list({ employeeNumber: '10000001', text: '', limit: 100 })).entries.map((e) => e.seq)).toEqual([3, 1]);
    expect((await audit.list({ text: 'ann lee', limit: 100 })).total).toBe(1);
  });

  it('reports an entry changed behind the station’s back', async () => {
    const [first, ...rest] = store.data.audit.toArray();
    (store.data as { audit: AuditLog }).audit = AuditLog.of([{ ...first!, summary: 'Applicant Bob Roe added' }, ...rest]);
    const page = await service().list({ text: '', limit: 100 });
    expect(page.chain.ok).toBe(false);
    expect(page.chain.findings.map((f) => `${f.seq}:${f.problem}`)).toContain('1:hash-mismatch');
  });
});

describe('the audit worker behind it', () => {
  it('sees entries committed after start, in a person’s History and in the check', async () => {
    const audit = service();
    const trail = createAuditTrail({ station, actor });
    await store.commit((doc) => trail.changes(doc, [{ action: 'applicant.changed', employeeNumber: '10000002', summary: 'Email changed' }], '2026-11-28T09:30:00.000Z'));
    expect((await audit.history('10000002')).map((e) => e.seq)).toEqual([2, 4]);
    expect(await audit.check()).toMatchObject({ ok: true, head: { seq: 4 } });
    expect(await audit.logged('applicant.changed', 'none')).toBe(false);
  });

  it('that stopped: the Audit view gets a clear error, the check a failure, and nothing hangs', async () => {
    const audit = service({ script: { source: "require('node:worker_threads').parentPort.on('message', () => process.exit(1));", eval: true } });
    await expect(audit.list({ text: '', limit: 10 })).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('the audit check stopped (exit code 1)') });
    expect(await audit.check()).toMatchObject({ ok: false, head: null, findings: [{ seq: null, problem: 'unchecked', message: expect.stringContaining('Restart the station') }] });
  });
});

describe('exports', () => {
  it('writes a CSV that a spreadsheet shows as text (quotes doubled, formulas defused)', async () => {
    const csv = await service().export({ format: 'csv' });
    expect(csv.fileName).toMatch(/^audit-Front-Desk-2026-11-28T10-00-00-000Z\.csv$/);
    const lines = csv.content.split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[2]).toContain(`'=HYPERLINK(""http://evil.example"",""click"")`);
    expect(lines[3]).toContain('"Credential approved, ""as requested"""');
  });

  it('writes a signed bundle that verifies, and fails once a byte of it changes', async () => {
    const bundle = await service().export({ format: 'bundle' });
    const json = JSON.parse(bundle.content) as unknown;
    expect(verifyBundle(json, { publicKey: store.data.auditKey.publicKey })).toMatchObject({ ok: true, entries: 3 });
    const changed = JSON.parse(bundle.content.replace('Ann Lee', 'Ann Lea')) as unknown;
    expect(verifyBundle(changed).ok).toBe(false);
    expect(verifyBundle(json, { publicKey: 'a'.repeat(64) }).ok).toBe(false);
  });
});
