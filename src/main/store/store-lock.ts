import { open, readFile, unlink } from 'node:fs/promises';
import { StationError } from '../../shared/contract/errors';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One process per store: a lock file holding the owner's pid. A lock left by a
 * process that no longer runs (a crash) is taken over.
 */
export async function acquireStoreLock(lockFile: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockFile, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return async () => {
        await unlink(lockFile).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(await readFile(lockFile, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
        throw new StationError(
          'STORE_LOCKED',
          `Another Enrollment Station (process ${owner}) already has this data folder open. Use that station, or close it and start again.`,
          { lockFile, pid: owner },
        );
      }
      await unlink(lockFile).catch(() => undefined);
    }
  }
  throw new StationError('STORE_LOCKED', `The store lock ${lockFile} could not be taken. Close other stations and start again.`, { lockFile });
}
