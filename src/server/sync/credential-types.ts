import { CredentialType, type CredentialType as CredentialTypeT } from '../../shared/domain/credential-types';
import type { Database, Queryable } from '../db/database';
import { LOCKS } from '../db/locks';
import { canonicalJson } from './canonical-json';
import { appendFeed } from './feed';

const KEY = 'credential-types';

export async function currentCredentialTypes(tx: Queryable, options: { forUpdate?: boolean } = {}): Promise<CredentialTypeT[]> {
  const rows = await tx.query<{ value: unknown }>(`SELECT value FROM settings WHERE key = $1${options.forUpdate ? ' FOR UPDATE' : ''}`, [KEY]);
  return rows[0] ? CredentialType.array().parse(rows[0].value) : [];
}

/** Stores the types in force and publishes them (one `credential-types.set` feed entry), inside the caller's transaction. */
export async function storeCredentialTypes(tx: Queryable, types: readonly CredentialTypeT[]): Promise<void> {
  await tx.query('INSERT INTO settings (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [KEY, JSON.stringify(types)]);
  await appendFeed(tx, [{ kind: 'credential-types.set', credentialTypes: [...types] }]);
}

/**
 * At start, a one-time import: when the database holds no credential types yet, the
 * configured ones (server.config.json `credentialTypes`, else the defaults) are seeded.
 * After that the database holds them and they are managed in Station › Administration;
 * a configured list that differs is `ignored` (the caller logs a warning), never applied.
 */
export async function ensureCredentialTypes(db: Database, options: { configured?: readonly CredentialTypeT[] | undefined; defaults: readonly CredentialTypeT[] }): Promise<'seeded' | 'ignored' | 'unchanged'> {
  return db.transaction(async (tx) => {
    // Several instances may start together: the first one decides, the others see its result.
    await tx.query('SELECT pg_advisory_xact_lock($1, $2)', LOCKS.migrations);
    const rows = await tx.query<{ value: unknown }>('SELECT value FROM settings WHERE key = $1', [KEY]);
    const stored = rows[0] ? CredentialType.array().parse(rows[0].value) : undefined;
    if (!stored) {
      await storeCredentialTypes(tx, options.configured ?? options.defaults);
      return 'seeded';
    }
    if (options.configured && canonicalJson(stored) !== canonicalJson(options.configured)) return 'ignored';
    return 'unchanged';
  });
}

export const CREDENTIAL_TYPES_IGNORED_WARNING =
  'server.config.json lists credentialTypes that differ from the ones in the database: they are ignored. Credential types were imported from the configuration once, at the first start; they are managed in Station › Administration › Credential types now (remove credentialTypes from server.config.json to silence this warning).';
