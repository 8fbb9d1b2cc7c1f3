import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../../../tests/support/until';
import { groupAlive, startBrowser } from './browser-process';

/**
 * A stand-in for a browser, as a real process tree: the main process starts a helper
 * (as Chromium starts its zygote and renderers), writes both pids, then behaves as told.
 */
const FAKE_BROWSER = `
const { spawn } = require('node:child_process');
const { writeFileSync } = require('node:fs');
const [pidFile, behaviour] = process.argv.slice(1);
const helperCode = behaviour === 'run' ? 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)' : 'setInterval(() => {}, 1000)';
// Set up before the pids are written: the test may signal as soon as it reads them.
if (behaviour === 'stubborn') process.on('SIGTERM', () => {});
const helper = spawn(process.execPath, ['-e', helperCode], { stdio: 'ignore' });
writeFileSync(pidFile, JSON.stringify({ main: process.pid, helper: helper.pid }));
process.stderr.write('fake browser: started\\n');
if (behaviour === 'exit-now') setTimeout(() => process.exit(3), 100);
setInterval(() => {}, 1000);
`;

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^Z|^X/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

// Real processes on a busy machine: generous limits; they only stop a broken test from hanging.
describe.runIf(process.platform === 'linux')('startBrowser', { timeout: 30_000 }, () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'browser-process-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const pids = (file: string) => until(() => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as { main: number; helper: number };
    } catch {
      return undefined;
    }
  }, 'the fake browser to start');

  it('runs the browser in a process group of its own and stop() ends all of it', async () => {
    const file = join(dir, 'pids.json');
    const browser = startBrowser(process.execPath, ['-e', FAKE_BROWSER, file, 'run']);
    const { main, helper } = await pids(file);
    expect(main).toBe(browser.pid);
    expect(groupAlive(browser.pid)).toBe(true);
    expect(alive(helper)).toBe(true);

    const exit = await browser.stop(2_000);
    expect(exit.signal ?? exit.code).toBe('SIGTERM');
    expect(alive(main)).toBe(false);
    // The helper ignores SIGTERM, as a hung renderer might: it is killed after the grace time.
    expect(alive(helper)).toBe(false);
    expect(groupAlive(browser.pid)).toBe(false);
  });

  it('ends the helpers left behind when the main process exits by itself, and keeps what it said', async () => {
    const file = join(dir, 'pids.json');
    const browser = startBrowser(process.execPath, ['-e', FAKE_BROWSER, file, 'exit-now']);
    const { helper } = await pids(file);
    const exit = await browser.exited;
    expect(exit.code).toBe(3);
    expect(exit.stderrTail).toContain('fake browser: started');
    expect(alive(helper)).toBe(false);
    expect(groupAlive(browser.pid)).toBe(false);
  });

  it('kills a browser that ignores SIGTERM after the grace time', async () => {
    const file = join(dir, 'pids.json');
    const browser = startBrowser(process.execPath, ['-e', FAKE_BROWSER, file, 'stubborn']);
    const { main } = await pids(file);
    const exit = await browser.stop(300);
    expect(exit.signal).toBe('SIGKILL');
    expect(alive(main)).toBe(false);
  });

  it('reports a browser that cannot be started', async () => {
    const browser = startBrowser(join(dir, 'no-such-browser'), []);
    const exit = await browser.exited;
    expect(exit).toMatchObject({ code: null, signal: null });
    expect(exit.stderrTail).toContain('ENOENT');
  });
});
