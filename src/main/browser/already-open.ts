import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The store's lock file (src/main/store/station-store.ts takes it when the store opens). */
export const STORE_LOCK_FILE = 'station-store.lock';
/**
 * The app window's own lock, taken before its back end starts: a store waiting for its
 * passphrase is not open yet, so its lock alone would let a second window in (and that
 * one's browser would hand itself to the first's, which shares the profile).
 */
export const APP_WINDOW_LOCK_FILE = 'app-window.lock';

/**
 * Why a second `npm start` on this data folder cannot open it, or undefined when no
 * running station holds it. Asked before anything is built or started: with a
 * passphrase the store (and its lock) opens only once the passphrase is typed, and a
 * second window would otherwise appear only to fail then. The store's own lock stays
 * the guard; this only says it early.
 */
export async function alreadyOpen(dataDir: string, self: number = process.pid): Promise<string | undefined> {
  for (const file of [APP_WINDOW_LOCK_FILE, STORE_LOCK_FILE]) {
    const pid = await lockOwner(join(dataDir, file), self);
    if (pid !== undefined) return alreadyOpenMessage(dataDir, pid);
  }
  return undefined;
}

async function lockOwner(lockFile: string, self: number): Promise<number | undefined> {
  const pid = Number.parseInt(await readFile(lockFile, 'utf8').catch(() => ''), 10);
  if (!Number.isInteger(pid) || pid <= 0 || pid === self) return undefined;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined; // a crashed station's lock: taken over
  }
  return pid;
}

export function alreadyOpenMessage(dataDir: string, pid: number): string {
  return `Another Enrollment Station (process ${pid}) already has this data folder open (${dataDir}). Its window is already open: use that one, or close it to start the station again here.`;
}
