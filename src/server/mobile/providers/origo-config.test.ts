import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadServerConfig } from '../../config';
import { ORIGO_API_URL, ORIGO_AUTH_URL, OrigoConfigFile, resolveOrigoSettings } from './origo-config';

describe('server.config.json: mobile.provider and mobile.origo', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'origo-config-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));
  const load = async (config: object) => {
    await writeFile(join(dir, 'server.config.json'), JSON.stringify(config));
    return loadServerConfig(dir);
  };
  const origo = { organizationId: '1234', clientId: '1234-enrollment', applicationId: 'ACME-ES', partNumbers: { 'mobile-pacs-employee': 'MID-SUB-CRD_FTPN_6445' } };
  const fail = (message: string) => new ConfigError(message);

  it('is the reference provider when nothing is said', async () => {
    expect((await loadServerConfig(dir)).mobile).toEqual({ provider: 'reference' });
    expect((await load({ mobile: {} })).mobile).toEqual({ provider: 'reference' });
  });

  it('takes HID Origo with HID production hosts and a 30 s poll by default', async () => {
    const config = await load({ mobile: { provider: 'hid-origo', origo } });
    expect(config.mobile).toMatchObject({ provider: 'hid-origo', origo: { ...origo, authUrl: ORIGO_AUTH_URL, apiUrl: ORIGO_API_URL, pollSeconds: 30, applicationVersion: '1.0' } });
  });

  it('refuses hid-origo without its section, a secret in the file, and a type without a part number', async () => {
    await expect(load({ mobile: { provider: 'hid-origo' } })).rejects.toThrow(/mobile\.origo.*organizationId, clientId, applicationId, partNumbers/);
    await expect(load({ mobile: { provider: 'hid-origo', origo: { ...origo, clientSecret: 'x' } } })).rejects.toThrow(/clientSecret/);
    await expect(load({ mobile: { provider: 'hid-origo', origo: { ...origo, partNumbers: {} } } })).rejects.toThrow(/partNumbers: name at least one credential type/);
    await expect(load({ mobile: { provider: 'hid-origo', origo: { ...origo, apiUrl: 'ftp://x' } } })).rejects.toThrow(/apiUrl/);
  });

  it('reads the client secret from its file or ORIGO_CLIENT_SECRET, and makes a callback secret (0600) on first start', async () => {
    const file = OrigoConfigFile.parse({ ...origo, clientSecretFile: 'client.secret' });
    await expect(resolveOrigoSettings(file, dir, {}, fail)).rejects.toThrow(/clientSecretFile .*client\.secret cannot be read/);
    await expect(resolveOrigoSettings(OrigoConfigFile.parse(origo), dir, {}, fail)).rejects.toThrow(/ORIGO_CLIENT_SECRET/);
    await writeFile(join(dir, 'client.secret'), 'from-file\n');
    const settings = await resolveOrigoSettings(file, dir, { ORIGO_CLIENT_SECRET: 'from-env' }, fail);
    expect(settings.clientSecret).toBe('from-file');
    expect((await resolveOrigoSettings(OrigoConfigFile.parse(origo), dir, { ORIGO_CLIENT_SECRET: 'from-env' }, fail)).clientSecret).toBe('from-env');
    const made = join(dir, 'origo-callback.secret');
    expect((await readFile(made, 'utf8')).trim()).toBe(settings.callbackSecret);
    expect(settings.callbackSecret.length).toBeGreaterThanOrEqual(32);
    expect((await stat(made)).mode & 0o777).toBe(0o600);
    // The same secret at the next start (Origo keeps the registered one).
    expect((await resolveOrigoSettings(file, dir, {}, fail)).callbackSecret).toBe(settings.callbackSecret);
    expect(settings.eventsUrl).toBe(ORIGO_AUTH_URL);
  });
});
