import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { until } from './until';

const run = promisify(execFile);

/** A private X server (Xvfb) on a free display number, for real windows in tests. */
export interface VirtualDisplay {
  /** ":N" */
  display: string;
  stop(): Promise<void>;
}

const TOOLS: ReadonlyArray<readonly [string, string]> = [
  ['/usr/bin/Xvfb', 'xvfb'],
  ['/usr/bin/xdotool', 'xdotool'],
  ['/usr/bin/import', 'imagemagick'],
];

/** Fails with what to install when Xvfb, xdotool or ImageMagick is missing. */
export function requireXTools(): void {
  const missing = TOOLS.filter(([path]) => !existsSync(path)).map(([, pkg]) => pkg);
  if (missing.length > 0) {
    throw new Error(`The window tests need ${missing.join(', ')}. Install them with: sudo ./scripts/install-test-deps.sh`);
  }
}

export async function startXvfb(): Promise<VirtualDisplay> {
  requireXTools();
  // -displayfd: Xvfb picks a free display number itself and writes it to fd 3.
  const xvfb: ChildProcess = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1440x900x24', '-nolisten', 'tcp', '-noreset'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  xvfb.stderr?.on('data', (c: Buffer) => (errors += c.toString()));
  const number = await new Promise<string>((resolve, reject) => {
    let text = '';
    (xvfb.stdio[3] as NodeJS.ReadableStream).on('data', (c: Buffer) => {
      text += c.toString();
      if (text.includes('\n')) resolve(text.trim());
    });
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it was ready:\n${errors}`)));
  });
  return {
    display: `:${number}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (xvfb.exitCode !== null || xvfb.signalCode !== null) return resolve();
        xvfb.once('exit', () => resolve());
        xvfb.kill('SIGTERM');
      }),
  };
}

/** Runs an X client tool (xdotool, xwininfo, import) on `display`; its stdout. */
export async function x(display: string, command: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(command, args, { env: { ...process.env, DISPLAY: display } });
  return stdout;
}

/** Visible windows whose title matches `name` (a regular expression, as xdotool takes it). */
export async function windowsNamed(display: string, name: string): Promise<string[]> {
  try {
    return (await x(display, 'xdotool', 'search', '--onlyvisible', '--name', name)).split('\n').filter(Boolean);
  } catch {
    return []; // xdotool exits 1 when nothing matches
  }
}

export async function windowName(display: string, id: string): Promise<string> {
  return (await x(display, 'xdotool', 'getwindowname', id)).trim();
}

/** Focuses the window (there is no window manager: X input focus) and types keys into it through XTEST. */
export async function pressKeys(display: string, id: string, ...keys: string[]): Promise<void> {
  await x(display, 'xdotool', 'windowfocus', '--sync', id);
  await x(display, 'xdotool', 'key', '--delay', '50', ...keys);
}

/** Every running process: pid, command line and environment (what this user may read of them). */
export function processes(): Array<{ pid: number; cmdline: string; environ: string }> {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        if (/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2))) return [];
        return [{ pid: Number(entry), cmdline: readFileSync(`/proc/${entry}/cmdline`, 'utf8'), environ: readFileSync(`/proc/${entry}/environ`, 'utf8') }];
      } catch {
        return []; // ended while we looked, or not ours to read
      }
    });
}

/** Waits until no process carries `marker` in its environment (every descendant of a run inherits it). */
export function noProcessWith(marker: string, limitMs = 30_000): Promise<true> {
  return until(() => {
    const left = processes().filter((p) => p.environ.split('\0').includes(marker));
    return left.length === 0 || undefined;
  }, `every process started with ${marker} to end`, limitMs).catch((error: Error) => {
    const left = processes().filter((p) => p.environ.split('\0').includes(marker));
    throw new Error(`${error.message}; still running:\n${left.map((p) => `  ${p.pid} ${p.cmdline.replace(/\0/g, ' ').slice(0, 200)}`).join('\n')}`);
  });
}
