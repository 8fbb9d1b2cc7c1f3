import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The store's lock file (src/main/store/station-store.ts takes it when the store opens). */
export const STORE_LOCK_FILE = 'station-store.lock';

/**
 * Why a second `npm start` on this data folder cannot open it, or undefined when no
 * running station holds it. Asked before anything is built or started: with a
 * passphrase the store (and its lock) opens only once the passphrase is typed, and a
 * second window would otherwise appear only to fail then. The store's own lock stays
 * the guard; this only says it early.
 */
export async function alreadyOpen(dataDir: string, self: number = process.pid): Promise<string | undefined> {
  const pid = Number.parseInt(await readFile(join(dataDir, STORE_LOCK_FILE), 'utf8').catch(() => ''), 10);
  if (!Number.isInteger(pid) || pid <= 0 || pid === self) return undefined;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined; // a crashed station's lock: taken over
  }
  return `Another Enrollment Station (process ${pid}) already has this data folder open (${dataDir}). Its window is already open: use that one, or close it to start the station again here.`;
}
