import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';

/** Every migration the server ships (`001_initial`, …), oldest first: what a fresh database ends up with. */
export const SHIPPED_MIGRATIONS: readonly string[] = readdirSync(resolve(__dirname, '../../src/server/db/migrations'))
  .filter((name) => /^\d{3}_[a-z0-9_-]+\.sql$/.test(name))
  .sort()
  .map((name) => name.replace(/\.sql$/, ''));
