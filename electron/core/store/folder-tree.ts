/**
 * The sidebar's folder tree, built in memory from one GROUP BY over the photos table
 * (PhotoStore.folderCounts): every folder that holds indexed photos, with the folders between it
 * and its library folder, each counting its photos at any depth (what its grid shows).
 * Pure: no I/O, no SQL.
 */
import path from 'node:path';

export interface FolderTreeNode {
  /** Absolute, no trailing separator. */
  path: string;
  name: string;
  photos: number;
  children: FolderTreeNode[];
}

function trimSep(dir: string, sep: string): string {
  return dir.length > 1 && dir.endsWith(sep) ? dir.slice(0, -1) : dir;
}

/**
 * One tree per root. `counts` maps a photo's folder (as stored, trailing separator) to its photo
 * count; folders outside every root are left out (a photo belongs to the root that contains it).
 */
export function buildFolderTree(roots: readonly string[], counts: ReadonlyMap<string, number>, sep: string = path.sep): FolderTreeNode[] {
  return roots.map((rootPath) => {
    const root: FolderTreeNode = { path: trimSep(rootPath, sep), name: trimSep(rootPath, sep), photos: 0, children: [] };
    const prefix = root.path.endsWith(sep) ? root.path : root.path + sep;
    const byPath = new Map<string, FolderTreeNode>([[root.path, root]]);
    for (const [folder, n] of counts) {
      const dir = trimSep(folder, sep);
      if (dir !== root.path && !dir.startsWith(prefix)) continue;
      root.photos += n;
      let parent = root;
      let at = root.path;
      for (const segment of dir === root.path ? [] : dir.slice(prefix.length).split(sep)) {
        at = at.endsWith(sep) ? at + segment : at + sep + segment;
        let node = byPath.get(at);
        if (!node) {
          node = { path: at, name: segment, photos: 0, children: [] };
          byPath.set(at, node);
          parent.children.push(node);
        }
        node.photos += n;
        parent = node;
      }
    }
    sortTree(root);
    return root;
  });
}

/** Children by name as a person reads them ("2" before "10", case ignored). */
function sortTree(node: FolderTreeNode): void {
  node.children.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' }));
  for (const child of node.children) sortTree(child);
}
