/**
 * Antialiased bicubic resize (a = -0.5) of interleaved 8-bit RGB, written to match Pillow's
 * ImagingResample (libImaging/Resample.c) bit for bit: separable, horizontal pass first, 8-bit
 * intermediate, fixed-point coefficients with 22 fractional bits and round-half-up. Hugging Face's
 * CLIPImageProcessor resizes through Pillow; sharp's upscaling is where the two differ most, and
 * this reaches cosine 1.0000000 on the small reference image (ml-notes.md). Used for upscaling,
 * where the source is small on at least one axis, and only for the window the model keeps.
 *
 * Import-free, and every line of the algorithm lives inside `bicubicResizeModule`, which refers to
 * nothing outside itself but JavaScript globals: upscale-worker-source.ts starts a worker from its
 * source text (Function.prototype.toString), because a worker file path does not survive the
 * esbuild bundles the app and the CLI run from. Keep it that way (the pool's tests fail otherwise).
 */

export interface OutputWindow {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Resizes `rgb` (width x height) to outWidth x outHeight and returns the pixels of `window`
 * (default: all of it), which must lie inside the output. Computing only the window keeps a
 * long thin image (upscaled to a huge long side) cheap.
 */
export type BicubicResizeRgb = (
  rgb: Uint8Array,
  width: number,
  height: number,
  outWidth: number,
  outHeight: number,
  window?: OutputWindow,
) => Uint8Array;

/** The whole algorithm as one self-contained closure (see the header for why). */
export function bicubicResizeModule(): { bicubicResizeRgb: BicubicResizeRgb } {
  const PRECISION_BITS = 32 - 8 - 2;
  const ONE = 2 ** PRECISION_BITS;
  const SUPPORT = 2; // bicubic filter support in Pillow

  function bicubic(x: number): number {
    const a = -0.5;
    const t = Math.abs(x);
    if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
    if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
    return 0;
  }

  interface Coefficients {
    ksize: number;
    /** Per output pixel: first source index and count. */
    bounds: Int32Array;
    /** Fixed-point weights, ksize per output pixel. */
    weights: Float64Array;
  }

  /** Pillow precompute_coeffs + normalize_coeffs_8bpc for a full-extent box. */
  function coefficients(inSize: number, outSize: number): Coefficients {
    const scale = inSize / outSize;
    const filterScale = Math.max(scale, 1);
    const support = SUPPORT * filterScale;
    const ksize = Math.ceil(support) * 2 + 1;
    const bounds = new Int32Array(outSize * 2);
    const weights = new Float64Array(outSize * ksize);
    const row = new Float64Array(ksize);
    for (let xx = 0; xx < outSize; xx++) {
      const center = (xx + 0.5) * scale;
      const xmin = Math.max(0, Math.trunc(center - support + 0.5));
      const xmax = Math.min(inSize, Math.trunc(center + support + 0.5)) - xmin;
      let total = 0;
      for (let x = 0; x < xmax; x++) {
        const w = bicubic((x + xmin - center + 0.5) / filterScale);
        row[x] = w;
        total += w;
      }
      for (let x = 0; x < xmax; x++) {
        const w = total !== 0 ? (row[x] ?? 0) / total : (row[x] ?? 0);
        // C's (int) truncates toward zero after adding +-0.5: round half away from zero.
        weights[xx * ksize + x] = w < 0 ? Math.trunc(-0.5 + w * ONE) : Math.trunc(0.5 + w * ONE);
      }
      bounds[xx * 2] = xmin;
      bounds[xx * 2 + 1] = xmax;
    }
    return { ksize, bounds, weights };
  }

  function clip8(sum: number): number {
    if (sum >= ONE * 256) return 255;
    if (sum <= 0) return 0;
    return Math.floor(sum / ONE);
  }

  /**
   * One separable pass along x (horizontal) or y, producing output indices [first, first + count)
   * along that axis. Each output pixel depends only on its own coefficients, so computing a window
   * gives the same bytes as resizing everything and cropping.
   */
  function resamplePass(
    src: Uint8Array,
    srcW: number,
    srcH: number,
    outSize: number,
    window: { first: number; count: number },
    horizontal: boolean,
  ): Uint8Array {
    const c = coefficients(horizontal ? srcW : srcH, outSize);
    const dstW = horizontal ? window.count : srcW;
    const dstH = horizontal ? srcH : window.count;
    const dst = new Uint8Array(dstW * dstH * 3);
    for (let y = 0; y < dstH; y++) {
      for (let x = 0; x < dstW; x++) {
        const o = (horizontal ? x : y) + window.first;
        const first = c.bounds[o * 2] ?? 0;
        const taps = c.bounds[o * 2 + 1] ?? 0;
        const kBase = o * c.ksize;
        for (let ch = 0; ch < 3; ch++) {
          let sum = ONE / 2;
          for (let k = 0; k < taps; k++) {
            const sx = horizontal ? first + k : x;
            const sy = horizontal ? y : first + k;
            sum += (src[(sy * srcW + sx) * 3 + ch] ?? 0) * (c.weights[kBase + k] ?? 0);
          }
          dst[(y * dstW + x) * 3 + ch] = clip8(sum);
        }
      }
    }
    return dst;
  }

  function cropAxis(
    rgb: Uint8Array,
    width: number,
    height: number,
    window: { first: number; count: number },
    horizontal: boolean,
  ): Uint8Array {
    if (horizontal) {
      if (window.first === 0 && window.count === width) return rgb;
      const out = new Uint8Array(window.count * height * 3);
      for (let y = 0; y < height; y++) {
        const start = (y * width + window.first) * 3;
        out.set(rgb.subarray(start, start + window.count * 3), y * window.count * 3);
      }
      return out;
    }
    return rgb.subarray(window.first * width * 3, (window.first + window.count) * width * 3);
  }

  function bicubicResizeRgb(
    rgb: Uint8Array,
    width: number,
    height: number,
    outWidth: number,
    outHeight: number,
    window: OutputWindow = { left: 0, top: 0, width: outWidth, height: outHeight },
  ): Uint8Array {
    if (rgb.length !== width * height * 3) throw new Error(`expected ${width * height * 3} RGB bytes, got ${rgb.length}`);
    if (window.left < 0 || window.top < 0 || window.left + window.width > outWidth || window.top + window.height > outHeight) {
      throw new Error('the output window must lie inside the resized image');
    }
    // Pillow skips a pass whose size does not change; then the window is a plain crop on that axis.
    const columns =
      outWidth !== width
        ? resamplePass(rgb, width, height, outWidth, { first: window.left, count: window.width }, true)
        : cropAxis(rgb, width, height, { first: window.left, count: window.width }, true);
    if (outHeight !== height) {
      return resamplePass(columns, window.width, height, outHeight, { first: window.top, count: window.height }, false);
    }
    return cropAxis(columns, window.width, height, { first: window.top, count: window.height }, false);
  }

  return { bicubicResizeRgb };
}

export const { bicubicResizeRgb } = bicubicResizeModule();
