import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { RegisterResponse, ServerErrorBody, StationSummary } from '../../../src/shared/contract/server-protocol';
import { adminApi, request, stationApi } from '../../support/central-server';
import { describeEachBackend, newStation, useCentralServer, withServerDatabase } from './fixture';

const ROOT = resolve(__dirname, '../../..');

describeEachBackend('station registration and administration', (backend) => {
  const fx = useCentralServer(backend);
  const register = (body: unknown) => request(fx.server.url, 'POST', '/v1/stations/register', { body });

  it('exchanges a token once for a 43-character secret that then authenticates the station', async () => {
    const token = await fx.server.createToken('Site A');
    const stationId = randomUUID();
    const first = await register({ token, stationId, stationName: 'Site A' });
    expect(first.status).toBe(200);
    const body = RegisterResponse.parse(first.body);
    expect(body.stationId).toBe(stationId);
    expect(body.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const api = stationApi(fx.server.url, { stationId, secret: body.secret, authorization: `Bearer ${stationId}.${body.secret}` });
    expect((await api.pull()).status).toBe(200);
    const wrong = stationApi(fx.server.url, { stationId, secret: 'x'.repeat(43), authorization: `Bearer ${stationId}.${'x'.repeat(43)}` });
    const refused = await wrong.pull();
    expect(refused.status).toBe(401);
    expect(ServerErrorBody.parse(refused.body).error.code).toBe('UNAUTHORIZED');
  });

  it('accepts the token in lower case with spaces around it (as pasted)', async () => {
    const token = await fx.server.createToken();
    const response = await register({ token: `  ${token.toLowerCase()} `, stationId: randomUUID(), stationName: 'Pasted' });
    expect(response.status).toBe(200);
  });

  it('gives the same station a fresh secret when it retries with its token (the answer was lost); the old secret stops working', async () => {
    const token = await fx.server.createToken();
    const stationId = randomUUID();
    const first = RegisterResponse.parse((await register({ token, stationId, stationName: 'Retry' })).body);
    const again = await register({ token, stationId, stationName: 'Retry' });
    expect(again.status).toBe(200);
    const second = RegisterResponse.parse(again.body);
    expect(second.secret).not.toBe(first.secret);
    const oldCredential = stationApi(fx.server.url, { stationId, secret: first.secret, authorization: `Bearer ${stationId}.${first.secret}` });
    expect((await oldCredential.pull()).status).toBe(401);
    const newCredential = stationApi(fx.server.url, { stationId, secret: second.secret, authorization: `Bearer ${stationId}.${second.secret}` });
    expect((await newCredential.pull()).status).toBe(200);
  });

  it('refuses a token already used by another station (409 TOKEN_USED)', async () => {
    const token = await fx.server.createToken();
    expect((await register({ token, stationId: randomUUID(), stationName: 'First' })).status).toBe(200);
    const second = await register({ token, stationId: randomUUID(), stationName: 'Second' });
    expect(second.status).toBe(409);
    expect(ServerErrorBody.parse(second.body).error.code).toBe('TOKEN_USED');
  });

  it('refuses an unknown token (401 TOKEN_INVALID) and an expired one (401 TOKEN_EXPIRED)', async () => {
    const unknown = await register({ token: 'EST-AAAAA-BBBBB-CCCCC-DDDDD-EEEEE', stationId: randomUUID(), stationName: 'Nobody' });
    expect(unknown.status).toBe(401);
    expect(ServerErrorBody.parse(unknown.body).error).toMatchObject({ code: 'TOKEN_INVALID', message: expect.stringContaining('administrator') });

    // A token that expired: made valid for an hour, then aged in the database.
    const token = await fx.server.createToken('Late', 1);
    await withServerDatabase(fx, (db) => db.exec("UPDATE enrollment_tokens SET expires_at = now() - interval '1 minute' WHERE used_at IS NULL"));
    const expired = await register({ token, stationId: randomUUID(), stationName: 'Late' });
    expect(expired.status).toBe(401);
    expect(ServerErrorBody.parse(expired.body).error.code).toBe('TOKEN_EXPIRED');
  });

  it('answers a garbage body with 400 BAD_REQUEST naming the fields', async () => {
    const response = await register({ token: 'hello', stationId: 'not-a-uuid' });
    expect(response.status).toBe(400);
    const { error } = ServerErrorBody.parse(response.body);
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/token/);
    expect(error.message).toMatch(/stationId/);
    expect(error.message).toMatch(/stationName/);
    const paths = (error.details?.issues as Array<{ path: string }>).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['token', 'stationId', 'stationName']));

    const notJson = await request(fx.server.url, 'POST', '/v1/stations/register', { rawBody: '{"token": ' });
    expect(notJson.status).toBe(400);
    expect(ServerErrorBody.parse(notJson.body).error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('not valid JSON') });
  });

  it('revokes a station: 403 STATION_REVOKED on every request, and it cannot re-register with its used token', async () => {
    const token = await fx.server.createToken('Doomed');
    const stationId = randomUUID();
    const { secret } = RegisterResponse.parse((await register({ token, stationId, stationName: 'Doomed' })).body);
    const api = stationApi(fx.server.url, { stationId, secret, authorization: `Bearer ${stationId}.${secret}` });
    expect((await api.pull()).status).toBe(200);

    const revoked = await adminApi(fx.server).revoke(stationId);
    expect(revoked.status).toBe(200);
    expect(StationSummary.parse(revoked.body).revokedAt).not.toBeNull();

    const pull = await api.pull();
    expect(pull.status).toBe(403);
    expect(ServerErrorBody.parse(pull.body).error.code).toBe('STATION_REVOKED');
    const lease = await api.lease({ requestId: randomUUID(), size: 10 });
    expect(lease.status).toBe(403);
    const again = await register({ token, stationId, stationName: 'Doomed' });
    expect(again.status).toBe(403);
    expect(ServerErrorBody.parse(again.body).error.code).toBe('STATION_REVOKED');
  });

  it('lists stations for the administrator only; unknown station ids are 404 on revoke', async () => {
    const station = await newStation(fx.server, 'Listed');
    const list = await adminApi(fx.server).stations();
    expect(list.status).toBe(200);
    const listed = StationSummary.array().parse(list.body).find((s) => s.stationId === station.stationId);
    expect(listed).toMatchObject({ stationName: 'Listed', revokedAt: null, lastAppliedSeq: 0 });

    const noKey = await request(fx.server.url, 'GET', '/v1/admin/stations');
    expect(noKey.status).toBe(401);
    const stationKey = await request(fx.server.url, 'GET', '/v1/admin/stations', { authorization: station.authorization });
    expect(stationKey.status).toBe(401);
    const badKey = await request(fx.server.url, 'POST', '/v1/admin/station-tokens', { body: {}, authorization: 'Bearer admin.wrong-key-wrong-key' });
    expect(badKey.status).toBe(401);
    expect(ServerErrorBody.parse(badKey.body).error.code).toBe('UNAUTHORIZED');

    const missing = await adminApi(fx.server).revoke(randomUUID());
    expect(missing.status).toBe(404);
    expect(ServerErrorBody.parse(missing.body).error.code).toBe('NOT_FOUND');
  });

  it('refuses station endpoints without a credential before reading the body (401, not 400)', async () => {
    const push = await request(fx.server.url, 'POST', '/v1/sync/push', { body: { nonsense: true } });
    expect(push.status).toBe(401);
    expect(ServerErrorBody.parse(push.body).error.code).toBe('UNAUTHORIZED');
    const malformed = await request(fx.server.url, 'GET', '/v1/sync/changes', { authorization: 'Bearer not-a-credential' });
    expect(malformed.status).toBe(401);
  });

  it('server-admin CLI: create-token prints a usable token, list-stations and revoke work (key from the data folder)', async () => {
    const cli = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/server/admin-cli.ts', ...args, '--server', fx.server.url, '--data', fx.server.dataDir], {
        cwd: ROOT,
        env: { ...process.env, ENROLLMENT_SERVER_ADMIN_KEY: '' },
      });
    const created = await cli('create-token', '--name', 'CLI site', '--hours', '2');
    const token = /^EST(-[0-9A-Z]{5}){5}$/m.exec(created.stdout)?.[0];
    expect(token, created.stdout).toBeDefined();
    expect(token).not.toMatch(/[01OI]/);
    // The station's words: Station › Sync, Register station (issue 13).
    expect(created.stdout).toContain('Station › Sync');
    expect(created.stdout).toContain('Register station');
    expect(created.stdout).not.toContain('Settings');
    const stationId = randomUUID();
    expect((await register({ token, stationId, stationName: 'CLI site' })).status).toBe(200);

    expect((await cli('list-stations')).stdout).toContain(stationId);
    expect((await cli('revoke', stationId)).stdout).toContain('revoked');
    expect((await cli('list-stations')).stdout).toMatch(new RegExp(`${stationId}.*REVOKED`));
  });
});
