import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeEach, expect, it } from 'vitest';
import { AuditHeadResponse } from '../../../src/shared/contract/operator-protocol';
import { ServerErrorBody } from '../../../src/shared/contract/server-protocol';
import { GENESIS_HASH, generateAuditKeyPair, sealAuditEntry, verifyAuditChain, type AuditEntry, type AuditKeyPair, type ChainHead } from '../../../src/shared/domain/audit-chain';
import { RegistryResponse } from '../../../src/shared/contract/operator-protocol';
import { request } from '../../support/central-server';
import { createTestCa } from '../../support/operator-pki';
import { describeEachBackend, feedAfter, feedEnd, newStation, useCentralServer, type TestStation } from './fixture';

/** The audit trail on the server: each station's chain continued exactly, or refused and recorded; the auditor's export; the admin CLI. */

const ROOT = resolve(__dirname, '../../..');
const keys = (): AuditKeyPair => generateAuditKeyPair((n) => new Uint8Array(randomBytes(n)));

/** `count` entries continuing `after`, sealed with `key`. */
function chain(station: TestStation, key: AuditKeyPair, after: ChainHead, count: number, summary = 'Added applicant'): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let previous = after;
  for (let i = 0; i < count; i += 1) {
    const seq = previous.seq + 1;
    const entry = sealAuditEntry(
      { id: randomUUID(), seq, at: new Date().toISOString(), action: 'applicant.created', employeeNumber: '30000001', operator: 'Clara Clerk', stationId: station.stationId, stationName: 'Front desk', summary: `${summary} ${seq}`, prevHash: previous.hash },
      key.secretKey,
    );
    entries.push(entry);
    previous = { seq, hash: entry.hash };
  }
  return entries;
}
const headOf = (entries: AuditEntry[]): ChainHead => ({ seq: entries.at(-1)!.seq, hash: entries.at(-1)!.hash });

