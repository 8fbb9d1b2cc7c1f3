import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentralServer, type CentralServer } from '../support/central-server';
import { scratchDir } from '../support/web-host';

/**
 * Issue 13: the next steps `npm run operator-cards -- create` prints are run as printed,
 * against a real central server: every one must work (it used to tell the administrator
 * to register the expired operator, which the server rightly refuses).
 */
const ROOT = resolve(__dirname, '../..');
const run = promisify(execFile);
let server: CentralServer;
let dir: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  dir = await scratchDir('operator-cards-cli-');
  server = await startCentralServer({ backend: 'pglite', dataDir: join(dir.path, 'server') });
});
afterAll(async () => {
  await server?.stop();
  await dir?.remove();
});

/** The words of one printed shell line, with "…" quoting as the script writes it. */
function words(line: string): string[] {
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!));
}

describe('operator-cards create: the printed demo steps', () => {
  it('trust the CA, register the operators and revoke Rex: every printed server-admin command succeeds', async () => {
    const out = join(dir.path, 'cards');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/operator-cards.ts', 'create', '--out', out], { cwd: ROOT });
    const commands = stdout
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('npm run server-admin -- '))
      .map((line) => words(line.slice('npm run server-admin -- '.length)));
    expect(commands.map((c) => c[0])).toEqual(['trust-ca', 'add-operator', 'add-operator', 'add-operator', 'add-operator', 'revoke-cert']);
    expect(stdout).not.toMatch(/add-operator --cert \S*expired/);

    for (const args of commands) {
      const result = await run(process.execPath, ['--import', 'tsx', 'src/server/admin-cli.ts', ...args, '--server', server.url, '--data', server.dataDir], {
        cwd: ROOT,
        env: { ...process.env, ENROLLMENT_SERVER_ADMIN_KEY: '' },
      }).catch((error: { stderr?: string; stdout?: string }) => ({ failed: `${args.join(' ')}: ${error.stderr ?? ''}${error.stdout ?? ''}` }));
      expect('failed' in result ? result.failed : '').toBe('');
    }
    // Seven tsx processes, each a few seconds on a busy machine.
  }, 180_000);
});
