import fs from 'node:fs';
import path from 'node:path';
import type http from 'node:http';
import { PROJECT_ROOT } from './config';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf',
  '.map': 'application/json',
};

/** The web console's built files (web/dist), served under /console/ with an index.html fallback for client routes. */
export const CONSOLE_DIR = path.join(PROJECT_ROOT, 'web', 'dist');

export function serveConsole(req: http.IncomingMessage, res: http.ServerResponse, url: URL): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (url.pathname === '/' || url.pathname === '/console') {
    res.writeHead(302, { location: '/console/' });
    res.end();
    return true;
  }
  if (!url.pathname.startsWith('/console/')) return false;
  const rel = decodeURIComponent(url.pathname.slice('/console/'.length));
  let file = path.resolve(CONSOLE_DIR, rel || 'index.html');
  // Never outside the console's folder; unknown paths are client-side routes of the single-page app.
  if (!file.startsWith(CONSOLE_DIR + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(CONSOLE_DIR, 'index.html');
  if (!fs.existsSync(file)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('the console is not built: run npm run build');
    return true;
  }
  const body = fs.readFileSync(file);
  const immutable = /\/assets\//.test(file);
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': body.length,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
