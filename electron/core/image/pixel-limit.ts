/**
 * The decode pixel limit shared by every decoder path (sharp, libheif WASM, RAW previews).
 * Value: libvips' default limitInputPixels, 16383^2 (sharp docs, api-constructor). Checked
 * against the header dimensions before any pixel is decoded, so a decompression bomb
 * (MANIFEST REJECT-LIMIT: giant-image.jpg, 65536-uint32-limit.png) never allocates.
 */
import { CoreError } from '../core-error.js';

export const MAX_INPUT_PIXELS = 268_402_689;

/** Throws IMAGE_TOO_LARGE when width x height exceeds MAX_INPUT_PIXELS. */
export function assertWithinPixelLimit(width: number, height: number, label: string): void {
  const pixels = width * height;
  if (!Number.isFinite(pixels) || pixels > MAX_INPUT_PIXELS) {
    throw new CoreError(
      'IMAGE_TOO_LARGE',
      `${label} is too large to open (${width}x${height} pixels; the limit is ${MAX_INPUT_PIXELS.toLocaleString('en-US')})`,
    );
  }
}
