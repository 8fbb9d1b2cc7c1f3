import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';

/**
 * A pcscd of our own, for tests: Debian's pcscd in the foreground with its own reader
 * configuration (the vpcd virtual reader driver on a free pair of TCP ports) and its own
 * client socket, leaving the system pcscd and /run/pcscd alone.
 *
 * How it is isolated:
 * - Client socket: pcscd 1.9.9 always creates /run/pcscd/pcscd.comm unless started by
 *   systemd socket activation. pcscd-launch.pl creates a listening socket in our temp
 *   folder and hands it over on fd 3 with LISTEN_FDS=1 and LISTEN_PID=<pcscd's pid>.
 *   Clients reach it through PCSCLITE_CSOCK_NAME (see `env`).
 * - /run/pcscd: pcscd still writes pcscd.pid there (and mkdirs it, and deletes the pid file
 *   on exit), which would clobber the system pcscd's. So pcscd runs in a private mount
 *   namespace (unshare(1); with a user namespace when not root) where /run/pcscd is a bind
 *   mount of our temp folder, or /run a tmpfs when /run/pcscd does not exist.
 * - USB readers: the namespace hides pcscd's USB driver folder behind an empty tmpfs, so
 *   this pcscd never claims a real reader the system pcscd is using ("No bundle files in
 *   pcsc drivers directory … Disabling USB support"). The vpcd driver is reached through a
 *   bind mount of its folder made before the folder is hidden.
 * - Lifetime: unshare, setpriv, perl and pcscd exec one another, so the child we spawn IS
 *   pcscd; setpriv --pdeathsig TERM ends it if this Node process dies without stop().
 *
 * - Latency: vpcd sends length and payload as two writes with Nagle on, and the card's
 *   delayed ACK holds the second one: ≈ 44 ms per APDU. Unless `nodelayShim: false`,
 *   vpcd-nodelay.c is compiled (cc, ≈ 0.1 s; a C compiler is already needed to build the
 *   `smartcard` binding) and preloaded into pcscd to set TCP_NODELAY: ≈ 0.2 ms per APDU.
 *   Without a compiler it falls back to the plain driver (`latencyShim` says which).
 *
 * vpcd itself listens on all interfaces (0.0.0.0), as the system one does; the driver has
 * no option to bind loopback only.
 */

export interface PrivatePcscdOptions {
  /** FRIENDLYNAME in the reader config; readers are "<name> 00 00" and "<name> 00 01". Default "Virtual PCD". */
  friendlyName?: string;
  /** Use these two ports (p, p+1) instead of a free pair. */
  basePort?: number;
  /** pcscd -d: debug logging. */
  debug?: boolean;
  /** pcscd -a: log every APDU and response (implies debug). */
  logApdus?: boolean;
  /** How long to wait for "daemon ready" on each start. Default 10 s. */
  startTimeoutMs?: number;
  /** Preload vpcd-nodelay.c into pcscd (≈ 0.2 ms instead of ≈ 44 ms per APDU). Default true. */
  nodelayShim?: boolean;
}

export interface PrivatePcscd {
  /** The Unix socket clients must use; the same across restart(). */
  readonly socketPath: string;
  /** vpcd's ports: a virtual card connecting to [0] is in readerNames[0], [1] in readerNames[1]. */
  readonly vpcdPorts: readonly [number, number];
  readonly readerNames: readonly [string, string];
  /** Put this in the environment of whatever loads libpcsclite (before its first context). */
  readonly env: { readonly PCSCLITE_CSOCK_NAME: string };
  /** pcscd's pid while it runs. */
  readonly pid: number | null;
  readonly running: boolean;
  /** Whether vpcd-nodelay.c is preloaded, or why not. */
  readonly latencyShim: 'tcp-nodelay' | `none: ${string}`;
  /** Everything pcscd has logged so far (all starts). */
  output(): string;
  /** Ends pcscd (SIGTERM, SIGKILL after 5 s) and removes the temp folder. Safe to call twice. */
  stop(): Promise<void>;
  /** Stops pcscd if it runs and starts it again on the same socket path and ports. */
  restart(): Promise<void>;
}

const LAUNCHER = resolve(__dirname, 'pcscd-launch.pl');
const NODELAY_SOURCE = resolve(__dirname, 'vpcd-nodelay.c');
const PCSCD = '/usr/sbin/pcscd';
const VPCD_CONF = '/etc/reader.conf.d/vpcd';
const VPCD_DRIVER_FALLBACK = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
const MAX_OUTPUT = 1_000_000;

