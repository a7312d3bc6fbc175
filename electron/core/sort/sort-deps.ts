/**
 * What apply and undo work with (collaborators passed in, conventions.md rule 7), their progress
 * events, and the one place the library follows a moved file (its row keeps its id, so vectors,
 * album labels and memberships stay attached).
 */
import fs from 'node:fs/promises';
import type { Transaction } from '../library-scope.js';
import type { Logger } from '../logger.js';
import { folderKey } from '../store/path-range.js';
import type { PhotoStore } from '../store/photo-store.js';
import type { SortJournalStore } from '../store/sort-journal-store.js';
import type { VectorMaintenance } from '../store/vector-maintenance.js';

export interface SortDeps {
  journal: SortJournalStore;
  photos: PhotoStore;
  maintenance: VectorMaintenance;
  transaction: Transaction;
  logger: Logger;
}

export interface SortProgress {
  phase: 'applying' | 'undoing';
  run: number;
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
  currentPath: string | null;
}

export interface SortRunOptions {
  onProgress?: (progress: SortProgress) => void;
  signal?: AbortSignal;
}

export interface FileNote {
  path: string;
  reason: string;
}

/**
 * Points the library row of `from` at `to` (call inside the transaction that journals the step).
 * A stale row for `to` (a file once indexed there, gone now: the step checked the name was free)
 * is dropped so the path stays unique.
 */
export async function followMove(deps: SortDeps, photoId: number | null, from: string, to: string): Promise<() => void> {
  const rec = photoId !== null ? deps.photos.get(photoId) : deps.photos.getByPath(from);
  if (!rec || rec.path !== from) return () => {};
  const st = await fs.stat(to).catch(() => null);
  // Truncated like the scanner (scan/walk.ts), so the next index sees the file unchanged.
  const mtimeMs = st ? Math.trunc(st.mtimeMs) : rec.mtimeMs;
  return () => {
    const stale = deps.photos.getByPath(to);
    if (stale && stale.id !== rec.id) {
      deps.maintenance.deleteEverywhere(stale.id);
      deps.photos.delete(stale.id);
    }
    deps.photos.move(rec.id, to, folderKey(to), mtimeMs);
    deps.maintenance.updateMetaEverywhere(rec.id, folderKey(to), rec.takenAt ?? mtimeMs);
  };
}
