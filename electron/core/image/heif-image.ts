/**
 * Opens HEIF-family files that are not plain AVIF: phone HEICs (HEVC) and other codecs.
 * sharp is asked first (its libheif decodes AV1 even inside a "mif1"/"heic"-branded file);
 * everything else goes to the libheif WASM decoder, which returns upright RGB(A) pixels that
 * are handed on as a raw-pixel sharp pipeline. libheif applies irot/imir/clap itself; the
 * EXIF orientation is applied only to files without irot/imir (heif-transforms.ts). Decoded once at open time, because pipeline()
 * is synchronous; the pixels live as long as the OpenedImage.
 */
import type { Metadata } from 'sharp';
import { CoreError } from '../core-error.js';
import { hasHeifTransforms } from './heif-transforms.js';
import { loadExifr } from './load-exifr.js';
import { loadSharp } from './load-sharp.js';
import { decodeHeifPrimary } from './libheif-decoder.js';
import type { OpenedImage } from './opened-image.js';
import { applyOrientation, isValidOrientation, swapsAxes } from './orientation.js';
import { MAX_INPUT_PIXELS } from './pixel-limit.js';
import type { ReadOnlyFile } from './read-only-file.js';
import { openWithSharp, SHARP_INPUT_OPTIONS } from './sharp-image.js';

/** HEIC files above this are refused before being read into memory (phones write < 20 MB). */
const MAX_HEIF_FILE_BYTES = 256 * 1024 * 1024;
const DECODE_TIMEOUT_SECONDS = 60;

async function sharpMetadata(path: string): Promise<Metadata | undefined> {
  const sharp = await loadSharp();
  try {
    return await sharp(path, SHARP_INPUT_OPTIONS).metadata();
  } catch {
    return undefined; // libheif in sharp rejects some files the WASM build reads; try that next
  }
}

export async function openHeif(path: string, file: ReadOnlyFile): Promise<OpenedImage> {
  const meta = await sharpMetadata(path);
  if (meta?.compression === 'av1') return openWithSharp({ path, format: 'avif' });
  if (file.size > MAX_HEIF_FILE_BYTES) {
    throw new CoreError('IMAGE_TOO_LARGE', `HEIC file is too large to open (${file.size} bytes)`);
  }
  const bytes = await file.read(0, file.size);
  const pixels = await decodeHeifPrimary(bytes);
  const orientation = hasHeifTransforms(bytes) ? 1 : await exifOrientation(bytes);
  const raw = { width: pixels.width, height: pixels.height, channels: pixels.channels };
  const sharp = await loadSharp();
  const swap = swapsAxes(orientation);
  return {
    path,
    format: 'heif',
    width: swap ? pixels.height : pixels.width,
    height: swap ? pixels.width : pixels.height,
    multiFrame: pixels.imageCount > 1,
    pipeline: () =>
      applyOrientation(
        sharp(pixels.data, { raw, limitInputPixels: MAX_INPUT_PIXELS }).timeout({ seconds: DECODE_TIMEOUT_SECONDS }),
        orientation,
      ),
  };
}

/** EXIF orientation of a HEIF (see heif-transforms.ts for when it applies); 1 when unreadable. */
async function exifOrientation(bytes: Buffer): Promise<number> {
  const exifr = await loadExifr();
  try {
    const value: unknown = await exifr.orientation(bytes);
    return isValidOrientation(value) ? value : 1;
  } catch {
    return 1;
  }
}
