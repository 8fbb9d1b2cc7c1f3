#!/usr/bin/env node
// `npm start`: the station in a window of its own.
//  - Electron where its binary is installed (Electron Forge start; --data becomes
//    ENROLLMENT_STATION_DATA, --kiosk and --recover are passed to the app);
//  - otherwise an app window of Chromium, Google Chrome or Microsoft Edge: the screens are
//    built (as `npm run start:web` does), then src/main/app-window.ts serves the station on
//    127.0.0.1 and opens the window; closing it stops the station;
//  - neither: what to install, exit 1. Unknown flags: the usage, exit 2.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { electronBinary } from './electron-binary.mjs';

const require = createRequire(import.meta.url);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const load = (path) => tsImport(join(ROOT, path), import.meta.url);

const { parseStartArgs, START_USAGE } = await load('src/main/browser/start-options.ts');
// npm runs this through `sh -c`; on SIGTERM npm signals that shell only, which dies without
// passing it on. Losing the parent is therefore taken as SIGTERM.
const { watchParent } = await load('src/main/browser/parent-watch.ts');
const request = parseStartArgs(process.argv.slice(2));
if (request.help) {
  console.log(START_USAGE);
  process.exit(0);
}
if (request.error) {
  console.error(`${request.error}\n\n${START_USAGE}`);
  process.exit(2);
}
const options = request.options;

let interrupted = false;

/** Runs a child with the terminal; SIGTERM/SIGHUP/SIGINT sent to this launcher go to it. Resolves with its exit code. */
function run(command, args, env = process.env) {
  const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env });
  const forward = (signal) => {
    interrupted = true;
    child.kill(signal);
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, forward);
  const stopWatching = watchParent(() => forward('SIGTERM'));
  return new Promise((resolveRun) => {
    child.once('error', (error) => {
      console.error(`Enrollment Station could not start: ${command} failed to run (${error.message}).`);
      resolveRun(1);
    });
    child.once('exit', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      stopWatching();
      resolveRun(code ?? (signal ? 1 : 0));
    });
  });
}

if (electronBinary() && options.browser === undefined) {
  const env = { ...process.env, ...(options.data !== undefined ? { ENROLLMENT_STATION_DATA: resolve(options.data) } : {}) };
  const appArgs = [...(options.kiosk ? ['--kiosk'] : []), ...(options.recover ? ['--recover'] : [])];
  const forgeStart = require.resolve('@electron-forge/cli/dist/electron-forge-start.js');
  process.exit(await run(process.execPath, [forgeStart, ...(appArgs.length > 0 ? ['--', ...appArgs] : [])], env));
}

// No Electron: a browser's app window. Said before the (slow) build when it cannot work.
const { findBrowser } = await load('src/main/browser/find-browser.ts');
const { displayProblem } = await load('src/main/browser/display.ts');
const search = findBrowser({ explicit: options.browser, env: process.env, platform: process.platform });
if (search.missing) {
  console.error(search.missing);
  process.exit(1);
}
const noDisplay = displayProblem(process.env, process.platform);
if (noDisplay) {
  console.error(`Enrollment Station could not start: ${noDisplay}`);
  process.exit(1);
}

// A second start on the same data folder: said now, not after the build.
const { alreadyOpen } = await load('src/main/browser/already-open.ts');
const { defaultDataDir } = await load('src/main/host-options.ts');
const open = await alreadyOpen(resolve(options.data ?? defaultDataDir()));
if (open) {
  console.error(`Enrollment Station could not start: ${open}`);
  process.exit(1);
}

console.log(`Building the station's screens…`);
const vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
const built = await run(process.execPath, [vite, 'build', '--logLevel', 'warn']);
if (built !== 0) {
  if (interrupted) process.exit(built);
  console.error(`Enrollment Station could not start: building its screens failed (see above). Fix the error, then run npm start again.`);
  process.exit(1);
}

const { startArgs } = await load('src/main/browser/start-options.ts');
process.exit(
  await run(process.execPath, ['--import', 'tsx', join(ROOT, 'src/main/app-window.ts'), ...startArgs({ ...options, browser: search.found.path })]),
);
