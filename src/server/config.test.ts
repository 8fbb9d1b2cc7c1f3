import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_REDEEM_THROTTLE, loadServerConfig } from './config';

describe('server.config.json: mobile credential settings', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'server-config-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));
  const load = async (config: object) => {
    await writeFile(join(dir, 'server.config.json'), JSON.stringify(config));
    return loadServerConfig(dir);
  };

  it('defaults: organization "Enrollment Station", 10 per phone and 50 per source in 15 minutes, no public URL or proxy', async () => {
    const config = await loadServerConfig(dir);
    expect(config).toMatchObject({ organization: 'Enrollment Station', redeemThrottle: { perDevice: 10, perSource: 50, windowMinutes: 15 } });
    expect(DEFAULT_REDEEM_THROTTLE).toEqual({ perDevice: 10, perSource: 50, windowMinutes: 15 });
    expect(config.publicUrl).toBeUndefined();
    expect(config.trustProxy).toBeUndefined();
  });

  it('takes a public URL (http or https, trailing slash dropped), proxies and limits', async () => {
    const config = await load({
      organization: 'Example Agency',
      publicUrl: 'https://enroll.example.org:8443/',
      trustProxy: ['127.0.0.1', '10.0.0.0/8'],
      redeemThrottle: { perDevice: 5, perSource: 20, windowMinutes: 30 },
    });
    expect(config).toMatchObject({
      organization: 'Example Agency',
      publicUrl: 'https://enroll.example.org:8443',
      trustProxy: ['127.0.0.1', '10.0.0.0/8'],
      redeemThrottle: { perDevice: 5, perSource: 20, windowMinutes: 30 },
    });
  });

  it('refuses a public URL phones could not use, and incomplete or zero limits, saying which key', async () => {
    for (const [config, key] of [
      [{ publicUrl: 'ftp://enroll.example.org' }, 'publicUrl'],
      [{ publicUrl: 'https://enroll.example.org/?x=1' }, 'publicUrl'],
      [{ redeemThrottle: { perDevice: 10, perSource: 50 } }, 'redeemThrottle.windowMinutes'],
      [{ redeemThrottle: { perDevice: 0, perSource: 50, windowMinutes: 15 } }, 'redeemThrottle.perDevice'],
      [{ trustProxy: [] }, 'trustProxy'],
    ] as const) {
      const error = await load(config).catch((e: unknown) => e);
      expect(error, JSON.stringify(config)).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain(`${key}:`);
    }
  });
});
