import { X509Certificate } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { OperatorResponse, RegistryResponse } from '../shared/contract/operator-protocol';
import { CreateTokenResponse, ServerErrorBody, StationSummary } from '../shared/contract/server-protocol';
import { verifyAuditChain } from '../shared/domain/audit-chain';
import { nodeEd25519 } from '../node/crypto';
import { CertificateFingerprint, type Operator } from '../shared/domain/operator';
import { Role } from '../shared/domain/roles';
import { AuditExport } from './operators/audit-store';
import { ServerAuditLogResponse } from './operators/server-audit';
import { ADMIN_KEY_ENV, DEFAULT_HOST, DEFAULT_PORT, defaultDataDir } from './config';

/**
 * Administrator commands against a running central server (over HTTP):
 *   npm run server-admin -- create-token [--name X] [--hours N]
 *   npm run server-admin -- list-stations
 *   npm run server-admin -- revoke <stationId>
 *   npm run server-admin -- trust-ca | add-operator | set-operator | revoke-cert | list-operators
 *   npm run server-admin -- audit-log | audit-export
 * The key comes from ENROLLMENT_SERVER_ADMIN_KEY or the server's <data>/admin.key.
 */
const USAGE = `Usage: npm run server-admin -- <command> [options]

  create-token [--name NAME] [--hours N]   a one-time station enrollment token (default valid 72 h)
  list-stations                            registered stations, last sync, revoked or not
  revoke STATION_ID [--reason TEXT]        the station can no longer sync or register again

  Operators (sign-in is configured once a CA is trusted; using this admin key is
  "break-glass" and every use is written to the server audit log):
  trust-ca --cert FILE                     trust the CA (PEM) that issues operator certificates
  add-operator --cert FILE --name NAME --roles clerk[,supervisor,administrator]
                                           add an operator by their certificate (PEM); one
                                           already registered is refused: use set-operator.
                                           The admin key is not subject to four eyes (it makes
                                           the first Administrator); at a station, granting
                                           Administrator waits for a second Administrator.
  set-operator FINGERPRINT [--roles R1,R2] [--disable | --enable]
  revoke-cert FINGERPRINT --reason TEXT    revoke an operator certificate for good
  list-operators                           operators, roles, trusted CAs, revoked certificates

  Audit:
  audit-log [--limit N]                    the server audit log (break-glass uses, registry changes, broken chains)
  audit-export --station ID --out FILE     a station's audit chain as a JSON bundle an auditor can verify

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
      cert: { type: 'string' },
      roles: { type: 'string' },
      disable: { type: 'boolean' },
      enable: { type: 'boolean' },
      reason: { type: 'string' },
      limit: { type: 'string' },
      station: { type: 'string' },
      out: { type: 'string' },
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
      'Give it to the site: at the station, open Station › Sync, enter this server\'s address and the token, and choose Register station.',
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
    const station = StationSummary.parse(await call(server, key, 'POST', `/v1/admin/stations/${encodeURIComponent(stationId)}/revoke`, values.reason ? { reason: values.reason } : undefined));
    return `Station ${station.stationName} (${station.stationId}) is revoked since ${station.revokedAt}. It can no longer sync.`;
  }
  if (command === 'trust-ca') {
    const pem = await certificateFile(values.cert, 'trust-ca');
    const before = fingerprintOfPem(pem);
    const { registry } = RegistryResponse.parse(await call(server, key, 'POST', '/v1/admin/operators/cas', { certificatePem: pem }));
    return [`Trusted CA ${before.subject} (fingerprint ${before.fingerprint}).`, `The server trusts ${registry.caCertificates.length} CA(s): operator sign-in is configured.`].join('\n');
  }
  if (command === 'add-operator') {
    const pem = await certificateFile(values.cert, 'add-operator');
    if (!values.name?.trim()) throw new CliError('add-operator needs --name "Full Name".');
    const roles = parseRoles(values.roles, 'add-operator');
    const { operator } = OperatorResponse.parse(await call(server, key, 'POST', '/v1/admin/operators', { certificatePem: pem, name: values.name.trim(), roles }));
    return `Operator ${describe(operator)}`;
  }
  if (command === 'set-operator') {
    const fingerprint = fingerprintArg(positionals[1], 'set-operator');
    if (values.disable && values.enable) throw new CliError('Give --disable or --enable, not both.');
    const body = {
      ...(values.roles === undefined ? {} : { roles: parseRoles(values.roles, 'set-operator') }),
      ...(values.disable ? { disabled: true } : values.enable ? { disabled: false } : {}),
    };
    if (Object.keys(body).length === 0) throw new CliError('set-operator needs --roles, --disable or --enable.');
    const { operator } = OperatorResponse.parse(await call(server, key, 'PATCH', `/v1/admin/operators/${fingerprint}`, body));
    return `Operator ${describe(operator)}`;
  }
  if (command === 'revoke-cert') {
    const fingerprint = fingerprintArg(positionals[1], 'revoke-cert');
    if (!values.reason?.trim()) throw new CliError('revoke-cert needs --reason "why" (kept in the registry and the audit log).');
    const { registry } = RegistryResponse.parse(await call(server, key, 'POST', '/v1/admin/operators/revoked-certificates', { fingerprint, reason: values.reason.trim() }));
    const revoked = registry.revokedCertificates.find((r) => r.fingerprint === fingerprint);
    return `Certificate ${fingerprint} is revoked since ${revoked?.revokedAt ?? '?'}. Stations refuse it once they pull the registry (at most ${24} h offline).`;
  }
  if (command === 'list-operators') {
    const { registry } = RegistryResponse.parse(await call(server, key, 'GET', '/v1/admin/operators'));
    const revoked = new Set(registry.revokedCertificates.map((r) => r.fingerprint));
    const lines = [`Trusted CAs: ${registry.caCertificates.length === 0 ? 'none (sign-in not configured)' : ''}`];
    for (const pem of registry.caCertificates) {
      const ca = fingerprintOfPem(pem);
      lines.push(`  ${ca.fingerprint}  ${ca.subject}`);
    }
    lines.push(`Operators: ${registry.operators.length === 0 ? 'none' : ''}`);
    for (const operator of registry.operators) lines.push(`  ${describe(operator)}${revoked.has(operator.fingerprint) ? '  REVOKED' : ''}`);
    lines.push(`Revoked certificates: ${registry.revokedCertificates.length}`);
    for (const r of registry.revokedCertificates) lines.push(`  ${r.fingerprint}  ${r.revokedAt}  ${r.reason}`);
    return lines.join('\n');
  }
  if (command === 'audit-log') {
    const limit = values.limit === undefined ? 100 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new CliError('--limit must be a whole number from 1 to 1000.');
    const { entries } = ServerAuditLogResponse.parse(await call(server, key, 'GET', `/v1/admin/audit-log?limit=${limit}`));
    if (entries.length === 0) return 'The server audit log is empty.';
    return entries
      .map((e) => `${e.at}  ${e.action}  by ${e.actorKind === 'admin-key' ? 'the admin key (break-glass)' : `${e.actorName ?? ''} ${e.actor}`.trim()}${e.stationId ? ` at station ${e.stationId}` : ''}  ${JSON.stringify(e.details)}`)
      .join('\n');
  }
  if (command === 'audit-export') {
    if (!values.station || !values.out) throw new CliError('audit-export needs --station STATION_ID and --out FILE.');
    const bundle = AuditExport.parse(await call(server, key, 'GET', `/v1/admin/audit/${encodeURIComponent(values.station)}`));
    await writeFile(values.out, JSON.stringify(bundle, null, 2) + '\n', { mode: 0o600 });
    const check = bundle.publicKey ? verifyAuditChain(bundle.entries, { publicKey: bundle.publicKey, stationId: bundle.stationId, ed25519: nodeEd25519, ...(bundle.head ? { acknowledgedHead: bundle.head } : {}) }) : undefined;
    return [
      `Wrote ${bundle.entries.length} audit entries of station ${bundle.stationId} to ${values.out}.`,
      bundle.publicKey ? `Station audit key ${bundle.publicKey}; head ${bundle.head ? `${bundle.head.seq} ${bundle.head.hash}` : 'none'}.` : 'The station has not delivered any audit entries yet.',
      check ? (check.ok ? 'The chain verifies: every entry is intact, signed and linked.' : `The chain does NOT verify: ${check.findings.map((f) => f.message).join(' ')}`) : '',
    ]
      .filter(Boolean)
      .join('\n');
  }
  throw new CliError(`Unknown command "${command}".\n\n${USAGE}`);
}

async function certificateFile(path: string | undefined, command: string): Promise<string> {
  if (!path) throw new CliError(`${command} needs --cert FILE (a PEM certificate).`);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
}

function fingerprintOfPem(pem: string): { fingerprint: string; subject: string } {
  try {
    const certificate = new X509Certificate(pem);
    return { fingerprint: certificate.fingerprint256.replaceAll(':', '').toLowerCase(), subject: certificate.subject.replaceAll('\n', ', ') };
  } catch {
    throw new CliError('The file is not a PEM certificate (-----BEGIN CERTIFICATE----- …).');
  }
}

function fingerprintArg(value: string | undefined, command: string): string {
  const parsed = CertificateFingerprint.safeParse(value?.toLowerCase());
  if (!parsed.success) throw new CliError(`${command} needs the certificate fingerprint (64 hex digits; see list-operators).`);
  return parsed.data;
}

function parseRoles(value: string | undefined, command: string): Role[] {
  const roles = (value ?? '').split(',').map((r) => r.trim()).filter(Boolean);
  const parsed = Role.array().min(1).safeParse(roles);
  if (!parsed.success) throw new CliError(`${command} needs --roles with one or more of ${Role.options.join(', ')} (comma-separated).`);
  return parsed.data;
}

function describe(operator: Operator): string {
  return `${operator.name}  ${operator.fingerprint}  roles ${operator.roles.join(',')}${operator.disabled ? '  DISABLED' : ''}`;
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
