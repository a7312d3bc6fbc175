/**
 * Recursive folder walk (async generator). Skips hidden and system folders, follows symbolic
 * links but never the same real directory twice (no loops), and never opens files for writing.
 * Unreadable folders are reported as data, not thrown: one bad folder must not abort a scan.
 */
import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describeError } from '../core-error.js';

export interface WalkedFile {
  path: string;
  size: number;
  mtimeMs: number;
}

export type WalkEvent =
  | { kind: 'file'; file: WalkedFile }
  | { kind: 'error'; path: string; reason: string };

/** Folder names that hold no user photos: OS trash/metadata and NAS thumbnail caches. */
const SYSTEM_FOLDERS = new Set([
  '$recycle.bin',
  'system volume information',
  '@eadir', // Synology thumbnails
  '#recycle',
  'lost+found',
  'node_modules',
]);

export function isSkippedFolderName(name: string): boolean {
  return name.startsWith('.') || SYSTEM_FOLDERS.has(name.toLowerCase());
}

export async function* walkFolder(
  root: string,
  accept: (filePath: string) => boolean,
): AsyncGenerator<WalkEvent> {
  const seenDirs = new Set<string>();
  const stack: string[] = [path.resolve(root)];
  while (stack.length > 0) {
    const dir = stack.pop();
    if (dir === undefined) break;
    let real: string;
    let entries: Dirent[];
    try {
      real = await fs.realpath(dir);
      if (seenDirs.has(real)) continue;
      seenDirs.add(real);
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      yield { kind: 'error', path: dir, reason: `cannot read folder: ${describeError(err)}` };
      continue;
    }
    // Sorted so scans are reproducible (progress, tests, resume order).
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = await fs.stat(full);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue; // dangling link: nothing to index
        }
      }
      if (isDir) {
        if (!isSkippedFolderName(entry.name)) subdirs.push(full);
        continue;
      }
      if (!isFile || entry.name.startsWith('.') || !accept(full)) continue;
      try {
        const st = await fs.stat(full);
        yield { kind: 'file', file: { path: full, size: st.size, mtimeMs: Math.trunc(st.mtimeMs) } };
      } catch (err) {
        yield { kind: 'error', path: full, reason: `cannot read file: ${describeError(err)}` };
      }
    }
    // Depth-first in name order: push in reverse so the first name is visited first.
    for (let i = subdirs.length - 1; i >= 0; i--) {
      const d = subdirs[i];
      if (d !== undefined) stack.push(d);
    }
  }
}
