import { CredentialType, type CredentialType as CredentialTypeT } from '../../shared/domain/credential-types';
import type { Database, Queryable } from '../db/database';
import { LOCKS } from '../db/locks';
import { canonicalJson } from './canonical-json';
import { appendFeed } from './feed';

const KEY = 'credential-types';

export async function currentCredentialTypes(tx: Queryable): Promise<CredentialTypeT[]> {
  const rows = await tx.query<{ value: unknown }>('SELECT value FROM settings WHERE key = $1', [KEY]);
  return rows[0] ? CredentialType.array().parse(rows[0].value) : [];
}

/**
 * At start: the credential types in force are the stored ones; the configured ones
 * (server.config.json) replace them when they differ, and the first start seeds them.
 * Each change is one `credential-types.set` feed entry, so stations follow.
 */
export async function ensureCredentialTypes(db: Database, options: { configured?: readonly CredentialTypeT[]; defaults: readonly CredentialTypeT[] }): Promise<'seeded' | 'updated' | 'unchanged'> {
  return db.transaction(async (tx) => {
    // Several instances may start together: the first one decides, the others see its result.
    await tx.query('SELECT pg_advisory_xact_lock($1, $2)', LOCKS.migrations);
    const rows = await tx.query<{ value: unknown }>('SELECT value FROM settings WHERE key = $1', [KEY]);
    const stored = rows[0] ? CredentialType.array().parse(rows[0].value) : undefined;
    const wanted = options.configured ?? stored ?? options.defaults;
    if (stored && canonicalJson(stored) === canonicalJson(wanted)) return 'unchanged';
    await tx.query(
      'INSERT INTO settings (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value',
      [KEY, JSON.stringify(wanted)],
    );
    await appendFeed(tx, [{ kind: 'credential-types.set', credentialTypes: [...wanted] }]);
    return stored ? 'updated' : 'seeded';
  });
}
