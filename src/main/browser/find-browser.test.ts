import { describe, expect, it } from 'vitest';
import { browserName, findBrowser, noBrowserMessage } from './find-browser';

const only = (...paths: string[]) => (path: string) => paths.includes(path);

describe('findBrowser', () => {
  it('takes --browser FILE and nothing else', () => {
    expect(findBrowser({ explicit: '/opt/edge/msedge', env: { PATH: '/usr/bin' }, platform: 'linux', isExecutable: only('/opt/edge/msedge', '/usr/bin/chromium') })).toEqual({
      found: { name: 'Microsoft Edge', path: '/opt/edge/msedge' },
    });
    const missing = findBrowser({ explicit: '/nope/chrome', env: { PATH: '/usr/bin' }, platform: 'linux', isExecutable: only('/usr/bin/chromium') });
    expect(missing).toEqual({ missing: expect.stringContaining('The browser given with --browser (/nope/chrome) is not an executable file.') });
  });

  it('prefers CHROMIUM_PATH, then falls back to PATH when it points nowhere', () => {
    const env = { PATH: '/usr/local/bin:/usr/bin', CHROMIUM_PATH: '/usr/lib/chromium/chromium' };
    expect(findBrowser({ env, platform: 'linux', isExecutable: only('/usr/lib/chromium/chromium', '/usr/bin/chromium') })).toEqual({
      found: { name: 'Chromium', path: '/usr/lib/chromium/chromium' },
    });
    expect(findBrowser({ env, platform: 'linux', isExecutable: only('/usr/bin/google-chrome-stable') })).toEqual({
      found: { name: 'Google Chrome', path: '/usr/bin/google-chrome-stable' },
    });
  });

  it('looks for chromium, chromium-browser, google-chrome(-stable), microsoft-edge(-stable) on PATH in that order', () => {
    const env = { PATH: '/a:/b' };
    const all = ['/b/microsoft-edge-stable', '/a/google-chrome', '/b/chromium-browser'];
    expect(findBrowser({ env, platform: 'linux', isExecutable: only(...all) })).toEqual({ found: { name: 'Chromium', path: '/b/chromium-browser' } });
    expect(findBrowser({ env, platform: 'linux', isExecutable: only(...all.slice(0, 2)) })).toEqual({ found: { name: 'Google Chrome', path: '/a/google-chrome' } });
    expect(findBrowser({ env, platform: 'linux', isExecutable: only(all[0]!) })).toEqual({ found: { name: 'Microsoft Edge', path: '/b/microsoft-edge-stable' } });
  });

  it('finds Chrome and Edge where their Windows installers put them', () => {
    const env = { Path: 'C:\\Windows\\system32', ProgramFiles: 'C:\\Program Files', 'ProgramFiles(x86)': 'C:\\Program Files (x86)', LOCALAPPDATA: 'C:\\Users\\clerk\\AppData\\Local' };
    expect(findBrowser({ env, platform: 'win32', isExecutable: only('C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe') })).toEqual({
      found: { name: 'Microsoft Edge', path: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe' },
    });
    expect(findBrowser({ env, platform: 'win32', isExecutable: only('C:\\Users\\clerk\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe') })).toEqual({
      found: { name: 'Google Chrome', path: 'C:\\Users\\clerk\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe' },
    });
    expect(findBrowser({ env: { PATH: 'C:\\tools' }, platform: 'win32', isExecutable: only('C:\\tools\\chrome.exe') })).toEqual({
      found: { name: 'Google Chrome', path: 'C:\\tools\\chrome.exe' },
    });
  });

  it('finds the macOS app bundles, in /Applications or ~/Applications', () => {
    expect(findBrowser({ env: { PATH: '/usr/bin', HOME: '/Users/clerk' }, platform: 'darwin', isExecutable: only('/Users/clerk/Applications/Chromium.app/Contents/MacOS/Chromium') })).toEqual({
      found: { name: 'Chromium', path: '/Users/clerk/Applications/Chromium.app/Contents/MacOS/Chromium' },
    });
  });

  it('says what to install when there is none', () => {
    const result = findBrowser({ env: { PATH: '/usr/bin', CHROMIUM_PATH: '/nowhere/chromium' }, platform: 'linux', isExecutable: () => false });
    expect(result).toEqual({ missing: noBrowserMessage('linux', '/nowhere/chromium') });
    const message = noBrowserMessage('linux', '/nowhere/chromium');
    expect(message).toContain('sudo apt-get install -y chromium');
    expect(message).toContain('Google Chrome');
    expect(message).toContain('Microsoft Edge');
    expect(message).toContain('npx install-electron');
    expect(message).toContain('CHROMIUM_PATH is set to /nowhere/chromium, which is not an executable file.');
    expect(noBrowserMessage('win32')).not.toContain('apt-get');
  });
});

describe('browserName', () => {
  it('names the browser from its program', () => {
    expect(browserName('/usr/bin/chromium')).toBe('Chromium');
    expect(browserName('/usr/bin/google-chrome-stable')).toBe('Google Chrome');
    expect(browserName('C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe')).toBe('Microsoft Edge');
    expect(browserName('C:\\Users\\a\\AppData\\Local\\Chromium\\Application\\chrome.exe')).toBe('Chromium');
  });
});
