/**
 * Applies a look recipe (look-recipe.ts) to pixels. The same code renders the search's small
 * candidates, the preview and the full-size saved copy, so what is saved is what was previewed.
 *
 * Stages, in this order:
 *  1. colour matrix with sharp's `recomb`: white balance (temperature, tint) x hue rotation x
 *     saturation, the luminance-preserving matrices of the W3C Filter Effects spec (feColorMatrix
 *     `saturate` and `hueRotate`);
 *  2. blur or sharpen with sharp, the radius relative to the image's short side, so a 224 px search
 *     candidate and a 12 MP copy look alike;
 *  3. one JS pass over the raw pixels: the tone curve as a 256-entry table (exposure, contrast,
 *     gamma, fade), vignette, grain.
 * Stage 3 is JS because sharp has no lookup-table operation and runs the operations of one pipeline
 * in its own fixed order, not in call order; one fused pass over 36 MB (12 MP) costs ~0.1 s.
 * No colour-space conversion happens here: the pixels are adjusted in the space they come in
 * (save-styled-copy.ts hands over the original's own values and re-attaches its ICC profile).
 */
import sharp from 'sharp';
import { SHARP_INPUT_OPTIONS } from '../../image/sharp-image.js';
import type { LookRecipe } from './look-recipe.js';

export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  /** 3 (RGB) or 4 (RGBA; alpha is left as it is). */
  channels: 3 | 4;
}

type Matrix3 = [[number, number, number], [number, number, number], [number, number, number]];

function multiply(a: Matrix3, b: Matrix3): Matrix3 {
  const row = (r: [number, number, number]): [number, number, number] => [
    r[0] * b[0][0] + r[1] * b[1][0] + r[2] * b[2][0],
    r[0] * b[0][1] + r[1] * b[1][1] + r[2] * b[2][1],
    r[0] * b[0][2] + r[1] * b[1][2] + r[2] * b[2][2],
  ];
  return [row(a[0]), row(a[1]), row(a[2])];
}

/** W3C Filter Effects 1, feColorMatrix type="saturate" (s = 1 + saturation). */
function saturationMatrix(s: number): Matrix3 {
  return [
    [0.213 + 0.787 * s, 0.715 - 0.715 * s, 0.072 - 0.072 * s],
    [0.213 - 0.213 * s, 0.715 + 0.285 * s, 0.072 - 0.072 * s],
    [0.213 - 0.213 * s, 0.715 - 0.715 * s, 0.072 + 0.928 * s],
  ];
}

/** W3C Filter Effects 1, feColorMatrix type="hueRotate". */
function hueMatrix(degrees: number): Matrix3 {
  const c = Math.cos((degrees * Math.PI) / 180);
  const s = Math.sin((degrees * Math.PI) / 180);
  return [
    [0.213 + c * 0.787 - s * 0.213, 0.715 - c * 0.715 - s * 0.715, 0.072 - c * 0.072 + s * 0.928],
    [0.213 - c * 0.213 + s * 0.143, 0.715 + c * 0.285 + s * 0.14, 0.072 - c * 0.072 - s * 0.283],
    [0.213 - c * 0.213 - s * 0.787, 0.715 - c * 0.715 + s * 0.715, 0.072 + c * 0.928 + s * 0.072],
  ];
}

/** Per-channel gains: temperature moves red against blue, tint moves green against magenta. */
function balanceMatrix(temperature: number, tint: number): Matrix3 {
  return [
    [1 + 0.25 * temperature, 0, 0],
    [0, 1 - 0.2 * tint, 0],
    [0, 0, 1 - 0.25 * temperature],
  ];
}

export function colourMatrix(recipe: LookRecipe): Matrix3 {
  return multiply(balanceMatrix(recipe.temperature, recipe.tint), multiply(hueMatrix(recipe.hue), saturationMatrix(1 + recipe.saturation)));
}

/** Exposure, contrast around mid-grey, gamma, then fade (lifted blacks), as a 0..255 table. */
export function toneTable(recipe: LookRecipe): Uint8Array {
  const table = new Uint8Array(256);
  const gain = 2 ** recipe.exposure;
  const slope = 1 + recipe.contrast;
  for (let i = 0; i < 256; i++) {
    let y = (i / 255) * gain;
    y = Math.min(1, Math.max(0, (y - 0.5) * slope + 0.5));
    y = y ** (1 / recipe.gamma);
    y = recipe.fade + y * (1 - recipe.fade);
    table[i] = Math.round(y * 255);
  }
  return table;
}

