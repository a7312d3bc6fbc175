/**
 * Response helpers of the browser host: security headers on every answer, JSON envelopes of the
 * HTTP protocol (`{ok: true, result}` / `{ok: false, error: {code, message}}`).
 */
import type { ServerResponse } from 'node:http';
import type { ApiErrorDto, ErrorCode } from '../contract/errors.js';

/**
 * Strict CSP for the built renderer: only our own scripts, styles, images and API; nothing inline.
 * 'unsafe-inline' styles are not needed: Vite extracts component CSS to a file and Svelte 5 sets
 * `style:` directives through CSSOM (element.style), which CSP does not restrict (checked by the
 * e2e tests, which fail on any CSP violation). No CORS header is ever sent.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // The token rides in the page URL: never send it on in a Referer.
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

export function sendApiError(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  const error: ApiErrorDto = { code, message };
  sendJson(res, status, { ok: false, error });
}

export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.end(text);
}

/** HTTP status for an error code: the caller's fault (4xx) or ours (5xx). */
export function statusForCode(code: ErrorCode): number {
  switch (code) {
    case 'INVALID_ARGUMENT':
      return 400;
    case 'PHOTO_NOT_FOUND':
    case 'FOLDER_NOT_FOUND':
      return 404;
    case 'INTERNAL':
      return 500;
    case 'DISK_FULL':
      return 507;
    default:
      // The request was well-formed but the library or model state prevents it
      // (no model chosen, model broken, library read-only...).
      return 422;
  }
}
