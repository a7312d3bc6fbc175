/**
 * Folder containment as an index-friendly range: every path under `dir` sorts in
 * [dir + sep, dir + nextChar(sep)). Works for SQLite text columns and vec0 metadata columns,
 * neither of which can use LIKE with an index (and LIKE would misread % and _ in folder names).
 */
import path from 'node:path';

export interface PathRange {
  low: string;
  high: string;
}

export function pathRangeUnder(dir: string, sep: string = path.sep): PathRange {
  const base = dir.endsWith(sep) ? dir.slice(0, -1) : dir;
  return { low: base + sep, high: base + String.fromCharCode(sep.charCodeAt(0) + 1) };
}

/** Folder of a photo as stored: its parent directory with a trailing separator, so ranges include it. */
export function folderKey(filePath: string, sep: string = path.sep): string {
  const dir = path.dirname(filePath);
  return dir.endsWith(sep) ? dir : dir + sep;
}