/** Blur sigma or sharpen sigma/amount for this short side, or null when the recipe has none. */
function detailStep(sharpness: number, shortSide: number): { blur: number } | { sigma: number; amount: number } | null {
  if (sharpness < 0) {
    const sigma = -sharpness * 0.006 * shortSide;
    // sharp's blur needs sigma >= 0.3; below that the change is invisible anyway.
    return sigma >= 0.3 ? { blur: sigma } : null;
  }
  if (sharpness > 0) return { sigma: Math.max(0.5, 0.0015 * shortSide), amount: 3 * sharpness };
  return null;
}

/** Stages 1 and 2 with sharp (raw in, raw out, same size and channels). */
async function matrixAndDetail(image: RawImage, recipe: LookRecipe): Promise<Buffer> {
  const { width, height, channels } = image;
  let pipeline = sharp(image.data, { raw: { width, height, channels } }).recomb(colourMatrix(recipe));
  const detail = detailStep(recipe.sharpness, Math.min(width, height));
  if (detail && 'blur' in detail) pipeline = pipeline.blur(detail.blur);
  else if (detail) pipeline = pipeline.sharpen({ sigma: detail.sigma, m1: 1, m2: detail.amount });
  return pipeline.raw({ depth: 'uchar' }).toBuffer();
}

/** A cheap integer hash (Wang/Jenkins mix) of a grain cell, 0..1: the same grain at every run. */
function cellNoise(x: number, y: number, seed: number): number {
  let h = Math.imul(x, 0x27d4eb2d) ^ Math.imul(y, 0x165667b1) ^ seed;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** Stage 3: tone table, vignette and grain in one pass; alpha untouched. */
function toneVignetteGrain(data: Buffer, image: RawImage, recipe: LookRecipe): Buffer {
  const { width, height, channels } = image;
  const table = toneTable(recipe);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const vignette = recipe.vignette * 0.7;
  const grain = recipe.grain * 0.08 * 255;
  // Grain cells scale with the image so the preview and the 12 MP copy have the same texture.
  const cell = Math.max(1, Math.round(Math.min(width, height) / 800));
  const out = Buffer.allocUnsafe(data.length);
  for (let y = 0; y < height; y++) {
    const dy = cy > 0 ? (y - cy) / cy : 0;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      let factor = 1;
      if (vignette > 0) {
        const dx = cx > 0 ? (x - cx) / cx : 0;
        const d = Math.sqrt((dx * dx + dy * dy) / 2);
        const t = Math.min(1, Math.max(0, (d - 0.35) / 0.65));
        factor = 1 - vignette * t * t * (3 - 2 * t);
      }
      const noise = grain > 0 ? grain * (cellNoise(Math.floor(x / cell), Math.floor(y / cell), 0x5eed) + cellNoise(Math.floor(x / cell), Math.floor(y / cell), 0xbeef) - 1) : 0;
      for (let c = 0; c < 3; c++) {
        const v = (table[data[i + c] ?? 0] ?? 0) * factor + noise;
        out[i + c] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
      }
      if (channels === 4) out[i + 3] = data[i + 3] ?? 255;
    }
  }
  return out;
}

/** The recipe applied to raw pixels: same size and channels out. */
export async function applyLook(image: RawImage, recipe: LookRecipe): Promise<RawImage> {
  const adjusted = await matrixAndDetail(image, recipe);
  return { ...image, data: toneVignetteGrain(adjusted, image, recipe) };
}

/** Decodes encoded bytes (PNG, JPEG ...) to raw, optionally shrunk to fit `maxEdge` (never enlarged). */
export async function decodeRaw(input: Buffer, maxEdge?: number): Promise<RawImage> {
  let pipeline = sharp(input, SHARP_INPUT_OPTIONS);
  if (maxEdge !== undefined) pipeline = pipeline.resize({ width: maxEdge, height: maxEdge, fit: 'inside', withoutEnlargement: true });
  const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  if (info.channels === 3 || info.channels === 4) return { data, width: info.width, height: info.height, channels: info.channels };
  // Grey or grey + alpha: expand to RGB so every stage sees colour channels.
  const rgb = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const channels = rgb.info.channels === 4 ? 4 : 3;
  return { data: rgb.data, width: rgb.info.width, height: rgb.info.height, channels };
}

export async function encodePng(image: RawImage, compressionLevel = 6): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } }).png({ compressionLevel }).toBuffer();
}

/** Encoded image in, PNG of the styled image out (at `maxEdge` when given). */
export async function renderLook(input: Buffer, recipe: LookRecipe, maxEdge?: number): Promise<Buffer> {
  return encodePng(await applyLook(await decodeRaw(input, maxEdge), recipe));
}
