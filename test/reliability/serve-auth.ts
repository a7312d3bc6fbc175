/**
 * MERGE POINT: the one place the reliability suite says how a client authenticates to
 * `recollect serve`. Today: the per-run token in the x-recollect-token header for /api/*, and in
 * ?token= for the routes a page cannot add headers to (photos, events, the page itself).
 * When the host moves to header + per-resource capabilities (issue 8, defect 1), adapt only this.
 */
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
  if (path.startsWith('/api/') && path !== '/api/events' && !path.startsWith('/api/events?')) {
    return { path, headers: { 'x-recollect-token': host.token } };
  }
  const sep = path.includes('?') ? '&' : '?';
  return { path: `${path}${sep}token=${encodeURIComponent(host.token)}`, headers: { 'x-recollect-token': host.token } };
}
