/**
 * What the image layer hands to everything that needs pixels (model preprocessing, thumbnails).
 * Owns no decoding itself; see open-image.ts. Must not import embed/, store/ or any host.
 */
import type { Sharp } from 'sharp';

export type ImageFormat =
  | 'jpeg'
  | 'png'
  | 'webp'
  | 'avif'
  | 'gif'
  | 'tiff'
  | 'heif'
  | 'raw-preview';

export interface OpenedImage {
  readonly path: string;
  readonly format: ImageFormat;
  /** Display size, after EXIF/HEIF orientation is applied. */
  readonly width: number;
  readonly height: number;
  /** More than one frame or page (only the first is used). */
  readonly multiFrame: boolean;
  /**
   * A fresh sharp pipeline over the first frame, already upright (orientation applied),
   * with the pixel limit set. Callers add resize/extract/output. Each call returns a new
   * pipeline, so a thumbnail and a model input can both be made from one OpenedImage.
   * Pixels decode lazily: damage found only while decoding (a truncated JPEG) rejects the
   * output call with a raw sharp error; map it with pipelineError() from decode-error.ts.
   */
  pipeline(): Sharp;
}
