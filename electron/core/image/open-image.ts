/**
 * Opens a photo file for reading pixels. Owns format dispatch; never writes to the file.
 * Minimal version: formats libvips decodes natively. (HEIC/HEVC and RAW previews: to be added.)
 */
import sharp, { type Metadata } from 'sharp';
import { CoreError } from '../core-error.js';
import type { ImageFormat, OpenedImage } from './opened-image.js';

/** libvips' default pixel limit (16383^2): reject decompression bombs before decoding. */
export const MAX_INPUT_PIXELS = 268_402_689;

const SHARP_FORMATS: Record<string, ImageFormat> = {
  jpeg: 'jpeg',
  png: 'png',
  webp: 'webp',
  gif: 'gif',
  tiff: 'tiff',
  heif: 'avif',
};

export async function openImage(path: string): Promise<OpenedImage> {
  const options = { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS } as const;
  let meta: Metadata;
  try {
    meta = await sharp(path, options).metadata();
  } catch (err) {
    throw new CoreError('DECODE_FAILED', `cannot read image: ${(err as Error).message}`, { cause: err });
  }
  const format = meta.format ? SHARP_FORMATS[meta.format] : undefined;
  if (!format || !meta.width || !meta.height) {
    throw new CoreError('UNSUPPORTED_FORMAT', `unsupported image format: ${meta.format ?? 'unknown'}`);
  }
  const swap = (meta.orientation ?? 1) >= 5;
  return {
    path,
    format,
    width: swap ? meta.height : meta.width,
    height: swap ? meta.width : meta.height,
    multiFrame: (meta.pages ?? 1) > 1,
    pipeline: () => sharp(path, { ...options, page: 0, pages: 1 }).rotate(),
  };
}
