import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { join, resolve } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scratchDir } from '../support/web-host';

const ROOT = resolve(__dirname, '../..');
const ELECTRON = join(ROOT, 'node_modules', 'electron');
const VERSION = (JSON.parse(await readFile(join(ELECTRON, 'package.json'), 'utf8')) as { version: string }).version;
const ZIP_NAME = `electron-v${VERSION}-${process.platform}-${process.arch}.zip`;

/**
 * `npm ci`'s postinstall (scripts/install-electron.mjs, decision 0010) against a local
 * "download host": closed, silent, or serving a small Electron zip. The script and a copy
 * of the electron package (without any binary) go into a scratch project whose other
 * packages are links to ours, so Electron's real installer runs exactly as under npm ci.
 */
let dir: { path: string; remove(): Promise<void> };
let servers: Server[] = [];
let sockets: Socket[] = [];

beforeEach(async () => {
  dir = await scratchDir('install-electron-');
  await mkdir(join(dir.path, 'scripts'));
  await cp(join(ROOT, 'scripts', 'install-electron.mjs'), join(dir.path, 'scripts', 'install-electron.mjs'));
  const modules = join(dir.path, 'node_modules');
  await mkdir(modules);
  for (const entry of await readdir(join(ROOT, 'node_modules'))) {
    if (entry !== 'electron' && entry !== '.bin') await symlink(join(ROOT, 'node_modules', entry), join(modules, entry));
  }
  await cp(ELECTRON, join(modules, 'electron'), {
    recursive: true,
    filter: (source) => source !== join(ELECTRON, 'dist') && source !== join(ELECTRON, 'path.txt'),
  });
});

afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise((r) => server.close(r))));
  servers = [];
  sockets = [];
  await dir.remove();
});

function postinstall(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|ELECTRON_)/i.test(k) && k !== 'electron_config_cache'));
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['scripts/install-electron.mjs'], {
      cwd: dir.path,
      env: { ...clean, electron_config_cache: join(dir.path, 'cache'), ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A zip with stored (uncompressed) entries, as Electron's release zips are read. */
function zip(files: Record<string, { data: Buffer; mode: number }>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, { data, mode }] of Object.entries(files)) {
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE((3 << 8) | 20, 4); // made on Unix: the mode is in the external attributes
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x21, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(((0o100000 | mode) << 16) >>> 0, 38);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    central.push(entry, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const centralBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralBytes, end]);
}

describe('npm ci installs the Electron binary when it can, and never fails when it cannot', () => {
  it('a download host that refuses the connection: one note, exit 0, at once', async () => {
    const port = await listen(createServer());
    await new Promise((r) => servers.pop()?.close(r)); // now nothing listens on that port
    const run = await postinstall({ ELECTRON_MIRROR: `http://127.0.0.1:${port}/` });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`The Electron binary could not be downloaded (127.0.0.1:${port}: fetch failed)`);
    expect(run.stderr).toContain('`npm start` will open the station in Chromium, Chrome or Edge instead');
    expect(run.stderr).toContain('npx install-electron');
    expect(run.stderr.match(/could not be downloaded/g)).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a host that never answers: the installer is stopped at the time limit and npm ci goes on', async () => {
    const port = await listen(createServer((socket) => sockets.push(socket.resume())));
    const run = await postinstall({ ELECTRON_MIRROR: `http://127.0.0.1:${port}/`, ENROLLMENT_STATION_ELECTRON_TIMEOUT_MS: '2000' });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('could not be downloaded (no answer within 2 s)');
    expect(run.ms).toBeLessThan(30_000);
    expect(sockets.length).toBeGreaterThan(0);
    await Promise.all(sockets.map((s) => (s.closed ? undefined : new Promise((r) => s.once('close', r))))); // the killed installer's connection is gone
  });

  it('ELECTRON_SKIP_BINARY_DOWNLOAD: nothing asked, nothing said', async () => {
    let asked = 0;
    const port = await listen(createServer((socket) => (asked += 1, sockets.push(socket))));
    const run = await postinstall({ ELECTRON_MIRROR: `http://127.0.0.1:${port}/`, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(run).toMatchObject({ code: 0, stderr: '', stdout: '' });
    expect(asked).toBe(0);
  });

  it('a reachable host: the binary is downloaded, checked and unpacked as Electron does it; a second run asks nothing', async () => {
    const binaryName = process.platform === 'win32' ? 'electron.exe' : 'electron';
    const archive = zip({
      [binaryName]: { data: Buffer.from('#!/bin/sh\necho fake electron\n'), mode: 0o755 },
      version: { data: Buffer.from(`v${VERSION}`), mode: 0o644 },
    });
    // Electron's installer checks the download against checksums.json: give the copy ours.
    const checksums = join(dir.path, 'node_modules', 'electron', 'checksums.json');
    const sums = JSON.parse(await readFile(checksums, 'utf8')) as Record<string, string>;
    await writeFile(checksums, JSON.stringify({ ...sums, [ZIP_NAME]: createHash('sha256').update(archive).digest('hex') }));
    const requests: string[] = [];
    const http = createHttpServer((request, response) => {
      requests.push(request.url ?? '');
      if (request.url === `/v${VERSION}/${ZIP_NAME}`) response.writeHead(200, { 'content-type': 'application/zip' }).end(archive);
      else response.writeHead(404).end();
    });
    const port = await listen(http);

    const run = await postinstall({ ELECTRON_MIRROR: `http://127.0.0.1:${port}/` });
    expect(run.stderr).not.toContain('could not be downloaded');
    expect(run.code).toBe(0);
    expect(requests).toEqual([`/v${VERSION}/${ZIP_NAME}`]);
    const installed = join(dir.path, 'node_modules', 'electron');
    expect(await readFile(join(installed, 'path.txt'), 'utf8')).toBe(binaryName);
    expect(await readFile(join(installed, 'dist', binaryName), 'utf8')).toContain('fake electron');

    const again = await postinstall({ ELECTRON_MIRROR: `http://127.0.0.1:${port}/` });
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(requests).toHaveLength(1);
  });
});
