/**
 * The sidebar's folder tree: the library folders with their subfolders (listFolderTree), which
 * nodes are open, and the keyboard focus of the ARIA tree (WAI-ARIA APG "Tree View": one tab stop,
 * arrows move, Right opens / goes to the first child, Left closes / goes to the parent, Home/End).
 * "All photos" is the first row (path null). Library folders start open, so their subfolders
 * show without a click; a subfolder starts closed.
 */
/* eslint-disable svelte/prefer-svelte-reactivity -- `expanded` is a plain Set replaced whole on every change, so $state.raw sees it */
import type { FolderRootDto, FolderNodeDto } from '../../../../electron/contract/library-dto.js';
import { api, errorMessage } from '../api.js';

export interface FolderRow {
  /** null: "All photos". */
  path: string | null;
  name: string;
  photos: number;
  level: number;
  /** null: nothing to open. */
  expanded: boolean | null;
  parent: string | null;
  /** Library folders only: false while unplugged. */
  present: boolean;
}

function flatten(nodes: readonly FolderNodeDto[], level: number, parent: string | null, expanded: ReadonlySet<string>, out: FolderRow[], present = true): void {
  for (const node of nodes) {
    const open = node.children.length === 0 ? null : expanded.has(node.path);
    const here = 'present' in node && typeof node.present === 'boolean' ? node.present : present;
    out.push({ path: node.path, name: node.name, photos: node.photos, level, expanded: open, parent, present: here });
    if (open) flatten(node.children, level + 1, node.path, expanded, out, here);
  }
}

export class FolderTreeState {
  roots = $state.raw<FolderRootDto[]>([]);
  expanded = $state.raw<ReadonlySet<string>>(new Set());
  /** The row that holds the tab stop (undefined: the selected row, else "All photos"). */
  focused = $state<string | null | undefined>(undefined);
  error = $state<string | null>(null);

  private seen = new Set<string>();

  constructor(private readonly totalPhotos: () => number = () => 0) {}

  rows = $derived.by((): FolderRow[] => {
    const out: FolderRow[] = [{ path: null, name: 'All photos', photos: this.totalPhotos(), level: 1, expanded: null, parent: null, present: true }];
    flatten(this.roots, 1, null, this.expanded, out);
    return out;
  });

  load = async (): Promise<void> => {
    try {
      const roots = await api.listFolderTree();
      // New library folders open once; what the user closed stays closed.
      const next = new Set(this.expanded);
      for (const r of roots) {
        if (this.seen.has(r.path)) continue;
        this.seen.add(r.path);
        next.add(r.path);
      }
      this.expanded = next;
      this.roots = roots;
      this.error = null;
    } catch (err) {
      this.error = errorMessage(err);
    }
  };

  toggle = (path: string, open?: boolean): void => {
    const next = new Set(this.expanded);
    if (open ?? !next.has(path)) next.add(path);
    else next.delete(path);
    this.expanded = next;
  };

  /**
   * The row focus moves to for a key, or undefined when the key is not the tree's. May open or
   * close a node instead of moving (Right on a closed node, Left on an open one).
   */
  keyTarget = (key: string, from: string | null): string | null | undefined => {
    const rows = this.rows;
    const i = rows.findIndex((r) => r.path === from);
    const row = rows[i];
    if (!row) return undefined;
    switch (key) {
      case 'ArrowDown':
        return rows[Math.min(rows.length - 1, i + 1)]?.path;
      case 'ArrowUp':
        return rows[Math.max(0, i - 1)]?.path;
      case 'Home':
        return rows[0]?.path;
      case 'End':
        return rows[rows.length - 1]?.path;
      case 'ArrowRight':
        if (row.expanded === false && row.path !== null) {
          this.toggle(row.path, true);
          return row.path;
        }
        return row.expanded === true ? rows[i + 1]?.path : row.path;
      case 'ArrowLeft':
        if (row.expanded === true && row.path !== null) {
          this.toggle(row.path, false);
          return row.path;
        }
        return row.parent ?? row.path;
      default:
        return undefined;
    }
  };
}
