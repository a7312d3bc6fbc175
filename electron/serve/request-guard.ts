/**
 * Who may talk to the browser host: requests addressed to our loopback origin (Host header, and
 * Origin when a browser sends one) carrying the per-run token or a capability derived from it. The Host check defeats DNS
 * rebinding (a foreign site whose name resolves to 127.0.0.1 still sends its own Host).
 */
import type { IncomingMessage } from 'node:http';
import { TOKEN_HEADER, tokenMatches } from './access-token.js';
import { capabilityAllows } from './resource-capability.js';

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

export interface CredentialSources {
  /** The access token in the x-recollect-token header (fetch from the page, scripts). */
  header?: boolean;
  /** A capability for exactly this path in `?cap=` (URLs that cannot carry a header). */
  capabilityFor?: string;
}

/**
 * Whether the request carries a credential this route accepts. Never a cookie: cookies are shared
 * by every port of 127.0.0.1, so the browser would hand one to any local server (issue 8).
 * Never the bare token in a URL either: URLs end up in history, logs and Referer headers.
 */
export function hasCredential(req: IncomingMessage, query: URLSearchParams, token: string, from: CredentialSources): boolean {
  if (from.header) {
    const h = req.headers[TOKEN_HEADER];
    if (typeof h === 'string' && tokenMatches(token, h)) return true;
  }
  if (from.capabilityFor !== undefined && capabilityAllows(token, from.capabilityFor, query.get('cap'))) return true;
  return false;
}
