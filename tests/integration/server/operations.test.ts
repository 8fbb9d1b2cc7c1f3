import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PullResponse, PushResponse, RegisterResponse, ServerErrorBody } from '../../../src/shared/contract/server-protocol';
import { adminApi, request, startCentralServer, stationApi } from '../../support/central-server';
import { SHIPPED_MIGRATIONS } from '../../support/migrations';
import { until } from '../../support/until';
import { createApplicant, describeEachBackend, feedAfter, newStation, useCentralServer } from './fixture';

describeEachBackend('operations', (backend) => {
  const fx = useCentralServer(backend);

  it('/health says the process is up; /ready names the backend and the migrations', async () => {
    expect(await request(fx.server.url, 'GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await request(fx.server.url, 'GET', '/ready')).toMatchObject({ status: 200, body: { status: 'ready', backend, migrations: [...SHIPPED_MIGRATIONS] } });
  });

  it('answers an unknown route with a JSON 404', async () => {
    const response = await request(fx.server.url, 'DELETE', '/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(ServerErrorBody.parse(response.body).error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('/v1/nothing-here') });
  });

  it('logs JSON lines without the token, the station secret, the admin key or request bodies', async () => {
    const token = await fx.server.createToken('Logged');
    const stationId = randomUUID();
    const { secret } = RegisterResponse.parse((await request(fx.server.url, 'POST', '/v1/stations/register', { body: { token, stationId, stationName: 'Logged' } })).body);
    const api = stationApi(fx.server.url, { stationId, secret, authorization: `Bearer ${stationId}.${secret}` });
    const marker = `Zyxwv${randomUUID().slice(0, 6)}`;
    const at = new Date().toISOString();
    await api.push([{ mutationId: randomUUID(), seq: 1, createdAt: at, mutation: createApplicant(stationId, { firstName: marker }) }]);
    await api.pull();
    await api.pull({ after: 0, wait: 0 });
    await request(fx.server.url, 'GET', '/v1/sync/changes', { authorization: `Bearer ${stationId}.${'A'.repeat(43)}` });
    await adminApi(fx.server).stations();

    // The server is another process: wait for its lines to come through the pipe.
    const logs = await until(() => {
      const text = fx.server.logs();
      return text.includes('"url":"/v1/sync/push"') && text.includes('"url":"/v1/stations/register"') && text.includes('"url":"/v1/admin/stations"') && text;
    }, 'the requests in the server log');
    expect(logs).toContain('"url":"/v1/sync/push"');
    expect(logs).toContain('"url":"/v1/stations/register"');
    for (const secretText of [token, secret, fx.server.adminKey, marker, 'A'.repeat(43)]) expect(logs).not.toContain(secretText);
    const jsonLines = logs.split('\n').filter((line) => line.startsWith('{'));
    expect(jsonLines.length).toBeGreaterThan(10);
    for (const line of jsonLines) expect(() => JSON.parse(line)).not.toThrow();
  });

  if (backend === 'pglite') {
    it('refuses a second server on the same PGlite data folder (it would corrupt the database)', async () => {
      const error = await startCentralServer({ backend, dataDir: fx.server.dataDir }).catch((e: Error) => e);
      expect((error as Error).message).toMatch(/Another server \(process \d+\) is using the database/);
      expect((await request(fx.server.url, 'GET', '/ready')).status).toBe(200);
    });
  }

  it('applies a push exactly once when the server is SIGKILLed mid-push and the station retries after the restart', async () => {
    const station = await newStation(fx.server, 'Crashy');
    const before = await station.api.push([station.entry(createApplicant(station.stationId))]);
    expect(before.status).toBe(200);
    const batch = Array.from({ length: 200 }, () => station.entry(createApplicant(station.stationId)));
    const inFlight = station.api.push(batch).catch((error: Error) => error);
    await new Promise((r) => setTimeout(r, 150));
    await fx.server.kill('SIGKILL');
    await inFlight; // answered or cut: the station cannot know which
    await fx.server.restart();

    const retry = await station.api.push(batch);
    expect(retry.status).toBe(200);
    const body = PushResponse.parse(retry.body);
    expect(body.lastAppliedSeq).toBe(201);
    expect(new Set(body.results.map((r) => r.outcome)).size).toBe(1); // all applied before the kill, or none
    const mine = (await feedAfter(station, 0)).filter((e) => e.change.kind === 'applicant.upserted' && e.change.applicant.stationId === station.stationId);
    expect(mine).toHaveLength(201);
  });

  it('shuts down cleanly on SIGTERM: a waiting long poll is answered, the process exits, and the data is there after a restart', async () => {
    const station = await newStation(fx.server);
    const cursor = PullResponse.parse((await station.api.pull({ after: 0, limit: 1000 })).body).cursor;
    const waiting = station.api.pull({ after: 1e9, wait: 25 });
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    await fx.server.kill('SIGTERM');
    expect(Date.now() - started).toBeLessThan(5_000);
    const answered = await waiting.catch((error: Error) => error);
    if (!(answered instanceof Error)) expect(answered.status).toBe(200);
    expect(fx.server.logs()).toContain('Enrollment server stopping (SIGTERM)');
    await fx.server.restart();
    expect(PullResponse.parse((await station.api.pull({ after: 0, limit: 1000 })).body).cursor).toBeGreaterThanOrEqual(cursor);
  });
});

describe('server start-up', () => {
  it('refuses to listen on a non-loopback address without TLS, and says how to give a certificate', async () => {
    const error = await startCentralServer({ backend: 'pglite', host: '0.0.0.0' }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('Refusing to serve plain HTTP on 0.0.0.0');
    expect((error as Error).message).toContain('--tls-cert');
  });

  it('refuses a broken server.config.json with the file, the field and the fix', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'server-config-'));
    try {
      await writeFile(join(dir, 'server.config.json'), JSON.stringify({ employeeNumberRange: { first: 10_000_000, last: 10_999_999 } }));
      const error = await startCentralServer({ backend: 'pglite', dataDir: dir }).catch((e: Error) => e);
      expect((error as Error).message).toMatch(/server\.config\.json is not valid: employeeNumberRange: must start above 19999999/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('serves HTTPS with a given certificate, on a non-loopback address too', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'server-tls-'));
    const certFile = join(dir, 'cert.pem');
    const keyFile = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], {
      stdio: 'ignore',
    });
    const server = await startCentralServer({ backend: 'pglite', host: '0.0.0.0', tls: { certFile, keyFile } });
    try {
      expect(server.url).toMatch(/^https:\/\/0\.0\.0\.0:\d+$/);
      const ca = await readFile(certFile);
      const body = await new Promise<string>((resolve, reject) => {
        get({ host: '127.0.0.1', port: server.port, path: '/ready', ca }, (response) => {
          let text = '';
          response.on('data', (c: Buffer) => (text += c.toString()));
          response.on('end', () => resolve(text));
        }).on('error', reject);
      });
      expect(JSON.parse(body)).toMatchObject({ status: 'ready', backend: 'pglite' });
      // Plain HTTP to the TLS port gets nowhere.
      await expect(fetch(`http://127.0.0.1:${server.port}/health`)).rejects.toThrow();
    } finally {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
