/**
 * The one database interface the server codes against. Two implementations: PGlite
 * (PostgreSQL compiled to WASM, in-process, the no-setup default) and a real
 * PostgreSQL through `pg` (set DATABASE_URL). The SQL is the same for both.
 */
export type Backend = 'pglite' | 'postgresql';

export const BACKEND_NAMES: Record<Backend, string> = { pglite: 'PGlite', postgresql: 'PostgreSQL' };

export type Row = Record<string, unknown>;

/** Something that runs SQL: the database itself, or one open transaction. */
export interface Queryable {
  /** One statement with `$1…` parameters; resolves with its rows. */
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly backend: Backend;
  /**
   * Runs `fn` in one transaction: COMMIT when it resolves, ROLLBACK when it throws.
   * Inside, use only `tx` — on PGlite the database has one connection, and a call on
   * the database itself from inside a transaction would wait for that transaction.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Calls `onNotify` for every NOTIFY on `channel` from any process sharing the
   * database, and with `null` after a lost LISTEN connection came back (notifications
   * may have been missed: re-read). Resolves with the function that stops listening.
   */
  listen(channel: string, onNotify: (payload: string | null) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** PostgreSQL's SQLSTATEs after which the whole transaction may simply be run again. */
const RETRYABLE = new Set(['40001', '40P01']);

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isRetryable(error: unknown): boolean {
  const state = sqlState(error);
  return state !== undefined && RETRYABLE.has(state);
}

/** Timestamps come back as Date from both drivers; the protocol speaks ISO-8601 UTC. */
export function iso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return new Date(String(value)).toISOString();
}

export function isoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : iso(value);
}
