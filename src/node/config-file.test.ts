import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfigFile } from './config-file';

const Schema = z.strictObject({
  name: z.string().default('station'),
  sync: z.strictObject({ blockSize: z.number().int().max(10) }).optional(),
});

class OperatorError extends Error {}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'config-file-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const options = { label: 'The test configuration', fix: 'Fix it, then try again.', ifMissing: {}, error: (m: string) => new OperatorError(m) };

describe('loadConfigFile', () => {
  it('parses the file with the schema, defaults included', async () => {
    await writeFile(join(dir, 'c.json'), JSON.stringify({ sync: { blockSize: 5 } }));
    expect(await loadConfigFile(join(dir, 'c.json'), Schema, options)).toEqual({ name: 'station', sync: { blockSize: 5 } });
  });

  it('takes a missing file as ifMissing, or refuses it when there is none', async () => {
    expect(await loadConfigFile(join(dir, 'none.json'), Schema, options)).toEqual({ name: 'station' });
    const { ifMissing: _, ...required } = options;
    await expect(loadConfigFile(join(dir, 'none.json'), Schema, required)).rejects.toThrow(`The test configuration ${join(dir, 'none.json')} does not exist. Fix it, then try again.`);
  });

  it('names the file, each field path and the fix, in the error the caller chose', async () => {
    const file = join(dir, 'c.json');
    await writeFile(file, JSON.stringify({ sync: { blockSize: 11 }, colour: 'red' }));
    const error = await loadConfigFile(file, Schema, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperatorError);
    expect((error as Error).message).toMatch(new RegExp(`^The test configuration ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid: `));
    expect((error as Error).message).toContain('sync.blockSize: ');
    expect((error as Error).message).toContain('(file): ');
    expect((error as Error).message).toMatch(/\. Fix it, then try again\.$/);
  });

  it('says when the file is not JSON', async () => {
    const file = join(dir, 'c.json');
    await writeFile(file, '{ "name": ');
    await expect(loadConfigFile(file, Schema, { fix: 'Fix it.', ifMissing: {} })).rejects.toThrow(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON \\(.+\\)\\. Fix it\\.$`));
  });
});
