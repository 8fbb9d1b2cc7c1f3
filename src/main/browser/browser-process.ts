import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface BrowserExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last of what the browser wrote to stderr (it is noisy; shown only when it failed). */
  stderrTail: string;
}

export interface BrowserProcess {
  readonly pid: number;
  /** Resolves when the browser's main process and every process of its group have ended. */
  readonly exited: Promise<BrowserExit>;
  /** Closes the browser (SIGTERM to its group, SIGKILL after `graceMs`) and waits for it. */
  stop(graceMs?: number): Promise<BrowserExit>;
}

const STDERR_TAIL = 4000;

/**
 * True while any process of process group `pgid` runs. On Linux /proc is read, so
 * that zombies (orphans a container's init never reaps) do not count as running.
 */
export function groupAlive(pgid: number): boolean {
  if (process.platform === 'linux') {
    try {
      return readdirSync('/proc').some((entry) => {
        if (!/^\d+$/.test(entry)) return false;
        try {
          const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
          const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          return Number(pgrp) === pgid && state !== 'Z' && state !== 'X';
        } catch {
          return false; // ended while we looked
        }
      });
    } catch {
      // no /proc: ask the kernel below
    }
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/**
 * Starts the browser in a process group of its own (a new session on POSIX), so that
 * its helpers (zygote, renderers, GPU process) end with it: once its main process
 * exits, whatever is left of the group gets SIGTERM, then SIGKILL. On Windows the
 * process tree is ended with taskkill.
 */
export function startBrowser(path: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): BrowserProcess {
  const windows = process.platform === 'win32';
  const child = spawn(path, args, {
    detached: !windows,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: options.env ?? process.env,
    windowsHide: false,
  });
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-STDERR_TAIL);
  });

  const mainExit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', (error) => {
      stderrTail += `\n${error.message}`;
      resolve({ code: null, signal: null });
    });
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });

  const pid = child.pid ?? -1;
  const endGroup = async (graceMs: number): Promise<void> => {
    if (pid <= 0) return;
    if (windows) {
      spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore' });
      return;
    }
    if (!groupAlive(pid)) return;
    signalGroup(pid, 'SIGTERM');
    if (await waitFor(() => !groupAlive(pid), graceMs)) return;
    signalGroup(pid, 'SIGKILL');
    await waitFor(() => !groupAlive(pid), graceMs);
  };

  const exited = mainExit.then(async (result) => {
    // The window is gone; helpers that outlive the main process are ended too.
    await endGroup(5_000);
    return { ...result, stderrTail };
  });

  return {
    pid,
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) {
        if (windows) await endGroup(graceMs);
        else {
          signalGroup(pid, 'SIGTERM');
          const ended = await Promise.race([mainExit.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), graceMs).unref())]);
          if (!ended) signalGroup(pid, 'SIGKILL');
        }
      }
      return exited;
    },
  };
}
