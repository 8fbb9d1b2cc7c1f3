import pg from 'pg';
import type { Database, Queryable, Row } from './database';

/** int8 (counts, feed positions) as a JS number, like PGlite; everything else as `pg` parses it. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  connectionString: string;
  /** Pool size. Long polls hold no connection while they wait, so a few are enough. */
  max?: number;
  /** Called when the LISTEN connection dropped or came back (for the log). */
  onListenState?: (state: 'lost' | 'restored', error?: unknown) => void;
}

/**
 * A real PostgreSQL: a pool for queries and transactions, and one dedicated client
 * for LISTEN that reconnects by itself (a lost connection silently loses LISTENs).
 */
export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10, types, application_name: 'enrollment-server' });
  // An idle client dying (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  // Fail fast with the driver's message when the URL is wrong.
  await pool.query('SELECT 1');

  const on = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T extends Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      const result = await client.query<T>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string): Promise<void> {
      await client.query(sql);
    },
  });
  const direct = on(pool);

  const listeners = new Map<string, Set<(payload: string | null) => void>>();
  let listenClient: pg.Client | undefined;
  let closed = false;
  let reconnectTimer: NodeJS.Timeout | undefined;

  const dispatch = (channel: string, payload: string | null): void => {
    for (const callback of listeners.get(channel) ?? []) callback(payload);
  };

  async function connectListener(): Promise<void> {
    const client = new pg.Client({ connectionString: options.connectionString, types, application_name: 'enrollment-server-listen' });
    client.on('notification', (message) => dispatch(message.channel, message.payload ?? ''));
    const lost = (error?: unknown): void => {
      if (listenClient !== client) return;
      listenClient = undefined;
      client.end().catch(() => undefined);
      if (closed) return;
      options.onListenState?.('lost', error);
      scheduleReconnect(250);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    for (const channel of listeners.keys()) await client.query(`LISTEN ${quoteIdent(channel)}`);
    listenClient = client;
  }

  function scheduleReconnect(delayMs: number): void {
    reconnectTimer = setTimeout(() => {
      connectListener().then(
        () => {
          options.onListenState?.('restored');
          // Whatever was notified while we were away is lost: tell everyone to re-read.
          for (const channel of listeners.keys()) dispatch(channel, null);
        },
        () => scheduleReconnect(Math.min(delayMs * 2, 5_000)),
      );
    }, delayMs);
    reconnectTimer.unref();
  }

  await connectListener();

  return {
    backend: 'postgresql',
    query: (sql, params) => direct.query(sql, params),
    exec: (sql) => direct.exec(sql),
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(on(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async listen(channel, onNotify) {
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
        await listenClient?.query(`LISTEN ${quoteIdent(channel)}`);
      }
      set.add(onNotify);
      return async () => {
        set.delete(onNotify);
        if (set.size === 0) {
          listeners.delete(channel);
          await listenClient?.query(`UNLISTEN ${quoteIdent(channel)}`).catch(() => undefined);
        }
      };
    },
    async close() {
      closed = true;
      clearTimeout(reconnectTimer);
      const client = listenClient;
      listenClient = undefined;
      await client?.end().catch(() => undefined);
      await pool.end();
    },
  };
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
