/**
 * The folder browser behind hosts without a native picker (the browser host): one level of
 * subfolders of a folder on the machine the engine runs on. Names of folders only (no files, no
 * hidden folders), read-only; a folder that cannot be read says why in words.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SubfolderListingDto } from '../contract/dto.js';
import { CoreError } from '../core/core-error.js';
import { describeReadFailure } from '../core/scan/read-failure.js';
import { resolveTypedPath } from './typed-path.js';

/** More would make a list nobody scrolls; the path field takes any folder anyway. */
const MAX_ENTRIES = 2000;

export async function listSubfolders(typed: string | null, home: string = os.homedir()): Promise<SubfolderListingDto> {
  const dir = typed === null || typed.trim() === '' ? home : resolveTypedPath(typed, home);
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch((err: unknown) => {
    const why = describeReadFailure(err, 'folder');
    throw new CoreError('FOLDER_NOT_FOUND', `Cannot open ${dir}: ${why?.reason ?? 'it is not a folder'}.`, { cause: err });
  });
  const folders: { name: string; path: string }[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    // A link to a folder counts as one (Pictures is often a link to another disk).
    const isFolder = entry.isDirectory() || (entry.isSymbolicLink() && (await fs.stat(path.join(dir, entry.name)).then((s) => s.isDirectory(), () => false)));
    if (isFolder) folders.push({ name: entry.name, path: path.join(dir, entry.name) });
    if (folders.length >= MAX_ENTRIES) break;
  }
  folders.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true }));
  const parent = path.dirname(dir);
  return { path: dir, parent: parent === dir ? null : parent, folders };
}
