/**
 * Interleaved 8-bit RGB (HWC, as sharp's raw output gives) -> planar float32 CHW, rescaled and
 * normalised with the model's mean/std. A 256-entry lookup table per channel is exact (the input
 * has only 256 values) and avoids a divide per sample (ml-notes.md).
 * `rgbToChw` must refer to nothing outside itself: the upscale worker runs its source text
 * (upscale-worker-source.ts).
 */
import type { PreprocessSettings } from './preprocess-settings.js';

export type NormalizeSettings = Pick<PreprocessSettings, 'rescaleFactor' | 'mean' | 'std'>;

export function buildChannelTables(settings: NormalizeSettings): [Float32Array, Float32Array, Float32Array] {
  const table = (c: 0 | 1 | 2): Float32Array => {
    const t = new Float32Array(256);
    for (let v = 0; v < 256; v++) t[v] = (v * settings.rescaleFactor - settings.mean[c]) / settings.std[c];
    return t;
  };
  return [table(0), table(1), table(2)];
}

export function rgbToChw(
  rgb: Uint8Array,
  width: number,
  height: number,
  tables: readonly [Float32Array, Float32Array, Float32Array],
): Float32Array {
  const plane = width * height;
  if (rgb.length !== plane * 3) throw new Error(`expected ${plane * 3} RGB bytes, got ${rgb.length}`);
  const out = new Float32Array(plane * 3);
  const [r, g, b] = tables;
  for (let i = 0, j = 0; i < plane; i++, j += 3) {
    // Indices are in range by construction; `!` only satisfies noUncheckedIndexedAccess.
    out[i] = r[rgb[j]!]!;
    out[plane + i] = g[rgb[j + 1]!]!;
    out[2 * plane + i] = b[rgb[j + 2]!]!;
  }
  return out;
}