describeEachBackend('audit chain', (backend) => {
  const fx = useCentralServer(backend);
  let station: TestStation;
  let key: AuditKeyPair;
  beforeEach(async () => {
    station = await newStation(fx.server, 'Front desk');
    key = keys();
  });
  const send = (entries: unknown[], publicKey = key.publicKey, who: TestStation = station) =>
    request<AuditHeadResponse & ServerErrorBody>(fx.server.url, 'POST', '/v1/audit/entries', { body: { publicKey, entries }, authorization: who.authorization });
  const head = async (): Promise<AuditHeadResponse> => AuditHeadResponse.parse((await request(fx.server.url, 'GET', '/v1/audit/head', { authorization: station.authorization })).body);
  const expectBroken = async (entries: unknown[], problem: string): Promise<void> => {
    const response = await send(entries);
    expect(response.status, JSON.stringify(response.body)).toBe(409);
    const error = ServerErrorBody.parse(response.body).error;
    expect(error.code).toBe('AUDIT_CHAIN_BROKEN');
    expect((error.details?.findings as Array<{ problem: string }>).map((f) => f.problem)).toContain(problem);
  };

  it('accepts a good chain in several pushes; a repeated push is harmless; the head and key are kept', async () => {
    expect(await head()).toMatchObject({ head: null, publicKey: null });
    const first = chain(station, key, { seq: 0, hash: GENESIS_HASH }, 3);
    const accepted = await send(first);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(AuditHeadResponse.parse(accepted.body)).toMatchObject({ head: headOf(first), publicKey: key.publicKey });
    const second = chain(station, key, headOf(first), 3);
    expect((await send(second)).body.head).toEqual(headOf(second));
    // The answer was lost: the same entries again change nothing.
    expect((await send(second)).body.head).toEqual(headOf(second));
    // Overlapping what the server holds, then new ones.
    const third = chain(station, key, headOf(second), 2);
    expect((await send([...second.slice(1), ...third])).body.head).toEqual(headOf(third));
    expect(await head()).toMatchObject({ head: headOf(third), publicKey: key.publicKey });
  });

  it('refuses a changed byte, a deleted entry, two swapped entries and a rewritten tail (AUDIT_CHAIN_BROKEN), and records each break', async () => {
    const kept = chain(station, key, { seq: 0, hash: GENESIS_HASH }, 4);
    expect((await send(kept)).status).toBe(200);
    const next = chain(station, key, headOf(kept), 3);

    const flipped = next.map((e) => ({ ...e }));
    flipped[1]!.summary = flipped[1]!.summary.replace('Added', 'Adder');
    await expectBroken(flipped, 'hash-mismatch');
    await expectBroken([next[0], next[2]], 'sequence-gap');
    await expectBroken([next[1], next[0], next[2]], 'broken-link');
    // Truncated to entry 2 and written again with other content.
    const rewritten = chain(station, key, { seq: 2, hash: kept[1]!.hash }, 5, 'Rewritten');
    await expectBroken(rewritten, 'hash-mismatch');
    // Entries of another station (signed with its key) do not continue this one either.
    const other = await newStation(fx.server, 'Other');
    const othersEntries = chain(other, key, headOf(kept), 1);
    await expectBroken(othersEntries, 'wrong-station');

    // None of it was stored: the real continuation is still accepted.
    expect(await head()).toMatchObject({ head: headOf(kept) });
    expect((await send(next)).body.head).toEqual(headOf(next));

    const log = await request<{ entries: Array<{ action: string; actorKind: string; actor: string; details: { findings: unknown[] } }> }>(fx.server.url, 'GET', '/v1/admin/audit-log?action=audit.chain-broken&limit=100', {
      authorization: `Bearer admin.${fx.server.adminKey}`,
    });
    const mine = log.body.entries.filter((e) => e.actor === station.stationId);
    expect(mine).toHaveLength(5);
    expect(mine[0]).toMatchObject({ actorKind: 'station', details: { findings: expect.any(Array) } });
  });

  it('a different audit key is refused (AUDIT_KEY_MISMATCH); the first push registered the key for good', async () => {
    const first = chain(station, key, { seq: 0, hash: GENESIS_HASH }, 2);
    expect((await send(first)).status).toBe(200);
    const stranger = keys();
    const response = await send(chain(station, stranger, headOf(first), 1), stranger.publicKey);
    expect(response.status).toBe(409);
    expect(ServerErrorBody.parse(response.body).error.code).toBe('AUDIT_KEY_MISMATCH');
    // Signed with another key but claiming the registered one: a bad signature, so a broken chain.
    await expectBroken(chain(station, stranger, headOf(first), 1), 'bad-signature');
    expect(await head()).toMatchObject({ head: headOf(first), publicKey: key.publicKey });
  });

  it('an auditor gets the chain from the admin endpoint and from server-admin audit-export, and it verifies', async () => {
    const entries = chain(station, key, { seq: 0, hash: GENESIS_HASH }, 5);
    expect((await send(entries.slice(0, 2))).status).toBe(200);
    expect((await send(entries.slice(2))).status).toBe(200);
    const exported = await request<{ stationId: string; publicKey: string; head: ChainHead; entries: AuditEntry[] }>(fx.server.url, 'GET', `/v1/admin/audit/${station.stationId}`, {
      authorization: `Bearer admin.${fx.server.adminKey}`,
    });
    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({ stationId: station.stationId, publicKey: key.publicKey, head: headOf(entries) });
    expect(verifyAuditChain(exported.body.entries, { publicKey: exported.body.publicKey, stationId: station.stationId, acknowledgedHead: exported.body.head }).ok).toBe(true);
    expect((await request(fx.server.url, 'GET', `/v1/admin/audit/${station.stationId}`, { authorization: station.authorization })).status).toBe(401);
    expect((await request(fx.server.url, 'GET', `/v1/admin/audit/${randomUUID()}`, { authorization: `Bearer admin.${fx.server.adminKey}` })).status).toBe(404);

    const out = join(fx.dir, `audit-${station.stationId}.json`);
    const cli = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/server/admin-cli.ts', 'audit-export', '--station', station.stationId, '--out', out, '--server', fx.server.url, '--data', fx.server.dataDir], {
      cwd: ROOT,
      env: { ...process.env, ENROLLMENT_SERVER_ADMIN_KEY: '' },
    });
    expect(cli.stdout).toContain('The chain verifies');
    const bundle = JSON.parse(await readFile(out, 'utf8')) as { stationId: string; publicKey: string; head: ChainHead; entries: AuditEntry[] };
    expect(bundle).toEqual(exported.body);
    // An auditor who finds a changed entry in the bundle sees it.
    bundle.entries[2]!.operator = 'Someone else';
    expect(verifyAuditChain(bundle.entries, { publicKey: bundle.publicKey, acknowledgedHead: bundle.head }).findings.map((f) => f.problem)).toContain('hash-mismatch');
  });

  it('server-admin: trust-ca, add-operator, set-operator, revoke-cert, list-operators and audit-log, each use of the key logged as break-glass', async () => {
    const cli = async (...args: string[]): Promise<string> =>
      (await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/server/admin-cli.ts', ...args, '--server', fx.server.url, '--data', fx.server.dataDir], { cwd: ROOT, env: { ...process.env, ENROLLMENT_SERVER_ADMIN_KEY: '' } })).stdout;
    const ca = await createTestCa('CLI Operator CA');
    const operator = await ca.issue({ name: 'Cleo Clerk' });
    const caFile = join(fx.dir, 'ca.pem');
    const operatorFile = join(fx.dir, 'cleo.pem');
    await writeFile(caFile, ca.certificatePem);
    await writeFile(operatorFile, operator.certificatePem);
    const cursor = await feedEnd(station);

    expect(await cli('trust-ca', '--cert', caFile)).toContain(ca.fingerprint);
    expect(await cli('add-operator', '--cert', operatorFile, '--name', 'Cleo Clerk', '--roles', 'clerk')).toContain(operator.fingerprint);
    expect(await cli('set-operator', operator.fingerprint, '--roles', 'clerk,supervisor', '--disable')).toMatch(/roles clerk,supervisor\s+DISABLED/);
    expect(await cli('set-operator', operator.fingerprint, '--enable')).not.toContain('DISABLED');
    expect(await cli('revoke-cert', operator.fingerprint, '--reason', 'Card lost')).toContain('revoked');
    const listed = await cli('list-operators');
    expect(listed).toContain(ca.fingerprint);
    expect(listed).toMatch(new RegExp(`Cleo Clerk\\s+${operator.fingerprint}\\s+roles clerk,supervisor\\s+REVOKED`));
    const refused = await cli('add-operator', '--cert', caFile, '--name', 'Not a person', '--roles', 'clerk').catch((e: { stderr: string }) => e.stderr);
    expect(refused).toContain('is a CA certificate');

    // Five changes, five feed entries; the station reads the registry it ended with.
    const sets = (await feedAfter(station, cursor)).filter((e) => e.change.kind === 'operator-registry.set');
    expect(sets).toHaveLength(5);
    const registry = RegistryResponse.parse((await request(fx.server.url, 'GET', '/v1/operators/registry', { authorization: station.authorization })).body).registry;
    expect(sets.at(-1)!.change).toEqual({ kind: 'operator-registry.set', registry });

    const log = await cli('audit-log', '--limit', '30');
    expect(log).toContain('break-glass.used  by the admin key (break-glass)');
    for (const action of ['operator-registry.ca-trusted', 'operator-registry.operator-added', 'operator-registry.operator-changed', 'operator-registry.certificate-revoked']) expect(log).toContain(action);
  });
});
