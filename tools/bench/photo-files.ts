/** The benchmark's photo list: every .jpg under a folder (copies in subfolders too), by path. */
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export async function listPhotoFiles(dir: string): Promise<string[]> {
  const root = resolve(dir);
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.jpg'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}
