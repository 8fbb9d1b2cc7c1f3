import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alreadyOpen, APP_WINDOW_LOCK_FILE, STORE_LOCK_FILE } from './already-open';

describe('alreadyOpen', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'already-open-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('says which running station holds the data folder', async () => {
    expect(await alreadyOpen(dir)).toBeUndefined();
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      await writeFile(join(dir, STORE_LOCK_FILE), String(other.pid));
      expect(await alreadyOpen(dir)).toBe(
        `Another Enrollment Station (process ${other.pid}) already has this data folder open (${dir}). Its window is already open: use that one, or close it to start the station again here.`,
      );
    } finally {
      other.kill('SIGKILL');
      await new Promise((r) => other.once('exit', r));
    }
    // The app window's own lock counts too: its store may still be waiting for the passphrase.
    const window = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      await writeFile(join(dir, APP_WINDOW_LOCK_FILE), String(window.pid));
      expect(await alreadyOpen(dir)).toMatch(new RegExp(`^Another Enrollment Station \\(process ${window.pid}\\) already has this data folder open`));
    } finally {
      window.kill('SIGKILL');
      await new Promise((r) => window.once('exit', r));
    }
    // The lock of a station that crashed is no reason: the store takes it over.
    expect(await alreadyOpen(dir)).toBeUndefined();
    await writeFile(join(dir, STORE_LOCK_FILE), 'garbage');
    expect(await alreadyOpen(dir)).toBeUndefined();
  });
});
