/**
 * Which files the scanner tries to open, decided by file extension only (cheap: no I/O).
 * Owns the extension lists; the real format is sniffed from magic bytes in sniff-format.ts,
 * so a mislabelled file (a JPEG named .png or .heic, MANIFEST "INDEX as JPEG") still opens.
 *
 * Files without an extension (e.g. corpus photoprism-examples/airport_grey) are skipped by
 * design: sniffing every extension-less file in a home folder would mean opening thousands of
 * non-images. Must not import sharp or any host.
 */
import { extname } from 'node:path';

/** Formats the prebuilt sharp/libvips decodes, plus HEIF/HEIC (libheif WASM). */
const PIXEL_EXTENSIONS = [
  'jpg', 'jpeg', 'jpe', 'jfif', 'mpo',
  'png', 'apng',
  'webp',
  'gif',
  'tif', 'tiff',
  'avif', 'avifs', 'heic', 'heif', 'hif',
] as const;

/**
 * Camera RAW formats: opened through their largest embedded JPEG preview (raw-preview.ts).
 * The ones without a readable preview (CR3, CRW, MRW, X3F) are still candidates, so the user
 * sees a clear per-file "unsupported" reason instead of photos silently missing.
 */
export const RAW_EXTENSIONS: ReadonlySet<string> = new Set([
  'dng', 'cr2', 'cr3', 'crw', 'nef', 'nrw', 'arw', 'srf', 'sr2', 'orf', 'rw2', 'raw', 'rwl',
  'pef', 'srw', 'raf', 'kdc', 'dcr', 'k25', 'mrw', 'x3f', 'iiq', '3fr', 'fff', 'mef', 'mos', 'erf',
]);

/**
 * Common image formats the prebuilt sharp has no loader for (MANIFEST: SKIP-ERROR
 * "unsupported format"). Tried anyway so they are reported, not silently ignored.
 */
const UNSUPPORTED_IMAGE_EXTENSIONS = ['bmp', 'psd'] as const;

/**
 * Not images: sidecars and text that sit next to photos (MANIFEST code IGNORE). The scanner
 * ignores them silently; a later feature may attach .xmp/.aae to their photo.
 */
export const SIDECAR_EXTENSIONS: ReadonlySet<string> = new Set([
  'xmp', 'aae', 'thm', 'pp3', 'dop', 'on1', 'xml', 'json',
  'txt', 'md', 'rst', 'readme', 'license', 'nfo', 'ini', 'db', 'ds_store',
]);

const CANDIDATE_EXTENSIONS: ReadonlySet<string> = new Set<string>([
  ...PIXEL_EXTENSIONS,
  ...RAW_EXTENSIONS,
  ...UNSUPPORTED_IMAGE_EXTENSIONS,
]);

/** Lower-case extension without the dot ('' when there is none). */
export function extensionOf(path: string): string {
  return extname(path).slice(1).toLowerCase();
}

/** True when the scanner should try openImage() on this path (case-insensitive). */
export function isCandidateImagePath(path: string): boolean {
  return CANDIDATE_EXTENSIONS.has(extensionOf(path));
}

/** True for a known sidecar/text file: not an image, never reported as a failure. */
export function isSidecarPath(path: string): boolean {
  return SIDECAR_EXTENSIONS.has(extensionOf(path));
}

/** True for a camera RAW extension (decides whether a TIFF-structured file is a RAW). */
export function isRawPath(path: string): boolean {
  return RAW_EXTENSIONS.has(extensionOf(path));
}
