import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port';

/**
 * A private PostgreSQL cluster for one test run (or one benchmark): `initdb` into a
 * temporary folder, `postgres` on a free port on 127.0.0.1 and a socket in that folder,
 * removed again by `stop()`. PostgreSQL refuses to run as root; as root the cluster
 * runs as the `postgres` system user.
 *
 * Durability is relaxed (fsync off): a test cluster is thrown away, and its speed should not
 * be the disk's. Commits are still never lost when postgres itself is killed. Pass
 * `{ durable: true }` to measure with fsync on.
 */
export interface PrivatePostgres {
  /** The cluster's `postgres` database (superuser `postgres`, no password). */
  url: string;
  port: number;
  version: string;
  /** A new empty database in this cluster; resolves with its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the cluster abruptly ("immediate" shutdown, as after a crash) but keeps its files: a database outage. */
  crash(): Promise<void>;
  /** Starts it again after `crash()`, on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export async function startPostgres(options: { durable?: boolean } = {}): Promise<PrivatePostgres> {
  if (!existsSync(join(BIN, 'initdb')) || !existsSync(join(BIN, 'postgres'))) {
    throw new Error(
      `PostgreSQL 15 is not installed (no ${BIN}/initdb). The server tests run against a real PostgreSQL as well as PGlite: run \`sudo ./scripts/install-test-deps.sh\` (or set PG_BIN to another PostgreSQL's bin folder).`,
    );
  }
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? postgresUser() : undefined;
  const dir = await mkdtemp(join(tmpdir(), 'pg-test-'));
  if (user) await chown(dir, user.uid, user.gid);
  const dataDir = join(dir, 'data');
  const spawnAs = user ? { uid: user.uid, gid: user.gid } : {};

  const init = spawnSync(join(BIN, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale', 'C', '--no-sync'], {
    ...spawnAs,
    encoding: 'utf8',
  });
  if (init.status !== 0) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status}):\n${init.stdout}\n${init.stderr}`);
  }
  const version = (spawnSync(join(BIN, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout ?? '').trim();

  const port = await freePort();
  let output = '';
  let child: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    const args = ['-D', dataDir, '-k', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];
    // fsync off survives a killed postgres (the WAL is in the OS's cache), only not a machine
    // crash; synchronous_commit stays on, or a crash() could lose acknowledged commits.
    if (!options.durable) args.push('-c', 'fsync=off', '-c', 'full_page_writes=off');
    const proc = spawn(join(BIN, 'postgres'), args, { ...spawnAs, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    proc.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    proc.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    await waitReady(proc, port, () => output);
  };
  await launch();

  // A test run that dies must not leave a postmaster behind.
  const killOnExit = (): void => {
    child?.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  let databases = 0;
  const exited = (proc: ChildProcess | undefined): Promise<void> =>
    new Promise((resolveExit) => {
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return resolveExit();
      proc.once('exit', () => resolveExit());
    });

  return {
    url,
    port,
    version,
    async createDatabase(name?: string): Promise<string> {
      databases += 1;
      const db = name ?? `test_${process.pid}_${databases}_${Date.now() % 100000}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${db.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
      return `postgresql://postgres@127.0.0.1:${port}/${db}`;
    },
    async crash(): Promise<void> {
      const proc = child;
      // SIGQUIT: immediate shutdown; children go too, so the cluster can start again at once.
      proc?.kill('SIGQUIT');
      await exited(proc);
    },
    restart: launch,
    async stop(): Promise<void> {
      process.off('exit', killOnExit);
      const proc = child;
      // SIGINT: PostgreSQL's "fast" shutdown (disconnects clients, no waiting for them).
      proc?.kill('SIGINT');
      const timer = setTimeout(() => proc?.kill('SIGKILL'), 10_000);
      await exited(proc);
      clearTimeout(timer);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function postgresUser(): { uid: number; gid: number } {
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error('PostgreSQL will not run as root and there is no `postgres` user to run it as: run `sudo ./scripts/install-test-deps.sh`.');
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

async function waitReady(proc: ChildProcess, port: number, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`postgres exited with ${proc.exitCode}:\n${output()}`);
    const client = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres`, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
    }
    if (Date.now() > deadline) throw new Error(`postgres did not accept connections within 30 s:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
