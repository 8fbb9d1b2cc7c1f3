import { describe, expect, it } from 'vitest';
import { appWindowArgs, DEFAULT_WINDOW_SIZE } from './browser-args';

const base = { url: 'http://127.0.0.1:4580/launch?token=abc', profileDir: '/data/browser-profile', kiosk: false, runningAsRoot: false, platform: 'linux' as const };

describe('appWindowArgs', () => {
  it('opens an app window on its own profile with no first-run, sync or background prompts', () => {
    const args = appWindowArgs(base);
    expect(args).toEqual(
      expect.arrayContaining([
        '--user-data-dir=/data/browser-profile',
        '--app=http://127.0.0.1:4580/launch?token=abc',
        '--no-first-run',
        '--no-default-browser-check',
        '--disable-sync',
        '--disable-background-networking',
        '--disable-component-update',
        '--password-store=basic',
        `--window-size=${DEFAULT_WINDOW_SIZE.width},${DEFAULT_WINDOW_SIZE.height}`,
      ]),
    );
    const features = args.find((a) => a.startsWith('--disable-features='));
    expect(features?.split('=')[1]?.split(',')).toContain('Translate');
    expect(args).not.toContain('--kiosk');
    expect(args).not.toContain('--no-sandbox');
    // Exactly one page: the launch address, passed as --app (never as a bare URL that opens a tab).
    expect(args.filter((a) => a.includes('127.0.0.1'))).toEqual(['--app=http://127.0.0.1:4580/launch?token=abc']);
  });

  it('goes full screen for --kiosk instead of sizing the window', () => {
    const args = appWindowArgs({ ...base, kiosk: true });
    expect(args).toContain('--kiosk');
    expect(args.some((a) => a.startsWith('--window-size='))).toBe(false);
    // Covering the screen even where no window manager makes it full screen.
    expect(appWindowArgs({ ...base, kiosk: true, screen: { width: 1920, height: 1080 } })).toEqual(
      expect.arrayContaining(['--kiosk', '--window-position=0,0', '--window-size=1920,1080']),
    );
  });

  it('switches the sandbox off only as root, where Chromium refuses to start with it', () => {
    expect(appWindowArgs({ ...base, runningAsRoot: true })).toContain('--no-sandbox');
  });

  it('uses the platform flags of each system', () => {
    expect(appWindowArgs({ ...base, platform: 'darwin' })).toContain('--use-mock-keychain');
    expect(appWindowArgs({ ...base, platform: 'win32' })).not.toContain('--password-store=basic');
    expect(appWindowArgs({ ...base, windowSize: { width: 1024, height: 700 } })).toContain('--window-size=1024,700');
  });
});
