import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type {
  LeaseRequest,
  LeaseResponse,
  OutboxEntry,
  PullResponse,
  PushResponse,
  RegisterResponse,
  ServerErrorBody,
  StationSummary,
} from '../../src/shared/contract/server-protocol';
import { SERVER_CLOCK_OFFSET_ENV } from './test-clock';

/**
 * The central server (`src/server/index.ts`) as a CHILD PROCESS on 127.0.0.1, so a test
 * can SIGKILL it mid-push and start it again on the same port and data. Also small
 * helpers to talk to it as an administrator or as a station.
 */
export type CentralBackend = 'pglite' | 'postgresql';

export const BACKEND_LABELS: Record<CentralBackend, string> = { pglite: 'PGlite', postgresql: 'PostgreSQL 15' };

export interface CentralServerOptions {
  backend: CentralBackend;
  /** Required for `postgresql` (see tests/support/postgres.ts). */
  databaseUrl?: string;
  /** Default: a new temporary folder, removed by `stop()`. */
  dataDir?: string;
  /** Default 0 (a free port, kept across `restart()`). */
  port?: number;
  host?: string;
  tls?: { certFile: string; keyFile: string };
  /** Extra environment, e.g. ENROLLMENT_SERVER_ADMIN_KEY or LOG_LEVEL. */
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the "listening" line (PGlite's first open takes ≈ 3.5 s). */
  startTimeoutMs?: number;
}

export interface CentralServer {
  url: string;
  port: number;
  backend: CentralBackend;
  dataDir: string;
  adminKey: string;
  pid: number;
  /** A one-time station enrollment token from the admin endpoint. */
  createToken(stationName?: string, expiresInHours?: number): Promise<string>;
  /** Kills the process (default SIGKILL) and waits for it; data and port stay for `restart()`. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again (stopping it first if running) on the same port and data. */
  restart(): Promise<void>;
  /** SIGTERM, wait, and remove the data folder if this helper made it. */
  stop(): Promise<void>;
  /** Everything the process printed (all runs). */
  logs(): string;
}

const ROOT = resolve(__dirname, '../..');
const LISTENING = /Enrollment server listening on (https?:\/\/\S+) \(backend (pglite|postgresql)/;

export async function startCentralServer(options: CentralServerOptions): Promise<CentralServer> {
  if (options.backend === 'postgresql' && !options.databaseUrl) throw new Error('startCentralServer: backend postgresql needs a databaseUrl (see tests/support/postgres.ts).');
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'central-server-')));
  let port = options.port ?? 0;
  let output = '';
  let child: ChildProcess | undefined;

  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  // Never let an inherited DATABASE_URL turn a PGlite test into a PostgreSQL one.
  delete env.DATABASE_URL;
  if (options.backend === 'postgresql') env.DATABASE_URL = options.databaseUrl;

  const launch = async (): Promise<string> => {
    // A shifted clock goes through the test launcher: the server itself never reads test settings.
    const entry = env[SERVER_CLOCK_OFFSET_ENV] ? 'tests/support/launch-central-server.ts' : 'src/server/index.ts';
    const args = ['--import', 'tsx', entry, '--port', String(port), '--data', dataDir];
    if (options.host) args.push('--host', options.host);
    if (options.tls) args.push('--tls-cert', options.tls.certFile, '--tls-key', options.tls.keyFile);
    const proc = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    // 'close' comes after the last of its output has been read; 'exit' may come before.
    closed = new Promise((resolveClosed) => proc.once('close', () => resolveClosed()));
    const started = output.length;
    return new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
        reject(new Error(`The central server did not start within ${(options.startTimeoutMs ?? 60_000) / 1000} s. Its output:\n${output.slice(started)}`));
      }, options.startTimeoutMs ?? 60_000);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        const match = LISTENING.exec(output.slice(started));
        if (match) {
          clearTimeout(timer);
          if (match[2] !== options.backend) reject(new Error(`The server started on ${match[2]}, not ${options.backend}:\n${output.slice(started)}`));
          else resolveUrl(match[1]!);
        }
      };
      proc.stdout.on('data', onData);
      proc.stderr.on('data', onData);
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`The central server exited (${signal ?? code}) before listening. Its output:\n${output.slice(started)}`));
      });
    });
  };

  let closed: Promise<void> = Promise.resolve();
  /** Resolves once the server has exited and everything it printed is in `output`. */
  const exited = (): Promise<void> => closed;

  // A test run that dies must not leave a server behind.
  const killOnExit = (): void => {
    child?.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const url = await launch().catch(async (error: unknown) => {
    process.off('exit', killOnExit);
    if (ownDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  port = Number(new URL(url).port);
  const adminKey = options.env?.ENROLLMENT_SERVER_ADMIN_KEY ?? (await readFile(join(dataDir, 'admin.key'), 'utf8')).trim();

  const server: CentralServer = {
    url,
    port,
    backend: options.backend,
    dataDir,
    adminKey,
    get pid() {
      return child?.pid ?? -1;
    },
    async createToken(stationName?: string, expiresInHours?: number): Promise<string> {
      const { status, body } = await request<{ token: string }>(url, 'POST', '/v1/admin/station-tokens', {
        body: { ...(stationName ? { stationName } : {}), ...(expiresInHours ? { expiresInHours } : {}) },
        authorization: `Bearer admin.${adminKey}`,
      });
      if (status !== 200) throw new Error(`Creating a station token failed (${status}): ${JSON.stringify(body)}`);
      return body.token;
    },
    async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
      child?.kill(signal);
      await exited();
    },
    async restart(): Promise<void> {
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited();
      }
      await launch();
    },
    async stop(): Promise<void> {
      process.off('exit', killOnExit);
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child?.kill('SIGKILL'), 10_000);
        await exited();
        clearTimeout(timer);
      }
      if (ownDir) await rm(dataDir, { recursive: true, force: true });
    },
    logs: () => output,
  };
  return server;
}

