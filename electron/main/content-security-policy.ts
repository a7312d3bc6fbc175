/**
 * The renderer's Content-Security-Policy, sent as a header on every app:// response (and on every
 * other response the window's session sees, see security.ts). Scripts only from the app bundle (no
 * inline script, no eval), images from the app and photo:// only, no network at all, no plugins,
 * no frames, no forms, no <base> hijacking.
 *
 * style-src allows 'unsafe-inline' because Svelte transitions insert <style> elements at run time;
 * inline styles cannot run code, so this is the usual, narrow exception.
 */
import { PHOTO_SCHEME } from '../contract/channels.js';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  `img-src 'self' ${PHOTO_SCHEME}: data: blob:`,
  "font-src 'self' data:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
