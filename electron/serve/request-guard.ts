/**
 * Who may talk to the browser host: requests addressed to our loopback origin (Host header, and
 * Origin when a browser sends one) carrying the per-run token. The Host check defeats DNS
 * rebinding (a foreign site whose name resolves to 127.0.0.1 still sends its own Host).
 */
import type { IncomingMessage } from 'node:http';
import { TOKEN_HEADER, tokenMatches } from './access-token.js';

export function allowedHosts(port: number): ReadonlySet<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host?.toLowerCase();
  if (!host || !allowedHosts(port).has(host)) return false;
  // Browsers send Origin on cross-origin requests and on POSTs; a foreign one is refused even
  // though no CORS header would let it read the answer, so it cannot cause side effects either.
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return origin.startsWith('http://') && allowedHosts(port).has(origin.slice('http://'.length).toLowerCase());
}

export function cookieName(port: number): string {
  // Cookies are shared by every port of a host, so the name carries ours.
  return `recollect-token-${port}`;
}

function cookieValue(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export interface TokenSources {
  header?: boolean;
  query?: boolean;
  cookie?: boolean;
}

/** Whether the request carries the right token in one of the places this route accepts. */
export function hasToken(req: IncomingMessage, query: URLSearchParams, token: string, port: number, from: TokenSources): boolean {
  if (from.header) {
    const h = req.headers[TOKEN_HEADER];
    if (typeof h === 'string' && tokenMatches(token, h)) return true;
  }
  if (from.query && tokenMatches(token, query.get('token'))) return true;
  if (from.cookie && tokenMatches(token, cookieValue(req, cookieName(port)))) return true;
  return false;
}