// ── Talking to the server ───────────────────────────────────────────────────

export interface HttpResult<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** One JSON request; never throws for an HTTP error status (tests assert on it). */
export async function request<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; authorization?: string; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.authorization) headers.authorization = options.authorization;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(new URL(path, baseUrl), { method, headers, body, signal: options.signal });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: the test sees the text.
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

export interface StationCredentials {
  stationId: string;
  secret: string;
  /** `Bearer <stationId>.<secret>` */
  authorization: string;
}

/** A new token and a new station id, registered. */
export async function registerStation(server: Pick<CentralServer, 'url' | 'createToken'>, stationName = 'Test station'): Promise<StationCredentials> {
  // The token names no station: tests register many stations under one name, which a named
  // token refuses while a station of that name is registered (ALREADY_EXISTS).
  const token = await server.createToken();
  const stationId = randomUUID();
  const { status, body } = await request<RegisterResponse | ServerErrorBody>(server.url, 'POST', '/v1/stations/register', { body: { token, stationId, stationName } });
  if (status !== 200 || !('secret' in body)) throw new Error(`Registering a station failed (${status}): ${JSON.stringify(body)}`);
  return { stationId, secret: body.secret, authorization: `Bearer ${stationId}.${body.secret}` };
}

/** A station's view of the sync API: raw results, so tests can assert on refusals. */
export function stationApi(baseUrl: string, credentials: StationCredentials) {
  const authorization = credentials.authorization;
  return {
    push: (mutations: OutboxEntry[]) => request<PushResponse & ServerErrorBody>(baseUrl, 'POST', '/v1/sync/push', { body: { mutations }, authorization }),
    pull: (query: { after?: number; limit?: number; wait?: number } = {}, signal?: AbortSignal) => {
      const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
      return request<PullResponse & ServerErrorBody>(baseUrl, 'GET', `/v1/sync/changes?${params}`, { authorization, signal });
    },
    lease: (lease: LeaseRequest) => request<LeaseResponse & ServerErrorBody>(baseUrl, 'POST', '/v1/sync/employee-number-blocks', { body: lease, authorization }),
  };
}

/** Administrator calls with the server's admin key. */
export function adminApi(server: Pick<CentralServer, 'url' | 'adminKey'>) {
  const authorization = `Bearer admin.${server.adminKey}`;
  return {
    stations: () => request<StationSummary[]>(server.url, 'GET', '/v1/admin/stations', { authorization }),
    revoke: (stationId: string) => request<StationSummary & ServerErrorBody>(server.url, 'POST', `/v1/admin/stations/${stationId}/revoke`, { authorization }),
  };
}
