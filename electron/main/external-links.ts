/**
 * Links the app may hand to the user's browser (shell.openExternal): the viewer's "Open in
 * OpenStreetMap" link and nothing else. Everything else a page tries to open stays blocked
 * (security.ts). Exact https origins only: no other scheme (file:, smb: and custom protocols can
 * run programs), no user:password@, no other port, no look-alike subdomain.
 */
const ALLOWED_ORIGINS = new Set(['https://www.openstreetmap.org']);

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.username === '' && url.password === '' && ALLOWED_ORIGINS.has(url.origin);
}
