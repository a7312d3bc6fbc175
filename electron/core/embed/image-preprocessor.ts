/**
 * One photo -> the float32 CHW tensor the vision tower expects, per preprocessor_config.json,
 * matching Hugging Face's CLIPImageProcessor (ml-notes.md, "Image preprocessing"):
 * resize with kernel `cubic` and `fastShrinkOnLoad: false` (worst cosine 0.99998 vs reference;
 * shrink-on-load has 3x the pixel error), crop with `.extract()` at HF's floor offsets, then
 * always 3-channel uint8 sRGB via `.toColourspace('srgb').removeAlpha().raw()`, with alpha dropped
 * before resizing (opaque-pipeline.ts).
 * Takes an OpenedImage (already upright) and never decodes files itself.
 */
import type { OpenedImage } from '../image/opened-image.js';
import { bicubicResizeRgb } from './bicubic-resize.js';
import { buildChannelTables, rgbToChw } from './normalize-pixels.js';
import { opaquePipeline } from './opaque-pipeline.js';
import type { PreprocessSettings } from './preprocess-settings.js';
import { computeResizeGeometry, type ResizeGeometry } from './resize-geometry.js';

export class ImagePreprocessor {
  readonly #settings: PreprocessSettings;
  readonly #tables: [Float32Array, Float32Array, Float32Array];

  constructor(settings: PreprocessSettings) {
    this.#settings = settings;
    this.#tables = buildChannelTables(settings);
  }

  async preprocess(image: OpenedImage): Promise<Float32Array> {
    const geometry = computeResizeGeometry(image.width, image.height, this.#settings);
    const rgb = upscales(image, geometry) && this.#settings.kernel === 'cubic'
      ? await this.#upscaleInJs(image, geometry)
      : await this.#resizeWithSharp(image, geometry);
    return rgbToChw(rgb, geometry.crop.width, geometry.crop.height, this.#tables);
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
   * so the cost is bounded by the model input size even for a long thin image.
   */
  async #upscaleInJs(image: OpenedImage, geometry: ResizeGeometry): Promise<Uint8Array> {
    const { data, info } = await image.pipeline()
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const { resized, crop } = geometry;
    const { inside, padding } = clampWindow(geometry);
    const pixels = bicubicResizeRgb(data, info.width, info.height, resized.width, resized.height, inside);
    return padRgb(pixels, inside, padding, crop);
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

/** Places the `inside` pixels in a zero-filled buffer of the crop's size (HF pads with 0). */
function padRgb(
  pixels: Uint8Array,
  inside: { width: number; height: number },
  padding: { left: number; top: number },
  crop: { width: number; height: number },
): Uint8Array {
  if (inside.width === crop.width && inside.height === crop.height) return pixels;
  const out = new Uint8Array(crop.width * crop.height * 3);
  for (let y = 0; y < inside.height; y++) {
    const row = pixels.subarray(y * inside.width * 3, (y + 1) * inside.width * 3);
    out.set(row, ((y + padding.top) * crop.width + padding.left) * 3);
  }
  return out;
}
