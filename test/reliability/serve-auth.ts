/**
 * The one place the reliability suite says how a client authenticates to `recollect serve`
 * (issue 8, defect 1): the per-run token in the x-recollect-token header for /api/* calls, and a
 * short-lived per-resource capability (?cap=) for the routes a page cannot add headers to
 * (photos, the event stream). The page itself and its assets are public (no user data).
 */
import { createCapability } from '../../electron/serve/resource-capability.js';
export interface HostCredentials {
  /** What `recollect serve --json` printed. */
  token: string;
  port: number;
}

export interface AuthorizedRequest {
  /** Path (and query) to request, credentials added where this route takes them. */
  path: string;
  headers: Record<string, string>;
}

/** Adds the credentials a legitimate client sends for `path` (give a wrong token for hostile tests). */
export function authorize(host: HostCredentials, path: string): AuthorizedRequest {
  const [resource = path, query] = path.split('?', 2);
  if (resource.startsWith('/api/') && resource !== '/api/events') {
    return { path, headers: { 'x-recollect-token': host.token } };
  }
  // Ten minutes ahead, as the page makes them (within the host's lifetime cap).
  const cap = createCapability(host.token, resource, Math.floor(Date.now() / 1000) + 600);
  return { path: `${resource}?${query ? `${query}&` : ''}cap=${encodeURIComponent(cap)}`, headers: {} };
}
