import { accessSync, constants, statSync } from 'node:fs';
import { posix, win32 } from 'node:path';

/** A Chromium-family browser that can open the station as an app window. */
export interface FoundBrowser {
  /** For messages: "Chromium", "Google Chrome", "Microsoft Edge". */
  name: string;
  path: string;
}

export interface FindBrowserOptions {
  /** `--browser FILE`: this file and nothing else. */
  explicit?: string | undefined;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** Whether `path` is an executable file (a stand-in only in unit tests). */
  isExecutable?: (path: string) => boolean;
}

export type BrowserSearch = { found: FoundBrowser } | { missing: string };

/** Command names looked up on PATH, in order of preference. */
const COMMANDS: ReadonlyArray<readonly [command: string, name: string]> = [
  ['chromium', 'Chromium'],
  ['chromium-browser', 'Chromium'],
  ['google-chrome', 'Google Chrome'],
  ['google-chrome-stable', 'Google Chrome'],
  ['microsoft-edge', 'Microsoft Edge'],
  ['microsoft-edge-stable', 'Microsoft Edge'],
];

const WINDOWS_COMMANDS: ReadonlyArray<readonly [command: string, name: string]> = [
  ['chrome', 'Google Chrome'],
  ['msedge', 'Microsoft Edge'],
  ['chromium', 'Chromium'],
];

export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** "Microsoft Edge" for …/msedge.exe, and so on; "Chromium" when nothing says otherwise. */
export function browserName(path: string): string {
  const file = path.toLowerCase().replace(/\\/g, '/');
  if (/edge/.test(file)) return 'Microsoft Edge';
  if (/chrome/.test(file) && !/chromium/.test(file)) return 'Google Chrome';
  return 'Chromium';
}

/** The usual install locations outside PATH (Windows and macOS installers do not add one). */
function installPaths(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): FoundBrowser[] {
  if (platform === 'win32') {
    const roots = [env['ProgramFiles'], env['ProgramFiles(x86)'], env['LOCALAPPDATA']].filter((r): r is string => Boolean(r));
    const apps: ReadonlyArray<readonly [string, string]> = [
      ['Google\\Chrome\\Application\\chrome.exe', 'Google Chrome'],
      ['Microsoft\\Edge\\Application\\msedge.exe', 'Microsoft Edge'],
      ['Chromium\\Application\\chrome.exe', 'Chromium'],
    ];
    return apps.flatMap(([rel, name]) => roots.map((root) => ({ name, path: win32.join(root, rel) })));
  }
  if (platform === 'darwin') {
    const roots = ['/Applications', ...(env.HOME ? [posix.join(env.HOME, 'Applications')] : [])];
    const apps: ReadonlyArray<readonly [string, string]> = [
      ['Google Chrome.app/Contents/MacOS/Google Chrome', 'Google Chrome'],
      ['Chromium.app/Contents/MacOS/Chromium', 'Chromium'],
      ['Microsoft Edge.app/Contents/MacOS/Microsoft Edge', 'Microsoft Edge'],
    ];
    return apps.flatMap(([rel, name]) => roots.map((root) => ({ name, path: posix.join(root, rel) })));
  }
  return [];
}

function onPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): FoundBrowser[] {
  const windows = platform === 'win32';
  const path = windows ? win32 : posix;
  const dirs = (env.PATH ?? env.Path ?? '').split(windows ? ';' : ':').filter(Boolean);
  const commands = windows ? WINDOWS_COMMANDS : COMMANDS;
  const extensions = windows ? (env.PATHEXT ?? '.EXE').split(';').filter((e) => e.toUpperCase() === '.EXE').map(() => '.exe') : [''];
  return commands.flatMap(([command, name]) => dirs.flatMap((dir) => extensions.map((ext) => ({ name, path: path.join(dir, command + ext) }))));
}

/**
 * Finds the browser for the station's app window: `--browser FILE`, else CHROMIUM_PATH,
 * else chromium / chromium-browser / google-chrome(-stable) / microsoft-edge(-stable) on
 * PATH, else the usual Windows and macOS install paths.
 */
export function findBrowser(options: FindBrowserOptions): BrowserSearch {
  const executable = options.isExecutable ?? isExecutableFile;
  if (options.explicit) {
    return executable(options.explicit)
      ? { found: { name: browserName(options.explicit), path: options.explicit } }
      : { missing: `The browser given with --browser (${options.explicit}) is not an executable file.` };
  }
  const fromEnv = options.env.CHROMIUM_PATH;
  const candidates: FoundBrowser[] = [
    ...(fromEnv ? [{ name: browserName(fromEnv), path: fromEnv }] : []),
    ...onPath(options.env, options.platform),
    ...installPaths(options.env, options.platform),
  ];
  const found = candidates.find((c) => executable(c.path));
  if (found) return { found };
  return { missing: noBrowserMessage(options.platform, fromEnv) };
}

/** What `npm start` says when neither Electron's binary nor a browser is there. */
export function noBrowserMessage(platform: NodeJS.Platform, chromiumPath?: string): string {
  const install =
    platform === 'linux'
      ? `  - Chromium:        sudo apt-get install -y chromium   (Ubuntu: sudo snap install chromium)
  - or Google Chrome / Microsoft Edge from google.com/chrome or microsoft.com/edge`
      : `  - Google Chrome (google.com/chrome) or Microsoft Edge (microsoft.com/edge)`;
  const envNote = chromiumPath ? `\nCHROMIUM_PATH is set to ${chromiumPath}, which is not an executable file.\n` : '';
  return `Enrollment Station cannot open its window: the Electron binary is not installed and no Chromium, Google Chrome or Microsoft Edge was found.
${envNote}
Install one of these, then run npm start again:
${install}
  - or Electron's binary (needs access to Electron's download host): npx install-electron

A browser elsewhere: npm start -- --browser /path/to/chrome  (or set CHROMIUM_PATH).`;
}
