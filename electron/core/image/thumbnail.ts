/**
 * Library thumbnails and other renditions: WebP, upright (the OpenedImage pipeline is already oriented), long
 * side `maxSide`, never upscaled. Animated sources give their first frame (pipeline() reads
 * page 0 only). Decode failures surface as CoreErrors with a one-line reason.
 */
import { pipelineError } from './decode-error.js';
import type { OpenedImage } from './opened-image.js';

/** WebP quality 80: visually clean at grid sizes, ~10-20 KB for a 320 px photo. */
const WEBP_QUALITY = 80;

export async function makeThumbnail(image: OpenedImage, maxSide = 320, quality = WEBP_QUALITY): Promise<Buffer> {
  try {
    return await image
      .pipeline()
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .webp({ quality })
      .toBuffer();
  } catch (err) {
    throw pipelineError(err, image);
  }
}
