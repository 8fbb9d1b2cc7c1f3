import { parseArgs } from 'node:util';

/** What `npm start -- …` was asked for. */
export interface StartOptions {
  /** The station's data folder as given (the default is decided later). */
  data?: string | undefined;
  recover: boolean;
  kiosk: boolean;
  port: number;
  /** `--browser FILE`: open the station in this browser (also where Electron is installed). */
  browser?: string | undefined;
}

export type StartRequest = { help: true } | { error: string } | { options: StartOptions };

export const DEFAULT_PORT = 4580;

export const START_USAGE = `Usage: npm start -- [--data DIR] [--recover] [--kiosk] [--port N] [--browser FILE]

Opens Enrollment Station in a window of its own: the Electron desktop app where its
binary is installed, otherwise an app window of Chromium, Google Chrome or Microsoft
Edge. Closing the window stops the station.

  --data DIR      the station's data folder (default ~/.local/share/enrollment-station)
  --recover       the data file is damaged: set it aside and open the last good copy
                  (the station says what may be missing)
  --kiosk         full screen kiosk mode (no browser controls; Alt+F4 closes it)
  --port N        browser window only: the port on 127.0.0.1 (default ${DEFAULT_PORT}; when it
                  is taken, another free port is used)
  --browser FILE  open the station in this Chromium, Chrome or Edge (default: CHROMIUM_PATH,
                  then chromium, google-chrome or microsoft-edge on PATH)
  -h, --help      show this help

The store key is as for npm run start:web (~/.config/enrollment-station/station.key, or
ENROLLMENT_STATION_PASSPHRASE; a store protected by a passphrase asks for it in the window).`;

/** Parses `npm start`'s flags; anything unknown is an error (shown with the usage, exit 2). */
export function parseStartArgs(argv: readonly string[]): StartRequest {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        data: { type: 'string' },
        recover: { type: 'boolean', default: false },
        kiosk: { type: 'boolean', default: false },
        port: { type: 'string' },
        browser: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return { error: (error as Error).message.replace(/\. To specify a positional argument.*$/s, '.') };
  }
  if (values.help) return { help: true };
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (values.port !== undefined && (!/^\d+$/.test(values.port) || port > 65535)) {
    return { error: `--port must be a number from 0 to 65535, not "${values.port}".` };
  }
  if (values.data === '') return { error: '--data needs a folder.' };
  if (values.browser === '') return { error: '--browser needs the browser program.' };
  return { options: { data: values.data, recover: values.recover, kiosk: values.kiosk, port, browser: values.browser } };
}

/** The same options as a command line, e.g. for the app-window process. */
export function startArgs(options: StartOptions): string[] {
  return [
    ...(options.data !== undefined ? ['--data', options.data] : []),
    ...(options.recover ? ['--recover'] : []),
    ...(options.kiosk ? ['--kiosk'] : []),
    '--port',
    String(options.port),
    ...(options.browser !== undefined ? ['--browser', options.browser] : []),
  ];
}
