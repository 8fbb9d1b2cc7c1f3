import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../../../tests/support/until';
import { createProfileDir, leftoverBrowser, profileDirFor } from './profile';

describe.runIf(process.platform === 'linux')('leftoverBrowser', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'profile-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the profile inside the data folder', () => {
    expect(profileDirFor('/srv/station')).toBe('/srv/station/browser-profile');
  });

  it('finds a browser still running on this profile, and only that', async () => {
    const profile = profileDirFor(dir);
    await createProfileDir(profile);
    expect(await leftoverBrowser(profile)).toBeUndefined();

    // A process whose command line names this profile, as a left-over Chromium's does.
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '--', `--user-data-dir=${profile}`], { stdio: 'ignore' });
    try {
      // Right after spawn /proc may still show the parent's command line: wait for the exec.
      await until(async () => (await readFile(`/proc/${child.pid}/cmdline`, 'utf8').catch(() => '')).includes(profile), 'the child to start');
      await symlink(`${hostname()}-${child.pid}`, join(profile, 'SingletonLock'));
      expect(await leftoverBrowser(profile)).toBe(child.pid);
      // The same pid under another profile, or another host's lock: not ours to end.
      expect(await leftoverBrowser(join(dir, 'other'))).toBeUndefined();
      await rm(join(profile, 'SingletonLock'));
      await symlink(`another-host-${child.pid}`, join(profile, 'SingletonLock'));
      expect(await leftoverBrowser(profile)).toBeUndefined();
      await rm(join(profile, 'SingletonLock'));
      await symlink(`${hostname()}-${process.pid}`, join(profile, 'SingletonLock'));
      expect(await leftoverBrowser(profile)).toBeUndefined();
    } finally {
      child.kill('SIGKILL');
    }
  });
});
