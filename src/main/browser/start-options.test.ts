import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, parseStartArgs, START_USAGE, startArgs } from './start-options';

describe('parseStartArgs', () => {
  it('has defaults for everything', () => {
    expect(parseStartArgs([])).toEqual({ options: { data: undefined, recover: false, kiosk: false, port: DEFAULT_PORT, browser: undefined } });
  });

  it('reads every flag', () => {
    expect(parseStartArgs(['--data', '/d', '--recover', '--kiosk', '--port', '0', '--browser', '/usr/bin/chromium'])).toEqual({
      options: { data: '/d', recover: true, kiosk: true, port: 0, browser: '/usr/bin/chromium' },
    });
    expect(parseStartArgs(['--port=4581'])).toEqual({ options: expect.objectContaining({ port: 4581 }) });
  });

  it('asks for help', () => {
    expect(parseStartArgs(['--help'])).toEqual({ help: true });
    expect(parseStartArgs(['-h'])).toEqual({ help: true });
    expect(START_USAGE).toMatch(/^Usage: npm start -- /);
    for (const flag of ['--data DIR', '--recover', '--kiosk', '--port N', '--browser FILE']) expect(START_USAGE).toContain(flag);
  });

  it('refuses unknown flags, stray words and bad values', () => {
    expect(parseStartArgs(['--fullscreen'])).toEqual({ error: expect.stringContaining("Unknown option '--fullscreen'") });
    expect(parseStartArgs(['kiosk'])).toEqual({ error: expect.stringContaining('kiosk') });
    expect(parseStartArgs(['--port', 'many'])).toEqual({ error: '--port must be a number from 0 to 65535, not "many".' });
    expect(parseStartArgs(['--port', '70000'])).toEqual({ error: '--port must be a number from 0 to 65535, not "70000".' });
    expect(parseStartArgs(['--port', '-1'])).toEqual({ error: expect.any(String) });
    expect(parseStartArgs(['--data'])).toEqual({ error: expect.stringContaining('--data') });
    expect(parseStartArgs(['--data='])).toEqual({ error: '--data needs a folder.' });
  });
});

describe('startArgs', () => {
  it('gives back a command line that parses to the same options', () => {
    const options = { data: '/d d', recover: true, kiosk: false, port: 0, browser: '/b' };
    expect(parseStartArgs(startArgs(options))).toEqual({ options });
    const none = { data: undefined, recover: false, kiosk: true, port: 4580, browser: undefined };
    expect(parseStartArgs(startArgs(none))).toEqual({ options: none });
  });
});
