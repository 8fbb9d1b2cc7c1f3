import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONFIG_FILE, loadStationConfig } from './config';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function load(json: unknown) {
  dir = await mkdtemp(join(tmpdir(), 'config-'));
  await writeFile(join(dir, CONFIG_FILE), JSON.stringify(json));
  return loadStationConfig(dir);
}

describe('station.config.json: cards', () => {
  it('defaults to a 5 s answer timeout, 128 GET RESPONSEs and 32 KiB per answer', async () => {
    expect((await load({})).cards).toEqual({ apduTimeoutMs: 5_000, maxResponseParts: 128, maxResponseBytes: 32_768 });
  });

  it('takes any of them on its own', async () => {
    expect((await load({ cards: { apduTimeoutMs: 2_000 } })).cards).toEqual({ apduTimeoutMs: 2_000, maxResponseParts: 128, maxResponseBytes: 32_768 });
  });

  it('refuses a value out of range or an unknown field, naming it', async () => {
    await expect(load({ cards: { apduTimeoutMs: 0 } })).rejects.toThrow(/cards\.apduTimeoutMs/);
    await expect(load({ cards: { maxResponseParts: 1.5 } })).rejects.toThrow(/cards\.maxResponseParts/);
    await expect(load({ cards: { timeout: 3 } })).rejects.toThrow(/cards/);
  });
});
