/**
 * The last step of a download or an import: a complete staging folder is checked with the same
 * loader checks the app uses (read-model-folder.ts), gets its manifest with the library model ids
 * of the variants it holds, and only then moves into `<models>/<id>` in one rename. A second variant
 * of an installed model (the int8 files after the fp32 ones) moves in file by file, each a rename,
 * and the manifest is rewritten last, so the installed folder is usable at every moment.
 */
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { hashFiles, modelId } from '../embed/model-id.js';
import { onnxFilesOf, resolveOnnxLayout } from '../embed/model-files.js';
import { readModelFolder } from '../embed/read-model-folder.js';
import { mergeManifestFiles, readManifest, writeManifest, type ModelManifest } from './model-manifest.js';

/** The library model id of one variant of a folder, or undefined when it lacks that variant's files. */
export async function libraryModelIdOf(dir: string, quantized: boolean): Promise<string | undefined> {
  const layout = await resolveOnnxLayout(dir, quantized).catch(() => null);
  if (!layout) return undefined;
  return modelId(await hashFiles(onnxFilesOf(layout).map((f) => f.path)), quantized);
}

/** Checks every variant the folder holds loads as the app would load it; at least one must. */
export async function checkModelFolder(dir: string): Promise<{ fp32?: string; quantized?: string }> {
  const ids: { fp32?: string; quantized?: string } = {};
  for (const quantized of [false, true]) {
    const id = await libraryModelIdOf(dir, quantized);
    if (id === undefined) continue;
    await readModelFolder(dir, quantized);
    ids[quantized ? 'quantized' : 'fp32'] = id;
  }
  // Neither variant: let the loader name what is missing (onnx/vision_model.onnx, as everywhere).
  if (!ids.fp32 && !ids.quantized) await readModelFolder(dir, false);
  return ids;
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(() => true, () => false);
}

export type ManifestDraft = Omit<ModelManifest, 'libraryModelIds' | 'installedAt'>;

export async function installStaged(modelsDir: string, stagingDir: string, draft: ManifestDraft): Promise<{ dir: string; manifest: ModelManifest }> {
  const libraryModelIds = await checkModelFolder(stagingDir);
  const dir = path.join(modelsDir, draft.id);
  const installedAt = new Date().toISOString();
  if (!(await exists(dir))) {
    const manifest: ModelManifest = { ...draft, libraryModelIds, installedAt };
    await writeManifest(stagingDir, manifest);
    await rename(stagingDir, dir);
    return { dir, manifest };
  }
  const previous = await readManifest(dir);
  for (const f of draft.files) {
    const to = path.join(dir, ...f.path.split('/'));
    await mkdir(path.dirname(to), { recursive: true });
    await rename(path.join(stagingDir, ...f.path.split('/')), to);
  }
  const manifest: ModelManifest = {
    ...draft,
    files: mergeManifestFiles(previous?.files ?? [], draft.files),
    libraryModelIds: { ...previous?.libraryModelIds, ...libraryModelIds },
    installedAt,
  };
  await writeManifest(dir, manifest);
  await rm(stagingDir, { recursive: true, force: true });
  return { dir, manifest };
}