interface PcscdBuild {
  /** Where pcscd looks for USB drivers (hidden in the namespace). */
  usbDropDir: string;
  /** Where pcscd puts pcscd.comm and pcscd.pid (replaced in the namespace). */
  ipcDir: string;
}

/** From `pcscd --version`: "Enabled features: … usbdropdir=/usr/lib/pcsc/drivers ipcdir=/run/pcscd …". */
function pcscdBuild(): PcscdBuild {
  if (!existsSync(PCSCD)) throw new Error(`${PCSCD} is missing: install the Debian packages (scripts/install-test-deps.sh)`);
  const version = execFileSync(PCSCD, ['--version'], { encoding: 'utf8' });
  return {
    usbDropDir: /usbdropdir=(\S+)/.exec(version)?.[1] ?? '/usr/lib/pcsc/drivers',
    ipcDir: /ipcdir=(\S+)/.exec(version)?.[1] ?? '/run/pcscd',
  };
}

/** The vpcd driver library, as the Debian package's reader config names it. */
function vpcdDriver(): string {
  let path = VPCD_DRIVER_FALLBACK;
  if (existsSync(VPCD_CONF)) {
    const match = /^\s*LIBPATH\s+(\S+)/m.exec(readFileSync(VPCD_CONF, 'utf8'));
    if (match?.[1]) path = match[1];
  }
  if (!existsSync(path)) throw new Error(`vpcd driver not found at ${path}: install vsmartcard-vpcd`);
  return path;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    // vpcd binds 0.0.0.0, so check the same address.
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolvePort(true)));
  });
}

/** Two consecutive free ports (vpcd uses port and port+1 for its two readers). */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await new Promise<number>((resolvePort, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen({ port: 0, host: '0.0.0.0', exclusive: true }, () => {
        const address = server.address();
        const found = typeof address === 'object' && address ? address.port : 0;
        server.close(() => resolvePort(found));
      });
    });
    if (port > 0 && port < 65535 && (await portIsFree(port + 1))) return port;
  }
  throw new Error('no pair of consecutive free TCP ports found');
}

class PortTakenError extends Error {}

