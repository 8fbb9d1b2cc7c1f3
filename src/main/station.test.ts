import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scratchDir } from '../../tests/support/web-host';
import { CONFIG_FILE } from './config';
import { keyFileProvider } from './store/key-providers';
import { startStation, type Station } from './station';
import { FakePcsc } from '../../tests/support/pcsc/fake-pcsc';

// The composition root gets PC/SC from its caller: nothing here may load the native addon.
vi.mock('smartcard', () => {
  throw new Error('a unit test loaded the native smartcard addon');
});

let dir: { path: string; remove(): Promise<void> };
let station: Station | undefined;
beforeEach(async () => (dir = await scratchDir('station-')));
afterEach(async () => {
  await station?.close();
  station = undefined;
  await dir.remove();
});

const start = async () =>
  (station = await startStation({
    dataDir: dir.path,
    keys: keyFileProvider(join(dir.path, 'key'), { create: true }),
    version: 'test',
    pcsc: new FakePcsc(),
    operator: 'Clerk Ada',
    now: () => new Date('2026-11-28T09:30:00.000Z'),
  }));

const seán = { firstName: 'Seán', lastName: "O'Brien-de la Cruz", credentialTypeId: 'mobile-pacs-employee', email: 'Sean@Example.org' };

describe('the station', () => {
  it('assigns unique 8-digit Employee Numbers and records who created each person, when and where', async () => {
    const s = await start();
    const first = await s.handlers['applicants:create'](seán);
    const second = await s.handlers['applicants:create']({ firstName: 'ŁUKASZ', lastName: 'Nowak', credentialTypeId: 'piv-card-employee' });
    expect(first.employeeNumber).toMatch(/^\d{8}$/);
    expect(second.employeeNumber).not.toBe(first.employeeNumber);
    const record = await s.handlers['applicants:get']({ employeeNumber: first.employeeNumber });
    expect(record.applicant).toMatchObject({ firstName: 'Seán', lastName: "O'Brien-de la Cruz", email: 'Sean@Example.org' });
    expect(record.history).toEqual([
      expect.objectContaining({
        action: 'applicant.created',
        operator: 'Clerk Ada',
        at: '2026-11-28T09:30:00.000Z',
        stationName: s.config.stationName,
        summary: "Applicant Seán O'Brien-de la Cruz added with credential type Mobile PACS – Employee",
      }),
    ]);
  });

  it('refuses a duplicate email with USER_ALREADY_EXISTS naming the record, and writes nothing', async () => {
    const s = await start();
    const first = await s.handlers['applicants:create'](seán);
    const file = join(dir.path, 'station-store.enc');
    const before = await readFile(file);
    await expect(s.handlers['applicants:create']({ ...seán, firstName: 'Other', email: 'SEAN@example.ORG' })).rejects.toMatchObject({
      code: 'USER_ALREADY_EXISTS',
      details: { employeeNumber: first.employeeNumber, matchedOn: ['email'] },
    });
    expect(await readFile(file)).toEqual(before);
    expect((await s.handlers['applicants:search']({ text: '', limit: 50 })).total).toBe(1);
  });

  it('tells the renderer when an applicant was added', async () => {
    const s = await start();
    const seen: string[] = [];
    s.events.on('applicants:changed', (p) => seen.push(p.employeeNumber));
    const created = await s.handlers['applicants:create'](seán);
    expect(seen).toEqual([created.employeeNumber]);
  });

  it('refuses a credential type the station does not have', async () => {
    const s = await start();
    await expect(s.handlers['applicants:create']({ ...seán, credentialTypeId: 'gold-card' })).rejects.toMatchObject({ code: 'INVALID_CREDENTIAL_TYPE' });
  });

  it('says when its Employee Number range is used up, without repeating a number', async () => {
    await writeFile(join(dir.path, CONFIG_FILE), JSON.stringify({ stationName: 'Remote Site 4', employeeNumberRange: { first: 10000001, last: 10000002 } }));
    const s = await start();
    await s.handlers['applicants:create']({ firstName: 'A', lastName: 'One', credentialTypeId: 'piv-card-employee' });
    await s.handlers['applicants:create']({ firstName: 'B', lastName: 'Two', credentialTypeId: 'piv-card-employee' });
    await expect(s.handlers['applicants:create']({ firstName: 'C', lastName: 'Three', credentialTypeId: 'piv-card-employee' })).rejects.toMatchObject({
      code: 'EMPLOYEE_NUMBERS_EXHAUSTED',
    });
    expect((await s.handlers['station:get-info'](undefined)).stationName).toBe('Remote Site 4');
  });

  it('refuses a configuration file it cannot understand, naming the problem', async () => {
    await writeFile(join(dir.path, CONFIG_FILE), JSON.stringify({ credentialTypes: [] }));
    await expect(start()).rejects.toMatchObject({ message: expect.stringContaining('credentialTypes') });
  });

  it('reports that it is not connected to a server until registered', async () => {
    const s = await start();
    expect(await s.handlers['sync:status'](undefined)).toMatchObject({ state: 'not-registered', serverUrl: null, waiting: 0, lastError: null });
  });
});
