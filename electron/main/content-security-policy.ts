/**
 * The renderer's Content-Security-Policy, sent as a header on every app:// response (and on every
 * other response the window's session sees, see security.ts). Scripts only from the app bundle (no
 * inline script, no eval), images from the app and photo:// only, no network at all, no plugins,
 * no frames, no forms, no <base> hijacking.
 *
 * No 'unsafe-inline' styles either: Vite extracts component CSS to a file, the renderer uses no
 * Svelte transitions (the one thing that inserted <style> elements), and Svelte 5 sets `style:`
 * directives through CSSOM (element.style), which CSP does not restrict. The browser host serves
 * the same bundle under the same style-src, and its e2e tests fail on any CSP violation.
 */
import { PHOTO_SCHEME } from '../contract/channels.js';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
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
