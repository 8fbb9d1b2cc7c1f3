import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import { ConfigError } from '../config';
import type { Database, Queryable, Row } from './database';

/**
 * PGlite: PostgreSQL in this process, one connection, data in `dataDir`. Every
 * statement and transaction goes through one queue, so a transaction never sees
 * another's statements interleaved (PGlite has a single session).
 */
export async function openPglite(dataDir: string): Promise<Database> {
  await mkdir(dataDir, { recursive: true });
  const releaseLock = await lockDataDir(dataDir);
  const pg = await PGlite.create(dataDir, {
    // Same shapes as the `pg` driver is configured for: int8 → number, timestamptz → Date.
    parsers: { [types.INT8]: (value: string) => Number(value) },
  }).catch(async (error: unknown) => {
    await releaseLock();
    throw error;
  });

  let tail: Promise<unknown> = Promise.resolve();
  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  }

  const on = (target: PGlite | Transaction): Queryable => ({
    async query<T extends Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      const result = await target.query<T>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string): Promise<void> {
      await target.exec(sql);
    },
  });
  const direct = on(pg);

  return {
    backend: 'pglite',
    query: (sql, params) => exclusive(() => direct.query(sql, params)),
    exec: (sql) => exclusive(() => direct.exec(sql)),
    transaction: (fn) => exclusive(() => pg.transaction((tx) => fn(on(tx)))),
    async listen(channel, onNotify) {
      const unlisten = await exclusive(() => pg.listen(channel, (payload) => onNotify(payload)));
      return () => exclusive(() => unlisten());
    },
    close: () =>
      exclusive(async () => {
        await pg.close();
        await releaseLock();
      }),
  };
}

/**
 * PGlite has no postmaster to refuse a second process on the same files, and two would
 * corrupt them silently: a lock file with our pid does it. A lock left by a process that
 * no longer runs (killed) is taken over.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, 'server.pid');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(path, String(process.pid), { flag: 'wx' });
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (holder && holder !== process.pid && isRunning(holder)) {
        throw new ConfigError(`Another server (process ${holder}) is using the database in ${dataDir}. Stop it first, or give this one another --data folder (or a DATABASE_URL to share a PostgreSQL).`);
      }
      await rm(path, { force: true });
    }
  }
  throw new Error(`Cannot lock ${path}; remove it if no server is running.`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
