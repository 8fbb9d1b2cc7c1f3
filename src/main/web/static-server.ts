import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // MUI (emotion) injects <style> elements at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Serves the built renderer (web.html as the start page) with a strict CSP. Only
 * GET/HEAD, only files under `root`, and only for the expected Host header; `route`
 * may answer a request first (it returns true when it did).
 */
export function staticFiles(root: string, allowedHosts: () => readonly string[], route?: (req: IncomingMessage, res: ServerResponse) => boolean): RequestListener {
  return (req, res) => {
    const security = SECURITY_HEADERS;
    if (!allowedHosts().includes(req.headers.host ?? '')) {
      res.writeHead(421, { ...security, 'Content-Type': 'text/plain' }).end('Wrong host name for this station.\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...security, Allow: 'GET, HEAD' }).end();
      return;
    }
    if (route?.(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://station');
    let wanted: string;
    try {
      wanted = url.pathname === '/' ? '/web.html' : decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(404, security).end(); // bad percent-encoding names no file
      return;
    }
    const file = normalize(join(root, wanted));
    if (!file.startsWith(root + sep) || wanted === '/index.html') {
      res.writeHead(404, security).end();
      return;
    }
    void stat(file).then(
      (info) => {
        if (!info.isFile()) throw new Error('not a file');
        res.writeHead(200, {
          ...security,
          'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
          'Content-Length': info.size,
          'Cache-Control': extname(file) === '.html' ? 'no-store' : 'public, max-age=31536000, immutable',
        });
        if (req.method === 'HEAD') res.end();
        else createReadStream(file).pipe(res);
      },
      () => res.writeHead(404, { ...security, 'Content-Type': 'text/plain' }).end('Not found\n'),
    );
  };
}
