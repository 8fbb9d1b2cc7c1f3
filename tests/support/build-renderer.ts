import { build } from 'vite';
import { resolve } from 'node:path';

/** Builds the renderer once per test run, as `npm run start:web` does. */
export default async function setup(): Promise<void> {
  await build({ configFile: resolve(__dirname, '../../vite.config.ts'), logLevel: 'warn' });
}
