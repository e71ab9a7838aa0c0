// The control panel on one machine: the built files of web/dist/one-machine at /panel/, as CloudFront
// serves the S3 build in AWS. A path that is no file is a screen of the app (a deep link), so it gets
// index.html; a missing asset under /panel/assets/ stays a 404.
import { stat, readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

export const PANEL_DIR = resolve(import.meta.dirname, '../../web/dist/one-machine');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** The same policy as the CloudFront response-headers policy: no inline script, no framing. */
export const PANEL_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

async function isFile(path: string) {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

/**
 * Answers a GET or HEAD of `/` (302 to the panel, as CloudFront's function does in AWS) or under
 * /panel; returns false when the path is not the panel's.
 */
export async function servePanel(dir: string, pathname: string, response: ServerResponse): Promise<boolean> {
  if (pathname === '/' || pathname === '/panel') {
    response.writeHead(302, { location: '/panel/', 'cache-control': 'no-store' }).end();
    return true;
  }
  if (!pathname.startsWith('/panel/')) return false;
  let relative: string;
  try {
    relative = normalize(decodeURIComponent(pathname.slice('/panel/'.length))).replace(/^(\.\.[/\\])+/, '');
  } catch {
    relative = ''; // a malformed escape is no file: the app shows its own "not found"
  }
  const asked = join(dir, relative);
  const index = join(dir, 'index.html');
  let file = asked.startsWith(dir) && relative && (await isFile(asked)) ? asked : undefined;
  // Every other path is a screen (service ids have dots: /panel/services/example.fi); only a missing
  // built asset stays a 404, so /panel/assets/gone.js never turns into HTML.
  if (!file && !relative.startsWith('assets/')) file = (await isFile(index)) ? index : undefined;
  if (!file) {
    response
      .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
      .end(
        (await isFile(index))
          ? 'Not found.'
          : 'The control panel is not built: run npm run build:web (npm start does it for you).',
      );
    return true;
  }
  const hashed = file.startsWith(join(dir, 'assets'));
  response.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    // Built assets carry their hash in the name; index.html must always be asked again; the rest
    // (the icon) may be kept a day.
    'cache-control': hashed
      ? 'public, max-age=31536000, immutable'
      : file === index
        ? 'no-cache'
        : 'public, max-age=86400',
    'content-security-policy': PANEL_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  response.end(await readFile(file));
  return true;
}
