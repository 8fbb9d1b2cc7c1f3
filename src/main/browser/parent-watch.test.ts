import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { until } from '../../../tests/support/until';

const ROOT = resolve(__dirname, '../../..');

describe.runIf(process.platform !== 'win32')('watchParent', { timeout: 60_000 }, () => {
  it('tells a child that its parent was killed (as npm leaves the launcher when its shell dies)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parent-watch-'));
    try {
      const marker = join(dir, 'lost');
      const pidFile = join(dir, 'child.pid');
      // parent → child; the child writes `marker` once its parent is gone.
      const childCode = `
        const { writeFileSync } = require('node:fs');
        const { watchParent } = require(${JSON.stringify(join(ROOT, 'src/main/browser/parent-watch.ts'))});
        watchParent(() => { writeFileSync(${JSON.stringify(marker)}, 'lost'); process.exit(0); }, 50);
        writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));
        setInterval(() => {}, 1000);`;
      const parentCode = `require('node:child_process').spawn(process.execPath, ['--import', 'tsx', '-e', ${JSON.stringify(childCode)}], { stdio: 'ignore' }); setInterval(() => {}, 1000);`;
      const parent = spawn(process.execPath, ['-e', parentCode], { cwd: ROOT, stdio: 'ignore' });
      await until(() => existsSync(pidFile), 'the child to watch its parent', 30_000);
      expect(existsSync(marker)).toBe(false);
      parent.kill('SIGKILL');
      await until(() => existsSync(marker), 'the child to notice its parent is gone');
      expect(readFileSync(marker, 'utf8')).toBe('lost');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
