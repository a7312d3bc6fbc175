/**
 * What the models folder holds: each model folder with a manifest (downloaded or imported by the
 * manager), its size on disk, which variants' ONNX files are present, and, given a library's
 * counts, how many of the library's photos have vectors from each variant. The staging folder
 * (dot-named) is not a model.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { onnxModelFiles } from '../embed/model-files.js';
import type { LibraryStats } from '../store/library-stats.js';
import { readManifest, type ModelManifest } from './model-manifest.js';

export interface InstalledModel {
  id: string;
  dir: string;
  manifest: ModelManifest;
  bytesOnDisk: number;
  /** ONNX files of the fp32 / int8 variant are present (two towers or one combined graph). */
  fp32: boolean;
  quantized: boolean;
}

export async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await folderBytes(full);
    else if (entry.isFile()) total += (await stat(full).catch(() => null))?.size ?? 0;
  }
  return total;
}

async function has(dir: string, file: string): Promise<boolean> {
  return stat(path.join(dir, file)).then((s) => s.isFile(), () => false);
}

async function variantPresent(dir: string, quantized: boolean): Promise<boolean> {
  const names = onnxModelFiles(quantized);
  return (await has(dir, names.combined)) || ((await has(dir, names.text)) && (await has(dir, names.vision)));
}

export async function readInstalledModel(dir: string): Promise<InstalledModel | null> {
  const manifest = await readManifest(dir);
  if (!manifest) return null;
  const [bytesOnDisk, fp32, quantized] = await Promise.all([folderBytes(dir), variantPresent(dir, false), variantPresent(dir, true)]);
  return { id: path.basename(dir), dir, manifest, bytesOnDisk, fp32, quantized };
}

export async function listInstalledModels(modelsDir: string): Promise<InstalledModel[]> {
  const entries = await readdir(modelsDir, { withFileTypes: true }).catch(() => []);
  const models: InstalledModel[] = [];
  for (const e of entries) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    const m = await readInstalledModel(path.join(modelsDir, e.name));
    if (m) models.push(m);
  }
  return models.sort((a, b) => a.id.localeCompare(b.id));
}

/** Vectors the library holds from each variant of a model (0 when none, null for an absent variant id). */
export function vectorsOf(model: InstalledModel, stats: LibraryStats | null): { fp32: number | null; quantized: number | null } {
  const count = (id: string | undefined): number | null => (id === undefined ? null : (stats?.models.find((m) => m.id === id)?.vectors ?? 0));
  return { fp32: count(model.manifest.libraryModelIds.fp32), quantized: count(model.manifest.libraryModelIds.quantized) };
}
