/**
 * The app:// scheme that serves the renderer (renderer/dist) as app://recollect/index.html.
 *
 * Why a custom scheme rather than file://: file:// pages get no response headers (so no CSP
 * header and webRequest cannot add one), share one opaque origin with every file on the disk, and
 * would let a compromised page fetch arbitrary file:// URLs. app:// is a standard, secure scheme
 * whose one handler only serves files under renderer/dist, attaches the CSP header to every
 * response, and gives the page an exact origin (app://recollect) that the navigation and IPC
 * sender checks compare against.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'recollect';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** True when `url` is a page of this app (same scheme and host), e.g. for navigation checks. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '' && u.port === '';
  } catch {
    return false;
  }
}

/** Maps an app:// URL to a file under root, or null when it names anything outside it. */
export function appFileFor(rawUrl: string, root: string): string | null {
  if (!isAppUrl(rawUrl)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(rawUrl).pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname.split('/').some((seg) => seg === '..' || seg === '.')) return null;
  const rel = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = path.resolve(root, rel);
  const back = path.relative(root, file);
  if (back === '' || back.startsWith('..') || path.isAbsolute(back)) return null;
  return file;
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

export function createAppProtocolHandler(root: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405 });
    const file = appFileFor(request.url, root);
    if (!file) return notFound();
    try {
      const [real, realRoot] = await Promise.all([fs.promises.realpath(file), fs.promises.realpath(root)]);
      const back = path.relative(realRoot, real);
      if (back === '' || back.startsWith('..') || path.isAbsolute(back)) return notFound();
      if (!(await fs.promises.stat(real)).isFile()) return notFound();
      const headers = {
        'content-type': MIME[path.extname(real).toLowerCase()] ?? 'application/octet-stream',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
      };
      if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
      return new Response(Readable.toWeb(fs.createReadStream(real)), { status: 200, headers });
    } catch {
      return notFound();
    }
  };
}
