/**
 * One small photo's trip to the model input, as both the upscale worker and the calling thread run
 * it: the exact bicubic resize of the crop window (bicubic-resize.ts), Hugging Face's zero padding
 * where the crop is larger than the resized image, then normalisation to planar float32 CHW
 * (normalize-pixels.ts). Running the same function on both sides is what keeps the two paths
 * byte-identical.
 *
 * `runUpscaleJob` refers to nothing outside itself (its collaborators come in as `kit`), because
 * upscale-worker-source.ts embeds its source text in the worker. Imports here are types only.
 */
import type { BicubicResizeRgb, OutputWindow } from './bicubic-resize.js';
import type { rgbToChw } from './normalize-pixels.js';

export interface UpscaleJob {
  /** Interleaved 8-bit RGB of the (upright, opaque) source. The pool transfers its buffer. */
  rgb: Uint8Array;
  width: number;
  height: number;
  /** Size of the whole resized image, of which only `inside` is computed. */
  resized: { width: number; height: number };
  /** The part of the crop window that lies inside the resized image. */
  inside: OutputWindow;
  /** Zero padding left of and above `inside` within the crop. */
  padding: { left: number; top: number };
  crop: { width: number; height: number };
  /** Per-channel lookup tables from buildChannelTables (the model's rescale, mean and std). */
  tables: readonly [Float32Array, Float32Array, Float32Array];
}

export interface UpscaleKit {
  bicubicResizeRgb: BicubicResizeRgb;
  rgbToChw: typeof rgbToChw;
}

/** The CHW float32 model input for `job` (3 x crop.height x crop.width values). */
export function runUpscaleJob(job: UpscaleJob, kit: UpscaleKit): Float32Array {
  const { inside, padding, crop } = job;
  const pixels = kit.bicubicResizeRgb(job.rgb, job.width, job.height, job.resized.width, job.resized.height, inside);
  let cropped = pixels;
  if (inside.width !== crop.width || inside.height !== crop.height) {
    // HF center_crop pads with 0 (before normalisation) where the crop overhangs the image.
    cropped = new Uint8Array(crop.width * crop.height * 3);
    for (let y = 0; y < inside.height; y++) {
      const row = pixels.subarray(y * inside.width * 3, (y + 1) * inside.width * 3);
      cropped.set(row, ((y + padding.top) * crop.width + padding.left) * 3);
    }
  }
  return kit.rgbToChw(cropped, crop.width, crop.height, job.tables);
}
