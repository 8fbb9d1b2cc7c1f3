import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from './database';
import { LOCKS } from './locks';

const MIGRATIONS_DIR = join(__dirname, 'migrations');

export interface AppliedMigrations {
  /** Every migration the database has, oldest first (e.g. `001_initial`). */
  applied: string[];
  /** The ones this start applied. */
  appliedNow: string[];
}

/**
 * Applies the SQL files in `migrations/` (named `NNN_name.sql`) that the database does
 * not have yet, in order, in one transaction. The advisory lock makes several server
 * instances starting together on one PostgreSQL take turns: the first applies, the
 * others then find nothing left to do.
 */
export async function migrate(db: Database): Promise<AppliedMigrations> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((name) => /^\d{3}_[a-z0-9_-]+\.sql$/.test(name)).sort();
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, $2)', LOCKS.migrations);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await tx.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
    const have = new Set(rows.map((r) => r.version));
    const appliedNow: string[] = [];
    for (const file of files) {
      const version = Number(file.slice(0, 3));
      if (have.has(version)) continue;
      const name = file.replace(/\.sql$/, '');
      await tx.exec(await readFile(join(MIGRATIONS_DIR, file), 'utf8'));
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [version, name]);
      appliedNow.push(name);
    }
    const known = new Set(files.map((f) => Number(f.slice(0, 3))));
    const unknown = rows.filter((r) => !known.has(r.version));
    if (unknown.length > 0) {
      throw new Error(
        `The database has migration(s) this server does not know (${unknown.map((r) => r.name).join(', ')}): it was upgraded by a newer server. Run that version.`,
      );
    }
    return { applied: [...rows.map((r) => r.name), ...appliedNow], appliedNow };
  });
}
