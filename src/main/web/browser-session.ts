import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The browser's key to a station's web host: kept in the data folder (mode 0600) so a
 * page open before a restart of the host on the same data folder reconnects by itself.
 * Never logged, never on a command line: `npm start` hands the browser a one-time
 * launch token instead, which the host swaps for an HttpOnly cookie holding the key.
 */
export const BROWSER_KEY_FILE = 'web-session.key';
export const COOKIE_NAME = 'station_key';
const LAUNCH_TOKEN_MS = 60_000;
const KEY_LINE = /^([A-Za-z0-9_-]{43})\s*$/;

export async function loadBrowserKey(dataDir: string): Promise<string> {
  const path = join(dataDir, BROWSER_KEY_FILE);
  const existing = await readFile(path, 'utf8').catch(() => '');
  const match = KEY_LINE.exec(existing);
  if (match?.[1]) return match[1];
  const key = randomBytes(32).toString('base64url');
  await writeFile(path, `${key}\n`, { mode: 0o600 });
  return key;
}

export function sameKey(given: string | undefined, key: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The key from a request's Cookie header, if it carries one. */
export function keyFromCookie(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE_NAME) return value.join('=');
  }
  return undefined;
}

export function keyCookie(key: string): string {
  // No Max-Age: a session cookie, gone when the app window's browser closes.
  return `${COOKIE_NAME}=${key}; HttpOnly; SameSite=Strict; Path=/`;
}

/** One-time launch tokens: each opens the station once, within a minute. */
export class LaunchTokens {
  private readonly live = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(): string {
    const token = randomBytes(24).toString('base64url');
    this.live.set(token, this.now() + LAUNCH_TOKEN_MS);
    return token;
  }

  /** True once for a token issued less than a minute ago; it is spent either way. */
  redeem(token: string): boolean {
    const expires = this.live.get(token);
    this.live.delete(token);
    for (const [t, until] of this.live) if (until <= this.now()) this.live.delete(t);
    return expires !== undefined && expires > this.now();
  }
}
