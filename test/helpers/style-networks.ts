/**
 * The fixture style networks (tools/style-model) written fresh into a temporary folder, a real
 * rendered photo to style, and the colour transform applied directly to pixels, for comparing with
 * what the ONNX style provider returns.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { applyColourTransform, type ColourTransform } from '../../tools/style-model/colour-transforms.js';
import { writeStyleModels, type StyleModelFolders } from '../../tools/style-model/style-models.js';
import { MemoryLogger } from '../../electron/core/logger.js';
import type { StylePreviewProvider, StyleProviderContext } from '../../electron/core/style/style-provider.js';
import { onnxStyleProviderFactory } from '../../electron/core/style/providers/onnx-style-provider.js';
import { renderPhotoFolder, type RenderedPhoto } from './render-photos.js';

export interface StyleFixtures {
  root: string;
  folders: StyleModelFolders;
  photo: RenderedPhoto;
  photoBytes: Buffer;
}

export async function makeStyleFixtures(options: { sizes?: readonly [number, number]; seed?: number } = {}): Promise<StyleFixtures> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'recollect-style-'));
  const folders = await writeStyleModels(path.join(root, 'styles'));
  const [photo] = await renderPhotoFolder(path.join(root, 'photos'), { count: 1, seed: options.seed ?? 7, sizes: options.sizes ?? [500, 700], formats: ['png'] });
  if (!photo) throw new Error('no photo rendered');
  return { root, folders, photo, photoBytes: await readFile(photo.path) };
}

export function onnxStyleProvider(settings: Record<string, unknown>, extra: Partial<StyleProviderContext> = {}): StylePreviewProvider {
  return onnxStyleProviderFactory.create({ settings, logger: new MemoryLogger(), ...extra });
}

export interface Pixels {
  data: Buffer;
  width: number;
  height: number;
}

export async function pixelsOf(image: Buffer): Promise<Pixels> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** The transform applied to every pixel, blended with the original by strength, like the provider. */
export function transformDirectly(p: Pixels, t: ColourTransform, strength = 1): Buffer {
  const out = Buffer.alloc(p.data.length);
  for (let i = 0; i < p.data.length; i += 3) {
    const styled = applyColourTransform(t, p.data[i] ?? 0, p.data[i + 1] ?? 0, p.data[i + 2] ?? 0);
    for (let c = 0; c < 3; c++) {
      const a = p.data[i + c] ?? 0;
      out[i + c] = Math.round(a + strength * (Math.round(styled[c] ?? 0) - a));
    }
  }
  return out;
}

/** Largest per-channel difference between two equally sized pixel buffers. */
export function maxDifference(a: Buffer, b: Buffer): number {
  if (a.length !== b.length) throw new Error(`sizes differ: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return max;
}
