import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock, type Clock } from '../node/clock';
import { StationError } from '../shared/contract/errors';
import { describeMissing } from '../shared/contract/station';
import { browserHostKeys, defaultDataDir } from './host-options';
import { openStationLog } from './station-log';
import { serveStation } from './web/serve-station';
import { version } from '../../package.json';
import { smartcardDevices } from './reader/smartcard-devices';

/**
 * The browser-kiosk host: the same station back end as the Electron app, served to
 * a browser on 127.0.0.1 with the contract carried over a WebSocket.
 */
const USAGE = `Usage: npm run start:web -- [--port N] [--data DIR] [--key-file FILE]

  --port N         port on 127.0.0.1 (default 4580; 0 picks a free one)
  --data DIR       the station's data folder (default ~/.local/share/enrollment-station)
  --key-file FILE  the store key (default ~/.config/enrollment-station/station.key,
                   created on first start). Set ENROLLMENT_STATION_PASSPHRASE to use
                   a passphrase instead.
  --recover        the data file is damaged: set it aside and open the last good
                   copy (the station says what may be missing)`;

async function main(argv: string[], clock: Clock, started: { dataDir?: string }): Promise<void> {
  const { values } = parseArgsOrExit(argv);
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535\n\n${USAGE}`);
  const dataDir = resolve(values.data ?? defaultDataDir());
  started.dataDir = dataDir;
  const served = await serveStation({
    dataDir,
    keys: await browserHostKeys({ dataDir, keyFile: values['key-file'] }),
    version,
    pcsc: smartcardDevices,
    recover: values.recover,
    now: () => clock.now(),
    port,
    rendererDir: resolve(__dirname, '../../dist/renderer'),
  });
  const station = served.hosted.current();
  const recovery = station?.recovery;
  if (recovery) {
    console.log(`Recovered the last good copy: everything saved up to ${recovery.savedUpTo} is there; ${describeMissing(recovery, recovery.savedUpTo)}. Damaged files kept in ${recovery.keptAside}.`);
  }
  const waiting = station ? '' : ', waiting for the station passphrase on the page';
  console.log(`Enrollment Station "${station?.config.stationName ?? 'Enrollment Station'}" is running (data: ${dataDir}${waiting}).`);
  console.log(`Open this address in the kiosk browser (it carries this station's browser key; do not share it):`);
  console.log(`  ${served.origin}/#key=${served.browserKey}`);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await served.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

/** The flags; unknown ones or a missing value: say which, show the usage, exit 2. */
function parseArgsOrExit(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '4580' },
        data: { type: 'string' },
        'key-file': { type: 'string' },
        recover: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
}

/**
 * `npm run start:web`. Test launchers (tests/support/launch-web-host.ts) call it with
 * their own clock; production never reads a test setting.
 */
export function runWebHost(argv: string[], options: { clock?: Clock } = {}): Promise<void> {
  const started: { dataDir?: string } = {};
  return main(argv, options.clock ?? systemClock, started).catch((error: unknown) => {
    const message = error instanceof StationError || error instanceof Error ? error.message : String(error);
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error('The port is already in use: another station may be running. Choose another with --port N.');
    } else console.error(`Enrollment Station could not start: ${message}`);
    if (started.dataDir) logStartFailure(started.dataDir, error);
    process.exit(1);
  });
}

/** Also into the station's log, where the terminal's output is gone (never creates a data folder for it). */
function logStartFailure(dataDir: string, error: unknown): void {
  if (!existsSync(dataDir)) return;
  const log = openStationLog(dataDir);
  try {
    if (error instanceof StationError) log.logger.warn({ code: error.code, reason: error.message }, 'the web host did not start');
    else log.logger.error({ err: error }, 'the web host did not start');
  } finally {
    log.close();
  }
}

if (require.main === module) void runWebHost(process.argv.slice(2));
