import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StationClient } from '../support/station-client';
import { scratchDir, startWebHost, startWebHostExpectingFailure } from '../support/web-host';

const ROOT = resolve(__dirname, '../..');
let dir: Awaited<ReturnType<typeof scratchDir>>;
beforeEach(async () => (dir = await scratchDir('admin-')));
afterEach(() => dir.remove());

function admin(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main/admin-cli.ts', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

async function enroll(dataDir: string, keyFile: string, people: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  const host = await startWebHost({ dataDir, keyFile, env });
  const client = await StationClient.connect(host.origin);
  await client.hello(host.secret);
  for (const name of people) {
    expect(await client.call('applicants:create', { firstName: name, lastName: 'Backup', credentialTypeId: 'piv-card-employee' })).toMatchObject({ ok: true });
  }
  client.close();
  await host.stop();
}

async function namesIn(dataDir: string, keyFile: string, extra: { env?: NodeJS.ProcessEnv } = {}): Promise<string[]> {
  const host = await startWebHost({ dataDir, keyFile, env: extra.env });
  const client = await StationClient.connect(host.origin);
  await client.hello(host.secret);
  const reply = (await client.call('applicants:search', { text: '' })) as { value: { applicants: { firstName: string }[] } };
  client.close();
  await host.stop();
  return reply.value.applicants.map((a) => a.firstName).reverse();
}

describe('station-admin', () => {
  it('exports an encrypted backup and restores it on another station folder and key', async () => {
    const data = join(dir.path, 'data');
    const key = join(dir.path, 'station.key');
    await enroll(data, key, ['Seán', 'Zoë']);
    const backup = join(dir.path, 'usb', 'station-backup.enc');
    const passphrase = { ENROLLMENT_STATION_BACKUP_PASSPHRASE: 'ship it back safely 42' };

    expect(admin(['backup-export', '--data', data, '--key-file', key, '--to', backup], passphrase)).toMatchObject({
      code: 1,
      output: expect.stringContaining('does not exist. Check that the removable media is mounted'),
    });
    await mkdir(join(dir.path, 'usb'));
    const exported = admin(['backup-export', '--data', data, '--key-file', key, '--to', backup], passphrase);
    expect(exported.output).toContain('Backup of 2 applicant(s) written');
    const bytes = await readFile(backup);
    for (const text of ['Seán', 'Zoë', 'Backup', 'applicants']) expect(bytes.includes(Buffer.from(text))).toBe(false);

    expect(admin(['backup-export', '--data', data, '--key-file', key, '--to', backup], passphrase)).toMatchObject({ code: 1, output: expect.stringContaining('never overwrites') });

    const wrong = admin(['backup-import', '--from', backup, '--data', join(dir.path, 'restored'), '--key-file', join(dir.path, 'new.key')], {
      ENROLLMENT_STATION_BACKUP_PASSPHRASE: 'not the passphrase',
    });
    expect(wrong).toMatchObject({ code: 1, output: expect.stringContaining('the backup passphrase is not the one it was made with') });

    const restored = admin(['backup-import', '--from', backup, '--data', join(dir.path, 'restored'), '--key-file', join(dir.path, 'new.key')], passphrase);
    expect(restored.output).toContain('Restored 2 applicant(s)');
    expect(await namesIn(join(dir.path, 'restored'), join(dir.path, 'new.key'))).toEqual(['Seán', 'Zoë']);
    expect(admin(['backup-import', '--from', backup, '--data', join(dir.path, 'restored'), '--key-file', join(dir.path, 'new.key')], passphrase)).toMatchObject({
      code: 1,
      output: expect.stringContaining('already holds a station store'),
    });
  });

  it('rotates the store key to a passphrase; the old key file no longer opens it, the station asks for the passphrase', async () => {
    const data = join(dir.path, 'data');
    const key = join(dir.path, 'station.key');
    await enroll(data, key, ['Ann']);
    const rotated = admin(['rotate-key', '--data', data, '--key-file', key, '--new-passphrase'], { ENROLLMENT_STATION_NEW_PASSPHRASE: 'a brand new passphrase' });
    expect(rotated.output).toContain('now encrypted with the station passphrase');
    // Started as before (key file, no passphrase given): the page asks for the passphrase, nothing opens without it.
    const host = await startWebHost({ dataDir: data, keyFile: key, env: { ENROLLMENT_STATION_PASSPHRASE: '' } });
    try {
      expect(host.output()).toContain('waiting for the station passphrase on the page');
      const client = await StationClient.connect(host.origin);
      await client.hello(host.secret);
      expect(await client.call('unlock:status')).toMatchObject({ ok: true, value: { state: 'unlock' } });
      expect(await client.call('applicants:search', { text: 'Ann' })).toMatchObject({ ok: false, error: { code: 'STATION_LOCKED' } });
      expect(await client.call('unlock:submit', { passphrase: 'the old key is no passphrase' })).toMatchObject({ ok: false, error: { code: 'PASSPHRASE_INCORRECT' } });
      expect(await client.call('unlock:submit', { passphrase: 'a brand new passphrase' })).toEqual({ ok: true, value: { state: 'open' } });
      client.close();
    } finally {
      await host.stop();
    }
    expect(await namesIn(data, key, { env: { ENROLLMENT_STATION_PASSPHRASE: 'a brand new passphrase' } })).toEqual(['Ann']);
  });
});

describe('web host --recover', () => {
  it('refuses a damaged journal, then opens what can be recovered and says what may be missing', async () => {
    const data = join(dir.path, 'data');
    const key = join(dir.path, 'station.key');
    await enroll(data, key, ['Ann', 'Bo', 'Cy']);
    const journal = join(data, 'station-journal.enc');
    const bytes = await readFile(journal);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    await writeFile(journal, bytes);

    const refused = await startWebHostExpectingFailure({ dataDir: data, keyFile: key });
    expect(refused.output).toContain('start the station with --recover');

    const host = await startWebHost({ dataDir: data, keyFile: key, args: ['--recover'] });
    expect(host.output()).toMatch(/Recovered the last good copy: everything saved up to .* is there; 1 change\(s\) saved after .* could not be read/);
    const client = await StationClient.connect(host.origin);
    await client.hello(host.secret);
    expect(await client.call('station:get-info')).toMatchObject({ ok: true, value: { recovery: { missingChanges: 1 } } });
    client.close();
    await host.stop();
    expect((await readdir(data)).some((n) => n.startsWith('damaged-'))).toBe(true);
    expect(await namesIn(data, key)).toEqual(['Ann', 'Bo']);
  });
});
