import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { STATION_CLOCK_OFFSET_ENV } from './test-clock';

export interface RunningHost {
  /** The address the host printed, with this launch's secret in the fragment. */
  url: string;
  origin: string;
  secret: string;
  dataDir: string;
  keyFile: string;
  output: () => string;
  /** The host process, e.g. to count its open file descriptors. */
  pid: number;
  stop(): Promise<void>;
  /** Kills the host at once (SIGKILL), as a power cut would. */
  kill(): Promise<void>;
}

const ROOT = resolve(__dirname, '../..');

/** The web host itself, or, for a shifted clock, the test launcher that gives it one (the host never reads test settings). */
function entry(env: NodeJS.ProcessEnv | undefined): string {
  return { ...process.env, ...env }[STATION_CLOCK_OFFSET_ENV] ? 'tests/support/launch-web-host.ts' : 'src/main/web-host.ts';
}

/** A scratch folder for one test's station data and key. */
export async function scratchDir(prefix = 'station-'): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/**
 * Starts the real web host (`src/main/web-host.ts`) as a child process on a free
 * port, exactly as `npm run start:web` does after its build step.
 */
export async function startWebHost(options: { dataDir: string; keyFile: string; env?: NodeJS.ProcessEnv; args?: string[] }): Promise<RunningHost> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', entry(options.env), '--port', '0', '--data', options.dataDir, '--key-file', options.keyFile, ...(options.args ?? [])],
    { cwd: ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+)\/#key=(\S+)/.exec(output);
      if (match) resolveUrl(match[0]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`web host exited with ${code}:\n${output}`)));
  });
  const match = /(http:\/\/127\.0\.0\.1:\d+)\/#key=(\S+)/.exec(url)!;
  return {
    url,
    origin: match[1]!,
    secret: match[2]!,
    dataDir: options.dataDir,
    keyFile: options.keyFile,
    output: () => output,
    pid: child.pid!,
    stop: () => ended(child, 'SIGTERM'),
    kill: () => ended(child, 'SIGKILL'),
  };
}

/** Ends the host with `signal`; one that has not gone 15 s later (a stuck station) is killed, so no test waits for ever. */
function ended(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise<void>((resolveStop) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
    const stuck = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(stuck);
      resolveStop();
    });
    child.kill(signal);
  });
}

/** Runs the web host expecting it to refuse to start; resolves with what it printed. */
export function startWebHostExpectingFailure(options: { dataDir: string; keyFile: string; env?: NodeJS.ProcessEnv }): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', entry(options.env), '--port', '0', '--data', options.dataDir, '--key-file', options.keyFile],
    { cwd: ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolveExit({ code, output });
    });
  });
}
