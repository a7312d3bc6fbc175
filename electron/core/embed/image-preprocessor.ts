/**
 * One photo -> the float32 CHW tensor the vision tower expects, per preprocessor_config.json,
 * matching Hugging Face's CLIPImageProcessor (ml-notes.md, "Image preprocessing"):
 * resize with kernel `cubic` and `fastShrinkOnLoad: false` (worst cosine 0.99998 vs reference;
 * shrink-on-load has 3x the pixel error), crop with `.extract()` at HF's floor offsets, then
 * always 3-channel uint8 sRGB via `.toColourspace('srgb').removeAlpha().raw()`.
 * Takes an OpenedImage (already upright) and never decodes files itself.
 */
import type { OpenedImage } from '../image/opened-image.js';
import { bicubicResizeRgb } from './bicubic-resize.js';
import { buildChannelTables, rgbToChw } from './normalize-pixels.js';
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
    let pipeline = image.pipeline();
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
   * reaches cosine 1.0000000 on small images (ml-notes.md). Small inputs only, so JS is cheap.
   */
  async #upscaleInJs(image: OpenedImage, geometry: ResizeGeometry): Promise<Uint8Array> {
    const { data, info } = await image.pipeline()
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const resized = bicubicResizeRgb(data, info.width, info.height, geometry.resized.width, geometry.resized.height);
    return cropRgb(resized, geometry);
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

/** Copies the crop window out of a resized RGB buffer, zero outside it. */
function cropRgb(rgb: Uint8Array, { resized, crop }: ResizeGeometry): Uint8Array {
  const out = new Uint8Array(crop.width * crop.height * 3);
  for (let y = 0; y < crop.height; y++) {
    const sy = crop.top + y;
    if (sy < 0 || sy >= resized.height) continue;
    for (let x = 0; x < crop.width; x++) {
      const sx = crop.left + x;
      if (sx < 0 || sx >= resized.width) continue;
      const s = (sy * resized.width + sx) * 3;
      out.set(rgb.subarray(s, s + 3), (y * crop.width + x) * 3);
    }
  }
  return out;
}
