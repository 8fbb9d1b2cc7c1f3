#!/usr/bin/env node
// npm's postinstall: download the Electron binary with Electron's own installer, but never
// let a machine that cannot reach Electron's download host fail `npm ci` (decision 0010).
//
//   ELECTRON_SKIP_BINARY_DOWNLOAD=1           skip quietly (nothing is downloaded)
//   ENROLLMENT_STATION_ELECTRON_TIMEOUT_MS=N  give up after N ms (default 10 minutes)
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath, URL } from 'node:url';

const require = createRequire(import.meta.url);
const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

function skipRequested(value) {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** Electron's installer, or undefined where electron is not installed (e.g. npm ci --omit=dev). */
function electronInstaller() {
  try {
    const installer = join(dirname(require.resolve('electron/package.json')), 'install.js');
    return existsSync(installer) ? installer : undefined;
  } catch {
    return undefined;
  }
}

/** The installer's last words, cut to the reason: "TypeError: fetch failed\n    at …" → "fetch failed". */
export function failureReason(stderr, fallback) {
  const line = stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('at '));
  if (!line) return fallback;
  return line.replace(/^(?:[A-Za-z]*Error|Error)(?: \[[A-Z_]+\])?: /, '');
}

export function note(reason) {
  return (
    `\nThe Electron binary could not be downloaded (${reason}).\n` +
    '`npm start` will open the station in Chromium, Chrome or Edge instead.\n' +
    "To get the desktop app later, run `npx install-electron` on a network that reaches Electron's download host\n" +
    '(or set ELECTRON_MIRROR to a mirror you can reach).\n'
  );
}

/** Where @electron/get downloads from (its order: npm's electron_mirror, then ELECTRON_MIRROR, else GitHub). */
function downloadHost() {
  const env = process.env;
  const mirror =
    env.npm_config_electron_mirror ||
    env.NPM_CONFIG_ELECTRON_MIRROR ||
    env.npm_package_config_electron_mirror ||
    env.ELECTRON_MIRROR ||
    'https://github.com/electron/electron/releases/download/';
  try {
    return new URL(mirror).host || mirror;
  } catch {
    return mirror;
  }
}

function run(installer, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [installer], { cwd: dirname(installer), stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      if (stderr.length < 64 * 1024) stderr += chunk;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: error.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) resolve({ ok: false, reason: `no answer within ${Math.round(timeoutMs / 1000)} s` });
      else if (code === 0) resolve({ ok: true });
      else resolve({ ok: false, reason: `${downloadHost()}: ${failureReason(stderr, signal ? `stopped by ${signal}` : `exit code ${code}`)}` });
    });
  });
}

async function main() {
  if (skipRequested(process.env.ELECTRON_SKIP_BINARY_DOWNLOAD)) return;
  const installer = electronInstaller();
  if (!installer) return;
  const timeoutMs = Number(process.env.ENROLLMENT_STATION_ELECTRON_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS;
  const result = await run(installer, timeoutMs);
  if (!result.ok) process.stderr.write(note(result.reason));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(note(error instanceof Error ? error.message : String(error)));
      process.exit(0);
    },
  );
}
