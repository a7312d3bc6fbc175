/**
 * Opens an image that libvips decodes natively (JPEG, PNG, WebP, GIF, TIFF, AVIF) from a
 * path or an in-memory buffer (RAW previews). Reads the header only; pixels are decoded
 * when a pipeline() output runs.
 *
 * failOn: 'truncated' (sharp docs, api-constructor: 'none' | 'truncated' | 'error' | 'warning').
 * A truncated file becomes a per-file error rather than a half-grey image whose embedding
 * would be garbage (MANIFEST TRUNCATED: either choice is fine if consistent), while harmless
 * warnings that 'warning' would reject (a bad ICC profile, extra bytes after EOI, odd
 * ancillary chunks) still index.
 */
import type { Metadata, Sharp, SharpOptions } from 'sharp';
import { CoreError } from '../core-error.js';
import { formatLabel, toDecodeError } from './decode-error.js';
import { loadSharp, type SharpFactory } from './load-sharp.js';
import type { ImageFormat, OpenedImage } from './opened-image.js';
import { applyOrientation, isValidOrientation, swapsAxes } from './orientation.js';
import { assertWithinPixelLimit, MAX_INPUT_PIXELS } from './pixel-limit.js';

/** Output of one pipeline may not run longer than this (sharp timeout()): nothing hangs. */
const DECODE_TIMEOUT_SECONDS = 60;

export const SHARP_INPUT_OPTIONS = {
  failOn: 'truncated',
  limitInputPixels: MAX_INPUT_PIXELS,
} as const satisfies SharpOptions;

/** Which libvips loader names we accept for each sniffed format. */
const LOADER_FORMATS: Readonly<Record<string, ImageFormat>> = {
  jpeg: 'jpeg',
  png: 'png',
  webp: 'webp',
  gif: 'gif',
  tiff: 'tiff',
  heif: 'avif',
};

export interface SharpOpenRequest {
  readonly path: string;
  /** Defaults to reading `path`; a RAW preview passes its extracted JPEG bytes. */
  readonly input?: Buffer;
  readonly format: ImageFormat;
  /** Orientation from the enclosing container (RAW IFD0) when the input has none of its own. */
  readonly containerOrientation?: number;
}

async function readMetadata(sharp: SharpFactory, input: string | Buffer, label: string): Promise<Metadata> {
  try {
    return await sharp(input, SHARP_INPUT_OPTIONS).metadata();
  } catch (err) {
    throw toDecodeError(err, label);
  }
}

export async function openWithSharp(request: SharpOpenRequest): Promise<OpenedImage> {
  const { path, format } = request;
  const input = request.input ?? path;
  const label = formatLabel(format);
  const sharp = await loadSharp();
  const meta = await readMetadata(sharp, input, label);
  const loaded = meta.format ? LOADER_FORMATS[meta.format] : undefined;
  if (!loaded) throw new CoreError('UNSUPPORTED_FORMAT', `unsupported image format (${meta.format ?? 'unknown'})`);
  const pages = meta.pages ?? 1;
  // For animated GIF/WebP, metadata height is one page (sharp reads page 0 unless told).
  const frameHeight = meta.pageHeight ?? meta.height;
  if (!meta.width || !frameHeight) throw new CoreError('DECODE_FAILED', `corrupt ${label} (no image dimensions)`);
  assertWithinPixelLimit(meta.width, frameHeight, label);

  const ownOrientation = isValidOrientation(meta.orientation) && meta.orientation !== 1;
  const orientation =
    !ownOrientation && isValidOrientation(request.containerOrientation) ? request.containerOrientation : undefined;
  const swap = orientation !== undefined ? swapsAxes(orientation) : swapsAxes(meta.orientation ?? 1);
  const options: SharpOptions = {
    ...SHARP_INPUT_OPTIONS,
    autoOrient: orientation === undefined,
    // First frame/page of GIF, WebP, TIFF. Not for HEIF/AVIF: there "pages" are top-level
    // items and libvips' default is the primary item, which need not be page 0 (corpus
    // sharp-fixtures/pitm.avif: primary is page 4, 4096x800; page 0 is a 1024x800 tile).
    ...(pages > 1 && loaded !== 'avif' ? { page: 0, pages: 1 } : {}),
  };
  return {
    path,
    format,
    width: swap ? frameHeight : meta.width,
    height: swap ? meta.width : frameHeight,
    multiFrame: pages > 1,
    pipeline: (): Sharp => {
      const base = sharp(input, options).timeout({ seconds: DECODE_TIMEOUT_SECONDS });
      return orientation === undefined ? base : applyOrientation(base, orientation);
    },
  };
}
