export interface AppWindowArgsOptions {
  /** What the window opens first (the station's one-time launch address). */
  url: string;
  /** The window's own browser profile (inside the station's data folder). */
  profileDir: string;
  /** Full screen with no way out but closing the station (`npm start -- --kiosk`). */
  kiosk: boolean;
  /** Chromium refuses to start as root unless its sandbox is switched off. */
  runningAsRoot: boolean;
  platform: NodeJS.Platform;
  windowSize?: { width: number; height: number };
  /** The whole screen, when known: the kiosk window's size where no window manager makes it full screen. */
  screen?: { width: number; height: number } | undefined;
}

/** Sized for the 1366 × 768 screens badging offices have, which the screens are checked at. */
export const DEFAULT_WINDOW_SIZE = { width: 1366, height: 860 } as const;

/** Browser features a station window has no use for: they prompt, phone home or translate the clerk's screens. */
const DISABLED_FEATURES = [
  'Translate',
  'MediaRouter',
  'OptimizationHints',
  'AutofillServerCommunication',
  'PasswordManagerOnboarding',
  'PasswordLeakDetection',
  'InterestFeedContentSuggestions',
  'CertificateTransparencyComponentUpdater',
  'DialMediaRouteProvider',
  'PrivacySandboxSettings4',
  'HttpsUpgrades',
];

/**
 * The command line of a Chromium-family browser (Chromium, Google Chrome, Microsoft
 * Edge) showing the station as an app window: no tabs or address bar, its own profile,
 * no first-run, sync, sign-in, translate or default-browser prompts, nothing fetched in
 * the background. Nothing secret goes here: the URL is a one-time launch address.
 */
export function appWindowArgs(options: AppWindowArgsOptions): string[] {
  const size = options.windowSize ?? DEFAULT_WINDOW_SIZE;
  const args = [
    `--user-data-dir=${options.profileDir}`,
    `--app=${options.url}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-sync',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-default-apps',
    '--disable-extensions',
    '--disable-client-side-phishing-detection',
    '--disable-domain-reliability',
    '--disable-breakpad',
    '--no-pings',
    '--noerrdialogs',
    '--hide-crash-restore-bubble',
    '--disable-session-crashed-bubble',
    '--disable-features=' + DISABLED_FEATURES.join(','),
    // A touch screen must not zoom the clerk's screens away or swipe back a page.
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    // The profile holds no passwords: never ask the desktop's keyring to unlock.
    ...(options.platform === 'linux' ? ['--password-store=basic', '--class=EnrollmentStation'] : []),
    ...(options.platform === 'darwin' ? ['--use-mock-keychain'] : []),
  ];
  if (options.kiosk) {
    // A window manager makes it full screen; on bare X (many kiosks) it is placed to cover the screen.
    args.push('--kiosk', '--start-fullscreen', '--window-position=0,0');
    if (options.screen) args.push(`--window-size=${options.screen.width},${options.screen.height}`);
  } else args.push(`--window-size=${size.width},${size.height}`);
  if (options.runningAsRoot) args.push('--no-sandbox');
  return args;
}
