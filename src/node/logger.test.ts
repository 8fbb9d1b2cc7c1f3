import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, openLogFile, REDACTED, RotatingFile, scrubSecrets } from './logger';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logger-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const lines = async (file: string) => (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('logger', () => {
  it('writes JSON lines with level, ISO time, name and message', async () => {
    const file = join(dir, 'logs', 'station.log');
    const log = openLogFile({ file, name: 'station' });
    log.logger.warn({ problem: 'unreachable', reason: 'The central server did not answer.' }, 'sync failed');
    log.close();
    const [line] = await lines(file);
    expect(line).toMatchObject({ level: 40, name: 'station', problem: 'unreachable', reason: 'The central server did not answer.', msg: 'sync failed' });
    expect(new Date(line!.time as string).toISOString()).toBe(line!.time);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'logs'))).mode & 0o777).toBe(0o700);
  });

  it('never writes keys, PINs, tokens, passphrases or Authorization headers', async () => {
    const file = join(dir, 'x.log');
    const destination = new RotatingFile({ file });
    const log = createLogger({ destination });
    const secrets = { key: 'K1', pin: '123456', token: 'T1', passphrase: 'P1', launchKey: 'L1', browserKey: 'B1', adminKey: 'A1', secretKey: 'S1' };
    log.info({ ...secrets, server: { url: 'http://server', secret: 'S2' }, req: { headers: { authorization: 'Bearer abc' } } }, 'hello');
    log.error({ err: new Error('refused: Authorization: Bearer s3cr3t.value at http://127.0.0.1:4580/#key=launch-secret') }, 'oops');
    destination.close();
    const text = await readFile(file, 'utf8');
    for (const secret of [...Object.values(secrets), 'S2', 'abc', 's3cr3t.value', 'launch-secret']) expect(text).not.toContain(secret);
    const [first, second] = await lines(file);
    expect(first).toMatchObject({ key: REDACTED, pin: REDACTED, server: { url: 'http://server', secret: REDACTED }, req: { headers: { authorization: REDACTED } } });
    expect((second!.err as { message: string }).message).toBe(`refused: Authorization: Bearer ${REDACTED} at http://127.0.0.1:4580/#key=${REDACTED}`);
  });

  it('scrubs bearer tokens and keys in text', () => {
    expect(scrubSecrets('Bearer abc.def and ?token=xyz&x=1')).toBe(`Bearer ${REDACTED} and ?token=${REDACTED}&x=1`);
  });

  it('rotates by size and keeps only so many files', async () => {
    const file = join(dir, 'logs', 'station.log');
    const log = openLogFile({ file, maxBytes: 1_000, files: 3 });
    for (let i = 0; i < 100; i++) log.logger.info({ i }, 'a line of about a hundred bytes');
    log.close();
    expect((await readdir(join(dir, 'logs'))).sort()).toEqual(['station.log', 'station.log.1', 'station.log.2']);
    for (const name of ['station.log', 'station.log.1', 'station.log.2']) expect((await stat(join(dir, 'logs', name))).size).toBeLessThanOrEqual(1_000);
    // The newest lines are in station.log, the one before in .1.
    const newest = await lines(file);
    const older = await lines(`${file}.1`);
    expect(newest.at(-1)!.i).toBe(99);
    expect(older.at(-1)!.i).toBe((newest[0]!.i as number) - 1);
  });

  it('carries on after a restart at the size the file has', async () => {
    const file = join(dir, 'station.log');
    const first = openLogFile({ file, maxBytes: 500, files: 2 });
    for (let i = 0; i < 3; i++) first.logger.info({ i }, 'before the restart');
    first.close();
    const second = openLogFile({ file, maxBytes: 500, files: 2 });
    for (let i = 0; i < 3; i++) second.logger.info({ i }, 'after the restart');
    second.close();
    expect((await stat(file)).size).toBeLessThanOrEqual(500);
  });

  it('shares one writer per file in a process, closed by the last holder', async () => {
    const file = join(dir, 'station.log');
    const a = openLogFile({ file });
    const b = openLogFile({ file });
    expect(b.logger).toBe(a.logger);
    a.close();
    b.logger.info('still open');
    b.close();
    expect((await lines(file)).map((l) => l.msg)).toEqual(['still open']);
  });
});
