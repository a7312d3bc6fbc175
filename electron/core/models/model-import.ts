/**
 * Import of a model folder the user already has: checked with the loader's own checks first (a
 * broken folder is refused with the message naming the file, and nothing is copied), then copied
 * into staging and installed like a download, with a manifest saying where it came from. A copy,
 * not a link: the user may delete or move the original afterwards.
 */
import { cp, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { CoreError } from '../core-error.js';
import { requireFreeSpace, statfsFreeBytes, type FreeSpaceProbe } from './free-space.js';
import { FileHashes } from './file-hashes.js';
import { folderBytes } from './installed-models.js';
import { checkModelFolder, installStaged } from './model-install.js';
import type { ManifestFile, ModelManifest } from './model-manifest.js';
import { MANIFEST_FILE } from './model-manifest.js';
import { STAGING_DIR } from './model-download.js';

/** A folder name that is a safe, readable model id: lower-case, dashes, no path tricks. */
export function importedModelId(from: string): string {
  const base = path.basename(path.resolve(from)).toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[.-]+|-+$/g, '');
  return base || 'imported-model';
}

async function freeId(modelsDir: string, wanted: string): Promise<string> {
  for (let n = 1; ; n++) {
    const id = n === 1 ? wanted : `${wanted}-${n}`;
    if (!(await stat(path.join(modelsDir, id)).then(() => true, () => false))) return id;
  }
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (e.isFile() && rel !== MANIFEST_FILE) out.push(rel);
  }
  return out.sort();
}

async function manifestFiles(dir: string): Promise<ManifestFile[]> {
  const files: ManifestFile[] = [];
  for (const rel of await listFiles(dir)) {
    const full = path.join(dir, ...rel.split('/'));
    const hashes = new FileHashes(null);
    await hashes.updateFromFile(full);
    files.push({ path: rel, bytes: (await stat(full)).size, sha256: hashes.digest().sha256 });
  }
  return files;
}

export async function importModelFolder(modelsDir: string, from: string, freeSpace: FreeSpaceProbe = statfsFreeBytes): Promise<{ dir: string; manifest: ModelManifest }> {
  const source = path.resolve(from);
  const inside = path.relative(path.resolve(modelsDir), source);
  if (!inside.startsWith('..') && !path.isAbsolute(inside)) throw new CoreError('INVALID_ARGUMENT', `${source} is already in the models folder.`);
  await checkModelFolder(source);
  await requireFreeSpace(modelsDir, await folderBytes(source), freeSpace);
  const id = await freeId(modelsDir, importedModelId(source));
  const staging = path.join(modelsDir, STAGING_DIR, `import-${id}`);
  await rm(staging, { recursive: true, force: true });
  try {
    await cp(source, staging, { recursive: true, errorOnExist: false });
    return await installStaged(modelsDir, staging, { format: 1, id, catalogId: null, source: { kind: 'import', from: source }, files: await manifestFiles(staging) });
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}
