/**
 * A folder tree as relative path -> sha256 (folders as "dir"), for byte-identical round-trip
 * checks: two snapshots are equal only when every file and folder is there with the same bytes.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type TreeSnapshot = Record<string, string>;

export function snapshotTree(root: string): TreeSnapshot {
  const out: TreeSnapshot = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, e.name);
      const rel = path.relative(root, full);
      if (e.isDirectory()) {
        out[`${rel}/`] = 'dir';
        walk(full);
      } else {
        out[rel] = createHash('sha256').update(fs.readFileSync(full)).digest('hex');
      }
    }
  };
  if (fs.existsSync(root)) walk(root);
  return out;
}

/** Files (not folders) of a snapshot. */
export function filesOf(snapshot: TreeSnapshot): string[] {
  return Object.keys(snapshot).filter((k) => !k.endsWith('/'));
}
