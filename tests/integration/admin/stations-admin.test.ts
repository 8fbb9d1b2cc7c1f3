import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CreateTokenResponse, StationSummary, type ServerErrorBody } from '../../../src/shared/contract/server-protocol';
import { request } from '../../support/central-server';
import { createOperators, registerOperators, type TestOperators } from '../../support/operators';
import { newStation, useCentralServer, type TestStation } from '../server/fixture';

/**
 * Station › Administration › Stations on the server (issue 17): who may list, make tokens
 * and revoke; a token's site reaching the station; a name in use refused; waiting changes
 * as the station reports them on pull; the audit head; revoking with a reason, audited.
 */

type Who = 'admin-key' | 'administrator' | 'supervisor' | 'clerk' | 'none';

describe('[PGlite] stations administration', () => {
  const fx = useCentralServer('pglite');
  let ops: TestOperators;
  let desk: TestStation;
  beforeAll(async () => {
    ops = await createOperators();
    await registerOperators(fx.server, ops);
    desk = await newStation(fx.server, 'Front desk');
  });
  const as = (who: Who, method: string, path: string, body?: unknown) =>
    request<ServerErrorBody & Record<string, unknown>>(fx.server.url, method, path, {
      ...(body === undefined ? {} : { body }),
      ...(who === 'admin-key'
        ? { authorization: `Bearer admin.${fx.server.adminKey}` }
        : { authorization: desk.authorization, ...(who === 'none' ? {} : { headers: { 'x-operator': ops[who].fingerprint } }) }),
    });
  const stations = async () => z.array(StationSummary).parse((await as('admin-key', 'GET', '/v1/admin/stations')).body);

  it('only the admin key and Administrators may list stations, make tokens and revoke', async () => {
    const expected: Record<Who, number | string> = { 'admin-key': 200, administrator: 200, supervisor: 'FORBIDDEN_ROLE', clerk: 'FORBIDDEN_ROLE', none: 'OPERATOR_REQUIRED' };
    const victim = await newStation(fx.server, 'Victim');
    for (const who of Object.keys(expected) as Who[]) {
      const calls = [
        await as(who, 'GET', '/v1/admin/stations'),
        await as(who, 'POST', '/v1/admin/station-tokens', { stationName: `Matrix ${who}`, expiresInHours: 2 }),
        await as(who, 'POST', `/v1/admin/stations/${victim.stationId}/revoke`, { reason: `Matrix ${who}` }),
      ];
      for (const call of calls) {
        if (expected[who] === 200) expect(call.status, `${who}: ${JSON.stringify(call.body)}`).toBe(200);
        else expect(call.body.error.code, who).toBe(expected[who]);
      }
      // Revoked once, by the admin key: the refused callers changed nothing.
      expect((await stations()).find((s) => s.stationId === victim.stationId)?.revokedReason).toBe('Matrix admin-key');
    }
  });

  it('a token carries its site to the station; a name in use is refused; nothing is half-saved', async () => {
    const made = await as('administrator', 'POST', '/v1/admin/station-tokens', { stationName: 'Lobby kiosk', site: 'Building 7', expiresInHours: 4 });
    const { token, expiresAt } = CreateTokenResponse.parse(made.body);
    expect(new Date(expiresAt).getTime() - Date.now()).toBeGreaterThan(3.9 * 3_600_000);
    const stationId = crypto.randomUUID();
    expect((await request(fx.server.url, 'POST', '/v1/stations/register', { body: { token, stationId, stationName: 'Lobby kiosk' } })).status).toBe(200);
    expect((await stations()).find((s) => s.stationId === stationId)).toMatchObject({ stationName: 'Lobby kiosk', site: 'Building 7', revokedAt: null });

    const again = await as('administrator', 'POST', '/v1/admin/station-tokens', { stationName: 'lobby KIOSK', expiresInHours: 4 });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'ALREADY_EXISTS', message: expect.stringContaining('A registered station is already called "lobby KIOSK"') });
    const badHours = await as('administrator', 'POST', '/v1/admin/station-tokens', { stationName: 'Other', expiresInHours: 0 });
    expect(badHours.status).toBe(400);
    expect(badHours.body.error.message).toContain('A token is valid for 1 to 720 hours');
    const audit = JSON.stringify((await as('admin-key', 'GET', '/v1/admin/audit-log?action=station-token.created')).body);
    expect(audit).toContain('Building 7');
    expect(audit).not.toContain(token);
  });

  it('shows the waiting changes a station reports on pull and its audit head', async () => {
    expect((await stations()).find((s) => s.stationId === desk.stationId)).toMatchObject({ waitingChanges: null, auditHeadSeq: null });
    const pulled = await request(fx.server.url, 'GET', '/v1/sync/changes?after=0&outbox=12', { authorization: desk.authorization });
    expect(pulled.status).toBe(200);
    expect((await stations()).find((s) => s.stationId === desk.stationId)?.waitingChanges).toBe(12);
    await request(fx.server.url, 'GET', '/v1/sync/changes?after=0&outbox=0', { authorization: desk.authorization });
    expect((await stations()).find((s) => s.stationId === desk.stationId)?.waitingChanges).toBe(0);
    const bad = await request<ServerErrorBody>(fx.server.url, 'GET', '/v1/sync/changes?after=0&outbox=-1', { authorization: desk.authorization });
    expect(bad.status).toBe(400);
  });

  it('revokes with a reason (stored, shown, audited); the station can no longer sync; the first reason stays', async () => {
    const laptop = await newStation(fx.server, 'Laptop 3');
    const noReason = await as('administrator', 'POST', `/v1/admin/stations/${laptop.stationId}/revoke`, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toContain('Say why the station is revoked');
    expect((await stations()).find((s) => s.stationId === laptop.stationId)?.revokedAt).toBeNull();

    const revoked = StationSummary.parse((await as('administrator', 'POST', `/v1/admin/stations/${laptop.stationId}/revoke`, { reason: 'Laptop stolen from the car' })).body);
    expect(revoked).toMatchObject({ revokedReason: 'Laptop stolen from the car', revokedAt: expect.any(String) });
    const pull = await laptop.api.pull({ after: 0 });
    expect(pull.status).toBe(403);
    expect(pull.body.error.code).toBe('STATION_REVOKED');
    await as('administrator', 'POST', `/v1/admin/stations/${laptop.stationId}/revoke`, { reason: 'Second thoughts' });
    expect((await stations()).find((s) => s.stationId === laptop.stationId)?.revokedReason).toBe('Laptop stolen from the car');
    const audit = JSON.stringify((await as('admin-key', 'GET', '/v1/admin/audit-log?action=station.revoked')).body);
    expect(audit).toContain('Laptop stolen from the car');
    expect(audit).toContain('Ada Administrator');
    // server-admin revokes without a body, as before.
    const old = await newStation(fx.server, 'Old kiosk');
    const bodiless = await request(fx.server.url, 'POST', `/v1/admin/stations/${old.stationId}/revoke`, { authorization: `Bearer admin.${fx.server.adminKey}` });
    expect(bodiless.status, JSON.stringify(bodiless.body)).toBe(200);
  });
});
