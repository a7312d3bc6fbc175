/**
 * Main's copy of the library-file rule (core/scan/library-path.ts; main may not import core): the
 * shell opens or reveals a photo only when its real path (symlinks resolved) lies inside the real
 * path of a library folder, the same files the index holds and the thumbnails serve (issue 8,
 * defect 5). A link swapped in after indexing, pointing at ~/.ssh, is refused.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** True when `file`'s real path lies inside the real path of one of `folders`. */
export async function isLibraryFile(file: string, folders: readonly string[]): Promise<boolean> {
  const real = await fs.realpath(file).catch(() => null);
  if (real === null) return false;
  for (const folder of folders) {
    const realFolder = await fs.realpath(folder).catch(() => null);
    if (realFolder !== null && isInside(real, realFolder)) return true;
  }
  return false;
}

/** Folder paths out of a listFolders answer from the worker (unknown until checked). */
export function folderPaths(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((f: unknown) =>
    typeof f === 'object' && f !== null && 'path' in f && typeof f.path === 'string' ? [f.path] : [],
  );
}
