import { mkdir, readFile, readlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** The app window's browser profile: a folder of its own inside the station's data folder. */
export function profileDirFor(dataDir: string): string {
  return join(dataDir, 'browser-profile');
}

/**
 * A browser still running on this profile, left over from an earlier start whose
 * launcher was killed (a second start of the same data folder is refused earlier, by
 * the store lock). Chromium would hand our window to it and exit at once, so the
 * caller ends it first. Only a process whose command line names this very profile
 * counts; anything else holding the pid is left alone.
 */
export async function leftoverBrowser(profileDir: string): Promise<number | undefined> {
  const target = await readlink(join(profileDir, 'SingletonLock')).catch(() => undefined);
  const match = target ? /^(.*)-(\d+)$/.exec(target) : null;
  if (!match || match[1] !== hostname()) return undefined;
  const pid = Number(match[2]);
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return cmdline.split('\0').includes(`--user-data-dir=${profileDir}`) ? pid : undefined;
}

export async function createProfileDir(profileDir: string): Promise<void> {
  await mkdir(profileDir, { recursive: true, mode: 0o700 });
}
