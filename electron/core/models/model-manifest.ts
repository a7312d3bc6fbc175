/**
 * `recollect-model.json`, written beside every model the manager installs: where it came from
 * (hub repository, endpoint, requested revision and the commit it resolved to, or the folder it
 * was imported from), each file with its size and sha256, when, and the library model ids its
 * ONNX files make (model-id.ts), so a listing can say which library vectors belong to it without
 * hashing hundreds of megabytes. Never holds a token.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export const MANIFEST_FILE = 'recollect-model.json';

const manifestFile = z.strictObject({ path: z.string(), bytes: z.number().int().nonnegative(), sha256: z.string() });

export const modelManifestSchema = z.strictObject({
  format: z.literal(1),
  id: z.string(),
  /** Catalog entry this model is (null: fetched by hub name or imported). */
  catalogId: z.string().nullable(),
  source: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('hub'), repo: z.string(), endpoint: z.string(), revision: z.string(), commit: z.string().nullable() }),
    z.strictObject({ kind: z.literal('import'), from: z.string() }),
  ]),
  files: z.array(manifestFile),
  /** Library model id per variant present (fp32 / int8), as stamped on vectors. */
  libraryModelIds: z.strictObject({ fp32: z.string().optional(), quantized: z.string().optional() }),
  installedAt: z.string(),
});

export type ModelManifest = z.output<typeof modelManifestSchema>;
export type ManifestFile = z.output<typeof manifestFile>;

/** The manifest of a model folder; null when there is none or it cannot be read. */
export async function readManifest(dir: string): Promise<ModelManifest | null> {
  try {
    const parsed = modelManifestSchema.safeParse(JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function writeManifest(dir: string, manifest: ModelManifest): Promise<void> {
  await writeFile(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Files of two manifests of one folder (a second variant downloaded later), newer entries winning. */
export function mergeManifestFiles(older: readonly ManifestFile[], newer: readonly ManifestFile[]): ManifestFile[] {
  const byPath = new Map(older.map((f) => [f.path, f]));
  for (const f of newer) byPath.set(f.path, f);
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}
