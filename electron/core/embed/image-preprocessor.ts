/**
 * One photo -> the float32 CHW tensor the vision tower expects, per preprocessor_config.json,
 * matching Hugging Face's CLIPImageProcessor (ml-notes.md, "Image preprocessing"):
 * resize with kernel `cubic` and `fastShrinkOnLoad: false` (worst cosine 0.99998 vs reference;
 * shrink-on-load has 3x the pixel error), crop with `.extract()` at HF's floor offsets, then
 * always 3-channel uint8 sRGB via `.toColourspace('srgb').removeAlpha().raw()`, with alpha dropped
 * before resizing (opaque-pipeline.ts). Photos smaller than the input are upscaled by the exact JS
 * bicubic instead (upscale-job.ts), in a worker thread when given an UpscalePool.
 * Takes an OpenedImage (already upright) and never decodes files itself.
 */
import type { OpenedImage } from '../image/opened-image.js';
import { silentLogger, type Logger } from '../logger.js';
import { bicubicResizeRgb } from './bicubic-resize.js';
import { buildChannelTables, rgbToChw } from './normalize-pixels.js';
import { opaquePipeline } from './opaque-pipeline.js';
import type { PreprocessSettings } from './preprocess-settings.js';
import { computeResizeGeometry, type ResizeGeometry } from './resize-geometry.js';
import { runUpscaleJob, type UpscaleJob } from './upscale-job.js';
import { UpscaleWorkerError, type UpscalePool } from './upscale-pool.js';

export interface ImagePreprocessorOptions {
  /** Where small photos are upscaled; null or absent: on the calling thread. Owned: dispose() ends it. */
  upscalePool?: UpscalePool | null;
  logger?: Logger;
}

export class ImagePreprocessor {
  readonly #settings: PreprocessSettings;
  readonly #tables: [Float32Array, Float32Array, Float32Array];
  readonly #logger: Logger;
  #pool: UpscalePool | null;
  #disposed = false;

  constructor(settings: PreprocessSettings, options: ImagePreprocessorOptions = {}) {
    this.#settings = settings;
    this.#tables = buildChannelTables(settings);
    this.#pool = options.upscalePool ?? null;
    this.#logger = options.logger ?? silentLogger;
  }

  async preprocess(image: OpenedImage): Promise<Float32Array> {
    const geometry = computeResizeGeometry(image.width, image.height, this.#settings);
    if (upscales(image, geometry) && this.#settings.kernel === 'cubic') return this.#upscaleInJs(image, geometry);
    const rgb = await this.#resizeWithSharp(image, geometry);
    return rgbToChw(rgb, geometry.crop.width, geometry.crop.height, this.#tables);
  }

  /** Ends the upscale workers; later calls upscale on the calling thread. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    const pool = this.#pool;
    this.#pool = null;
    await pool?.dispose();
  }

  async #resizeWithSharp(image: OpenedImage, geometry: ResizeGeometry): Promise<Uint8Array> {
    const { resized } = geometry;
    let pipeline = await opaquePipeline(image);
    if (this.#settings.resize) {
      pipeline = pipeline.resize(resized.width, resized.height, {
        fit: 'fill',
        kernel: this.#settings.kernel,
        fastShrinkOnLoad: false,
      });
    }
    const window = clampWindow(geometry);
    const { data } = await pipeline
      .extract(window.inside)
      .extend({ ...window.padding, background: { r: 0, g: 0, b: 0, alpha: 1 } })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    return data;
  }

  /**
   * sharp's upscaling differs most from PIL's; an exact antialiased bicubic (a = -0.5) in JS
   * matches it (ml-notes.md). Measured on refclip-a's 12x9 a_tiny.png: sharp cubic 0.99998132,
   * this path 0.99999995 (cosine vs the reference embedding). Only the crop window is computed,
   * so the cost is bounded by the model input size even for a long thin image. It runs in the
   * upscale pool when there is one (about a third of indexing time on small files was this, on
   * the main thread); the same runUpscaleJob runs here otherwise, so the bytes are the same.
   */
  async #upscaleInJs(image: OpenedImage, geometry: ResizeGeometry): Promise<Float32Array> {
    const pool = this.#pool;
    if (pool) {
      try {
        return await pool.upscale(await this.#upscaleJob(image, geometry));
      } catch (err) {
        if (!(err instanceof UpscaleWorkerError)) throw err;
        this.#stopPool(pool, err);
      }
    }
    // Decoded again: the pool took the first decode's bytes (transferred) and never ran the job.
    return runUpscaleJob(await this.#upscaleJob(image, geometry), { bicubicResizeRgb, rgbToChw });
  }

  async #upscaleJob(image: OpenedImage, geometry: ResizeGeometry): Promise<UpscaleJob> {
    const { data, info } = await image.pipeline()
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const { inside, padding } = clampWindow(geometry);
    const { resized, crop } = geometry;
    return { rgb: data, width: info.width, height: info.height, resized, inside, padding, crop, tables: this.#tables };
  }

  /** A failed pool stays failed (upscale-pool.ts); said once, then every photo upscales here. */
  #stopPool(pool: UpscalePool, err: UpscaleWorkerError): void {
    if (this.#pool !== pool) return;
    this.#pool = null;
    if (!this.#disposed) this.#logger.warn('small photos are upscaled on the main thread from now on', { reason: err.message });
    void pool.dispose();
  }
}

function upscales(image: OpenedImage, geometry: ResizeGeometry): boolean {
  return geometry.resized.width > image.width || geometry.resized.height > image.height;
}

/** The part of the crop window inside the resized image, and the zero padding around it (HF pads with 0). */
function clampWindow({ resized, crop }: ResizeGeometry): {
  inside: { left: number; top: number; width: number; height: number };
  padding: { left: number; top: number; right: number; bottom: number };
} {
  const left = Math.max(0, crop.left);
  const top = Math.max(0, crop.top);
  const right = Math.min(resized.width, crop.left + crop.width);
  const bottom = Math.min(resized.height, crop.top + crop.height);
  return {
    inside: { left, top, width: right - left, height: bottom - top },
    padding: {
      left: left - crop.left,
      top: top - crop.top,
      right: crop.left + crop.width - right,
      bottom: crop.top + crop.height - bottom,
    },
  };
}
