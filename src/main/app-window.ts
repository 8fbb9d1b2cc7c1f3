import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { StationError } from '../shared/contract/errors';
import { describeMissing } from '../shared/contract/station';
import { version } from '../../package.json';
import { alreadyOpen, alreadyOpenMessage, APP_WINDOW_LOCK_FILE } from './browser/already-open';
import { appWindowArgs } from './browser/browser-args';
import { groupAlive, startBrowser, type BrowserExit, type BrowserProcess } from './browser/browser-process';
import { displayProblem } from './browser/display';
import { findBrowser } from './browser/find-browser';
import { watchParent } from './browser/parent-watch';
import { createProfileDir, leftoverBrowser, profileDirFor } from './browser/profile';
import { screenSize } from './browser/screen-size';
import { parseStartArgs, START_USAGE } from './browser/start-options';
import { browserHostKeys, defaultDataDir } from './host-options';
import { acquireStoreLock } from './store/store-lock';
import { serveStation } from './web/serve-station';
import { smartcardDevices } from './reader/smartcard-devices';

/**
 * `npm start` where Electron's binary is missing: the station's web back end in this
 * process and the station in an app window of Chromium, Chrome or Edge. Window and back
 * end live and die together: closing the window stops the station; Ctrl+C or SIGTERM
 * closes the window. The browser gets a one-time launch address, never the browser key.
 */
async function main(argv: readonly string[]): Promise<number> {
  const request = parseStartArgs(argv);
  if ('help' in request) {
    console.log(START_USAGE);
    return 0;
  }
  if ('error' in request) {
    console.error(`${request.error}\n\n${START_USAGE}`);
    return 2;
  }
  const options = request.options;
  const noDisplay = displayProblem(process.env, process.platform);
  if (noDisplay) throw new Error(noDisplay);
  const search = findBrowser({ explicit: options.browser, env: process.env, platform: process.platform });
  if ('missing' in search) throw new Error(search.missing);
  const browserFound = search.found;

  const dataDir = resolve(options.data ?? defaultDataDir());
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // Said before anything starts: with a passphrase the store (and its lock) opens only later.
  const open = await alreadyOpen(dataDir);
  if (open) throw new StationError('STORE_LOCKED', open);
  const unlockWindow = await acquireStoreLock(join(dataDir, APP_WINDOW_LOCK_FILE)).catch((error: unknown) => {
    const pid = error instanceof StationError ? Number(error.details?.pid) : NaN;
    throw Number.isInteger(pid) ? new StationError('STORE_LOCKED', alreadyOpenMessage(dataDir, pid)) : error;
  });

  let served;
  try {
    served = await serveStation({
      dataDir,
      keys: await browserHostKeys({ dataDir }),
      version,
      pcsc: smartcardDevices,
      recover: options.recover,
      port: options.port,
      portFallback: true,
      rendererDir: resolve(__dirname, '../../dist/renderer'),
    });
  } catch (error) {
    await unlockWindow();
    throw error;
  }

  const opened: { browser?: BrowserProcess } = {};
  let stopping: Promise<number> | undefined;
  const stop = (exit?: BrowserExit): Promise<number> =>
    (stopping ??= (async () => {
      let code = 0;
      if (exit && exit.code !== 0 && exit.signal !== 'SIGTERM') {
        code = 1;
        const why = exit.code === null && exit.signal === null ? 'could not be started' : `ended unexpectedly (${exit.signal ?? `exit code ${exit.code}`})`;
        console.error(`The ${browserFound.name} window ${why}; the station is stopping.${exit.stderrTail.trim() ? `\n${browserFound.name} said:\n${lastLines(exit.stderrTail, 12)}` : ''}`);
      }
      await opened.browser?.stop();
      await served.close();
      await unlockWindow();
      return code;
    })());
  const stopAndExit = (): void => void stop().then((code) => process.exit(code));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stopAndExit);
  // The launcher (npm start) was killed: nobody is left to say stop, so close the window now.
  watchParent(stopAndExit);

  const recovery = served.hosted.current()?.recovery;
  if (recovery) {
    console.log(
      `Recovered the last good copy: everything saved up to ${recovery.savedUpTo} is there; ${describeMissing(recovery, recovery.savedUpTo)}. Damaged files kept in ${recovery.keptAside}.`,
    );
  }
  const port = Number(new URL(served.origin).port);
  if (options.port !== 0 && port !== options.port) console.log(`Port ${options.port} is in use, so the station listens on ${served.origin} instead.`);

  const profileDir = profileDirFor(dataDir);
  await createProfileDir(profileDir);
  await endLeftoverBrowser(profileDir);
  const screen = options.kiosk ? await screenSize(process.env, process.platform) : undefined;
  if (stopping) return stopping;
  const browser = (opened.browser = startBrowser(
    browserFound.path,
    appWindowArgs({
      url: served.newLaunchUrl(),
      profileDir,
      kiosk: options.kiosk,
      screen,
      runningAsRoot: process.getuid?.() === 0,
      platform: process.platform,
    }),
  ));
  // One write: a reader of this output that sees the first line also sees the second.
  const passphrase = served.hosted.current() ? '' : "\nThe station's data is protected by a passphrase: type it in the window.";
  console.log(`Enrollment Station is open in ${browserFound.name} (data: ${dataDir}). Close the window to stop the station.${passphrase}`);
  return browser.exited.then((exit) => stop(exit));
}

/** A browser left on this profile by a launcher that was killed: it shows a station that is gone. */
async function endLeftoverBrowser(profileDir: string): Promise<void> {
  const pid = await leftoverBrowser(profileDir);
  if (pid === undefined) return;
  console.log(`Closing a station window left over from an earlier start (process ${pid}).`);
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGTERM');
      break;
    } catch {
      // not a group leader, or already gone
    }
  }
  const deadline = Date.now() + 10_000;
  while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

function lastLines(text: string, count: number): string {
  return text
    .trim()
    .split('\n')
    .slice(-count)
    .map((line) => `  ${line}`)
    .join('\n');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof StationError || error instanceof Error ? error.message : String(error);
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error('The port is already in use: another station may be running. Choose another with --port N.');
    } else console.error(`Enrollment Station could not start: ${message}`);
    process.exit(1);
  },
);
