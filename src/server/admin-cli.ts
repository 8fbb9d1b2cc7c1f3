import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CreateTokenResponse, ServerErrorBody, StationSummary } from '../shared/contract/sync-protocol';
import { ADMIN_KEY_ENV, DEFAULT_HOST, DEFAULT_PORT, defaultDataDir } from './config';

/**
 * Administrator commands against a running central server (over HTTP):
 *   npm run server-admin -- create-token [--name X] [--hours N]
 *   npm run server-admin -- list-stations
 *   npm run server-admin -- revoke <stationId>
 * The key comes from ENROLLMENT_SERVER_ADMIN_KEY or the server's <data>/admin.key.
 */
const USAGE = `Usage: npm run server-admin -- <command> [options]

  create-token [--name NAME] [--hours N]   a one-time station enrollment token (default valid 72 h)
  list-stations                            registered stations, last sync, revoked or not
  revoke STATION_ID                        the station can no longer sync or register again

  --server URL   the central server (default http://${DEFAULT_HOST}:${DEFAULT_PORT})
  --data DIR     the server's data folder, to read admin.key (default ${defaultDataDir()})
                 or set ${ADMIN_KEY_ENV}`;

class CliError extends Error {}

async function adminKey(dataDir: string): Promise<string> {
  const fromEnv = process.env[ADMIN_KEY_ENV]?.trim();
  if (fromEnv) return fromEnv;
  const path = join(dataDir, 'admin.key');
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (error) {
    throw new CliError(`Cannot read the administrator key ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Give the server's data folder with --data DIR, or set ${ADMIN_KEY_ENV}.`);
  }
}

async function call(server: string, key: string, method: string, path: string, body?: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(new URL(path, server), {
      method,
      headers: { authorization: `Bearer admin.${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new CliError(`Cannot reach the server at ${server} (${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}). Is it running? Give its address with --server URL.`);
  }
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const parsed = ServerErrorBody.safeParse(json);
    throw new CliError(parsed.success ? `${parsed.data.error.message} (${parsed.data.error.code})` : `The server answered ${response.status}.`);
  }
  return json;
}

export async function runAdminCli(argv: string[]): Promise<string> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      server: { type: 'string' },
      data: { type: 'string' },
      name: { type: 'string' },
      hours: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || !command) return USAGE;
  const server = values.server ?? `http://${DEFAULT_HOST}:${DEFAULT_PORT}`;
  const key = await adminKey(resolve(values.data ?? defaultDataDir()));

  if (command === 'create-token') {
    const hours = values.hours === undefined ? undefined : Number(values.hours);
    if (hours !== undefined && (!Number.isInteger(hours) || hours < 1 || hours > 720)) throw new CliError('--hours must be a whole number from 1 to 720.');
    const created = CreateTokenResponse.parse(
      await call(server, key, 'POST', '/v1/admin/station-tokens', { ...(values.name ? { stationName: values.name } : {}), ...(hours ? { expiresInHours: hours } : {}) }),
    );
    return [
      created.token,
      '',
      `One-time station enrollment token${values.name ? ` for "${values.name}"` : ''}, valid until ${created.expiresAt}.`,
      'Give it to the site: in the station, Settings → Station registration → paste the token.',
    ].join('\n');
  }
  if (command === 'list-stations') {
    const stations = StationSummary.array().parse(await call(server, key, 'GET', '/v1/admin/stations'));
    if (stations.length === 0) return 'No stations registered yet.';
    return stations
      .map((s) => `${s.stationId}  ${s.stationName}  registered ${s.registeredAt}  last seen ${s.lastSeenAt ?? 'never'}  applied ${s.lastAppliedSeq}${s.revokedAt ? `  REVOKED ${s.revokedAt}` : ''}`)
      .join('\n');
  }
  if (command === 'revoke') {
    const stationId = positionals[1];
    if (!stationId) throw new CliError(`revoke needs the station id (see list-stations).\n\n${USAGE}`);
    const station = StationSummary.parse(await call(server, key, 'POST', `/v1/admin/stations/${encodeURIComponent(stationId)}/revoke`));
    return `Station ${station.stationName} (${station.stationId}) is revoked since ${station.revokedAt}. It can no longer sync.`;
  }
  throw new CliError(`Unknown command "${command}".\n\n${USAGE}`);
}

if (require.main === module) {
  runAdminCli(process.argv.slice(2)).then(
    (text) => console.log(text),
    (error: unknown) => {
      console.error(error instanceof CliError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? (error as Error).message : error);
      process.exit(1);
    },
  );
}
