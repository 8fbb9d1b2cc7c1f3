import { join } from 'node:path';
import type { Database } from './database';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

export interface OpenDatabaseOptions {
  /** A PostgreSQL URL (from DATABASE_URL); absent → PGlite in `<dataDir>/pgdata`. */
  databaseUrl?: string;
  dataDir: string;
  onListenState?: (state: 'lost' | 'restored', error?: unknown) => void;
}

export function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres({ connectionString: options.databaseUrl, onListenState: options.onListenState });
  return openPglite(join(options.dataDir, 'pgdata'));
}
