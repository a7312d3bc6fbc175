/**
 * Files of the built renderer (renderer/dist): index.html at `/`, hashed assets below it.
 * Traversal is impossible by construction: the raw path is refused if it holds `..`, encoded dots
 * or slashes, backslashes or NUL; the decoded path is resolved and must stay inside dist, and so
 * must its real path (no symlink out of dist).
 */
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { sendText } from './http-replies.js';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

const MISSING_BUILD_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Recollect</title></head>
<body><h1>Recollect</h1><p>The user interface is not built yet. Run <code>npm run build:renderer</code>, then reload this page.</p></body></html>
`;

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Decoded path relative to dist, or null when the raw path is anything but plain. */
export function safeRelativePath(rawPath: string): string | null {
  if (!rawPath.startsWith('/') || rawPath.includes('\\') || rawPath.includes('//')) return null;
  if (/%(2e|2f|5c|00)/i.test(rawPath)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').slice(1);
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const rel = segments.join('/');
  return rel === '' ? 'index.html' : rel;
}

export function isIndexPath(rawPath: string): boolean {
  return rawPath === '/' || rawPath === '/index.html';
}

export async function handleStatic(req: IncomingMessage, res: ServerResponse, rawPath: string, distDir: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
    return;
  }
  const realDist = await fs.promises.realpath(distDir).catch(() => null);
  if (!realDist) {
    if (isIndexPath(rawPath)) return send(res, req, 200, 'text/html; charset=utf-8', Buffer.from(MISSING_BUILD_PAGE));
    sendText(res, 404, 'Not found');
    return;
  }
  const rel = safeRelativePath(rawPath);
  const candidate = rel === null ? null : path.resolve(realDist, rel);
  const real = candidate && isInside(candidate, realDist) ? await fs.promises.realpath(candidate).catch(() => null) : null;
  const stat = real && isInside(real, realDist) ? await fs.promises.stat(real).catch(() => null) : null;
  if (!real || !stat?.isFile()) {
    if (isIndexPath(rawPath)) return send(res, req, 200, 'text/html; charset=utf-8', Buffer.from(MISSING_BUILD_PAGE));
    sendText(res, 404, 'Not found');
    return;
  }
  const type = MIME[path.extname(real).toLowerCase()] ?? 'application/octet-stream';
  send(res, req, 200, type, await fs.promises.readFile(real));
}

function send(res: ServerResponse, req: IncomingMessage, status: number, type: string, body: Buffer): void {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', body.length);
  res.setHeader('Cache-Control', 'no-cache');
  res.end(req.method === 'HEAD' ? undefined : body);
}
