/**
 * Short-lived, per-resource capabilities for the URLs a page cannot put a header on: `<img src>`
 * (photos) and EventSource (events). `?cap=<expiry>.<mac>` where mac = HMAC-SHA256(token,
 * "recollect-cap-v1\n<path>\n<expiry>"), base64url, expiry in Unix seconds. A capability opens
 * exactly the one path it was made for, until its expiry: a leaked thumbnail URL leaks one
 * thumbnail for minutes, never the API. The page computes the same value
 * (renderer/src/lib/resource-capability.ts); both sides are checked against each other in
 * test/unit/serve/resource-capability.test.ts.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Page-side validity is 10-20 min (see the renderer); a little slack on top, never more. */
export const MAX_CAPABILITY_LIFETIME_S = 21 * 60;

export function capabilityMessage(resourcePath: string, expiresAt: number): string {
  return `recollect-cap-v1\n${resourcePath}\n${expiresAt}`;
}

export function createCapability(token: string, resourcePath: string, expiresAt: number): string {
  const mac = createHmac('sha256', token).update(capabilityMessage(resourcePath, expiresAt)).digest('base64url');
  return `${expiresAt}.${mac}`;
}

/**
 * Whether `cap` opens `resourcePath` now. Expired ones, and ones claiming to live longer than a
 * page would make them, are refused, so a capability cannot be stretched into a standing key.
 */
export function capabilityAllows(token: string, resourcePath: string, cap: string | null, nowMs = Date.now()): boolean {
  if (!cap) return false;
  const m = /^([0-9]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(cap);
  if (!m?.[1] || !m[2]) return false;
  const expiresAt = Number(m[1]);
  const now = Math.floor(nowMs / 1000);
  if (expiresAt <= now || expiresAt - now > MAX_CAPABILITY_LIFETIME_S) return false;
  const expected = createHmac('sha256', token).update(capabilityMessage(resourcePath, expiresAt)).digest();
  const given = Buffer.from(m[2], 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
