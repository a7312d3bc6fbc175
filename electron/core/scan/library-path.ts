/**
 * The one rule for which files belong to the library (issue 8, defect 5): a file whose real path
 * (symlinks resolved) lies inside the real path of one of the library's folders. The walk indexes
 * only such files, and thumbnails, previews, open and reveal serve only such files, so the index
 * never holds a photo the app then refuses to show. (main/ cannot import core, so the Electron
 * shell keeps its own copy of this check in main/library-file.ts.)
 */
import fs from 'node:fs/promises';
import path from 'node:path';

/** True when `child` lies strictly below `parent` (both absolute; no file system access). */
export function isPathInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** The real path of `file` when it lies inside one of `folders` (real paths compared), else null. */
export async function realPathInFolders(file: string, folders: readonly string[]): Promise<string | null> {
  const real = await fs.realpath(file).catch(() => null);
  if (real === null) return null;
  for (const folder of folders) {
    const realFolder = await fs.realpath(folder).catch(() => null);
    if (realFolder !== null && isPathInside(real, realFolder)) return real;
  }
  return null;
}
