import { execFile } from 'node:child_process';

export interface ScreenSize {
  width: number;
  height: number;
}

/** "  dimensions:    1440x900 pixels (381x238 millimeters)" → 1440 × 900. */
export function parseXdpyinfo(text: string): ScreenSize | undefined {
  const match = /^\s*dimensions:\s+(\d+)x(\d+) pixels/m.exec(text);
  if (!match) return undefined;
  return { width: Number(match[1]), height: Number(match[2]) };
}

/**
 * The X screen's size, where `xdpyinfo` (Debian x11-utils) can tell it; undefined
 * otherwise. A kiosk that runs the browser on bare X, with no window manager to make
 * it full screen, gets a window of exactly this size at 0,0 instead.
 */
export function screenSize(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Promise<ScreenSize | undefined> {
  if (platform !== 'linux' || !env.DISPLAY) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    execFile('xdpyinfo', [], { env, timeout: 5_000 }, (error, stdout) => resolve(error ? undefined : parseXdpyinfo(stdout)));
  });
}