/** Compiles vpcd-nodelay.c into `dir`; the reason it could not otherwise. */
function buildNodelayShim(dir: string): { library: string } | { reason: string } {
  const library = join(dir, 'vpcd-nodelay.so');
  try {
    execFileSync('cc', ['-shared', '-fPIC', '-O2', '-o', library, NODELAY_SOURCE, '-ldl'], { stdio: ['ignore', 'ignore', 'pipe'] });
    return { library };
  } catch (error) {
    return { reason: `cc failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  }
}

function isInside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

export async function startPrivatePcscd(options: PrivatePcscdOptions = {}): Promise<PrivatePcscd> {
  const build = pcscdBuild();
  const driver = vpcdDriver();
  const friendlyName = options.friendlyName ?? 'Virtual PCD';
  if (!/^[\w .-]+$/.test(friendlyName)) throw new Error('friendlyName: letters, digits, space, dot, dash only');
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;

  const dir = await mkdtemp(join(tmpdir(), 'pcscd-'));
  const socketPath = join(dir, 'pcscd.comm');
  if (Buffer.byteLength(socketPath) > 100) throw new Error(`socket path too long for a Unix socket: ${socketPath}`);
  const ipcHidesParent = !existsSync(build.ipcDir);
  if (ipcHidesParent && isInside(dir, dirname(build.ipcDir))) {
    throw new Error(`temp folder ${dir} lies under ${dirname(build.ipcDir)}, which the private pcscd must hide; set TMPDIR elsewhere`);
  }
  let basePort = options.basePort ?? (await freePortPair());
  const ports = (): [number, number] => [basePort, basePort + 1];
  const readerNames = [`${friendlyName} 00 00`, `${friendlyName} 00 01`] as const;

  let child: ChildProcess | null = null;
  let output = '';
  let stopped = false;
  let shim: { library: string } | { reason: string } = { reason: 'disabled (nodelayShim: false)' };

  const prepareFiles = async (): Promise<void> => {
    await mkdir(join(dir, 'conf'), { recursive: true });
    await mkdir(join(dir, 'driver'), { recursive: true });
    await mkdir(join(dir, 'ipc'), { recursive: true });
    // Same syntax as /etc/reader.conf.d/vpcd: DEVICENAME /dev/null:<port> means "listen on <port>".
    const port = `0x${basePort.toString(16).toUpperCase()}`;
    await writeFile(
      join(dir, 'conf', 'vpcd'),
      `FRIENDLYNAME "${friendlyName}"\nDEVICENAME   /dev/null:${port}\nLIBPATH      ${join(dir, 'driver', basename(driver))}\nCHANNELID    ${port}\n`,
    );
    if (options.nodelayShim !== false) shim = buildNodelayShim(dir);
  };

  const command = (): string[] => {
    const namespace = process.getuid?.() === 0 ? ['--mount'] : ['--user', '--map-root-user', '--mount'];
    const mounts = ['--bind', dirname(driver), join(dir, 'driver')];
    if (ipcHidesParent) mounts.push('--tmpfs', dirname(build.ipcDir));
    else mounts.push('--bind', join(dir, 'ipc'), build.ipcDir);
    if (existsSync(build.usbDropDir)) mounts.push('--tmpfs', build.usbDropDir);
    const level = options.debug || options.logApdus ? ['-d'] : ['--info'];
    return [
      'unshare', ...namespace, '--propagation', 'private', '--',
      'setpriv', '--pdeathsig', 'TERM', '--',
      'perl', LAUNCHER, ...mounts, ...('library' in shim ? ['--preload', shim.library] : []), '--socket', socketPath, '--',
      PCSCD, '--foreground', ...level, ...(options.logApdus ? ['--apdu'] : []), '--config', join(dir, 'conf'),
    ];
  };

  const killNow = (): void => {
    child?.kill('SIGKILL');
  };

  const launch = async (): Promise<void> => {
    await prepareFiles();
    const [file, ...args] = command();
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.LISTEN_FDS;
    delete env.LISTEN_PID;
    delete env.PCSCLITE_CSOCK_NAME;
    const started = spawn(file!, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    process.once('exit', killNow);
    const gone = (): void => {
      if (child === started) child = null;
      process.off('exit', killNow);
    };
    started.once('exit', gone);
    started.once('error', gone);
    const startOffset = output.length;
    await new Promise<void>((resolveStart, reject) => {
      const timer = setTimeout(() => {
        started.kill('SIGKILL');
        reject(new Error(`private pcscd not ready after ${startTimeoutMs} ms:\n${output.slice(startOffset)}`));
      }, startTimeoutMs);
      const onOutput = (chunk: Buffer): void => {
        output += chunk.toString();
        if (output.length > MAX_OUTPUT) output = output.slice(-MAX_OUTPUT / 2);
        const log = output.slice(Math.min(startOffset, output.length));
        if (!log.includes('daemon ready')) return;
        clearTimeout(timer);
        // vpcd logs one line per reader it could open; a port taken meanwhile shows up here.
        const missing = ports().filter((p) => !log.includes(`Waiting for virtual ICC on port ${p}`));
        if (missing.length > 0) {
          started.kill('SIGKILL');
          reject(new PortTakenError(`vpcd could not listen on port(s) ${missing.join(', ')}:\n${log}`));
        } else resolveStart();
      };
      started.stdout?.on('data', onOutput);
      started.stderr?.on('data', onOutput);
      started.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`cannot start the private pcscd (${file}): ${error.message}`));
      });
      started.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`private pcscd exited before it was ready (code ${code}, signal ${signal}):\n${output.slice(startOffset)}`));
      });
    });
  };

  const terminate = async (): Promise<void> => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) {
      child = null;
      return;
    }
    await new Promise<void>((resolveExit) => {
      const force = setTimeout(() => running.kill('SIGKILL'), 5_000);
      running.once('exit', () => {
        clearTimeout(force);
        resolveExit();
      });
      running.kill('SIGTERM');
    });
    child = null;
  };

  // A free pair can be taken between the check and pcscd's bind: then try another pair.
  for (let attempt = 1; ; attempt++) {
    try {
      await launch();
      break;
    } catch (error) {
      await terminate();
      if (error instanceof PortTakenError && options.basePort === undefined && attempt < 3) {
        basePort = await freePortPair();
        continue;
      }
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  const cleanupOnExit = (): void => rmSync(dir, { recursive: true, force: true });
  process.once('exit', cleanupOnExit);

  return {
    socketPath,
    get vpcdPorts() {
      return ports();
    },
    readerNames,
    env: { PCSCLITE_CSOCK_NAME: socketPath },
    get pid() {
      return child?.pid ?? null;
    },
    get running() {
      return child !== null;
    },
    get latencyShim() {
      return 'library' in shim ? 'tcp-nodelay' : (`none: ${shim.reason}` as const);
    },
    output: () => output,
    async stop() {
      await terminate();
      if (!stopped) {
        stopped = true;
        process.off('exit', cleanupOnExit);
        await rm(dir, { recursive: true, force: true });
      }
    },
    async restart() {
      await terminate();
      if (stopped) {
        stopped = false;
        process.once('exit', cleanupOnExit);
      }
      await launch();
    },
  };
}
