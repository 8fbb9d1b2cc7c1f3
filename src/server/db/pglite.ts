import { mkdir } from 'node:fs/promises';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import type { Database, Queryable, Row } from './database';

/**
 * PGlite: PostgreSQL in this process, one connection, data in `dataDir`. Every
 * statement and transaction goes through one queue, so a transaction never sees
 * another's statements interleaved (PGlite has a single session).
 */
export async function openPglite(dataDir: string): Promise<Database> {
  await mkdir(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir, {
    // Same shapes as the `pg` driver is configured for: int8 → number, timestamptz → Date.
    parsers: { [types.INT8]: (value: string) => Number(value) },
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
    close: () => exclusive(() => pg.close()),
  };
}
