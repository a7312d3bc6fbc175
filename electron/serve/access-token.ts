/**
 * The per-run secret of the browser host. Anything on this machine can reach 127.0.0.1, so the
 * loopback binding alone is not access control: every request must also carry this token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_HEADER = 'x-recollect-token';

/** 24 random bytes (192 bits), URL-safe so it can ride in the printed URL's query. */
export function createAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Constant-time comparison. Both sides are hashed first so the comparison takes the same time
 * whatever the length of the guess (timingSafeEqual itself needs equal lengths).
 */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}
