/**
 * Compares what is on disk with what the library knows. Pure: no I/O, so every case
 * (unchanged / changed / new / gone / not seen / retried / needs a vector for the current model)
 * is unit-testable.
 */
import type { PhotoFingerprint } from '../store/photo-store.js';
import { isRetryableSkip } from './read-failure.js';
import type { UnseenPaths } from './unseen-paths.js';
import type { WalkedFile } from './walk.js';

export interface FileDiff {
  /** Same size and mtime, already has a vector for the current model. */
  unchanged: PhotoFingerprint[];
  /** Same size and mtime, skipped for its content before: not retried until the file changes. */
  stillSkipped: PhotoFingerprint[];
  /** Same size and mtime, skipped for a cause that may have passed (permission, I/O): tried again. */
  retried: { file: WalkedFile; known: PhotoFingerprint }[];
  /** Same size and mtime but no vector for the current model (e.g. after a model switch). */
  needsVector: { file: WalkedFile; known: PhotoFingerprint }[];
  /** Size or mtime differ: decode and embed again. */
  changed: { file: WalkedFile; known: PhotoFingerprint }[];
  /** Not in the library under this path: new, or a moved file (decided by content hash later). */
  added: WalkedFile[];
  /** In the library under the scanned roots, and the walk saw that it is not on disk any more. */
  gone: PhotoFingerprint[];
  /** In the library under a folder (or as a file) the walk could not read: kept as they are. */
  notSeen: PhotoFingerprint[];
}

export function diffFiles(
  onDisk: readonly WalkedFile[],
  known: readonly PhotoFingerprint[],
  hasVector: (photoId: number) => boolean,
  unseen?: UnseenPaths,
): FileDiff {
  const byPath = new Map<string, PhotoFingerprint>();
  for (const k of known) byPath.set(k.path, k);
  const diff: FileDiff = { unchanged: [], stillSkipped: [], retried: [], needsVector: [], changed: [], added: [], gone: [], notSeen: [] };
  const seen = new Set<string>();
  for (const file of onDisk) {
    seen.add(file.path);
    const k = byPath.get(file.path);
    if (!k) {
      diff.added.push(file);
    } else if (k.size !== file.size || k.mtimeMs !== file.mtimeMs) {
      diff.changed.push({ file, known: k });
    } else if (k.status === 'skipped') {
      if (isRetryableSkip(k.skipKind)) diff.retried.push({ file, known: k });
      else diff.stillSkipped.push(k);
    } else if (hasVector(k.id)) {
      diff.unchanged.push(k);
    } else {
      diff.needsVector.push({ file, known: k });
    }
  }
  for (const k of known) {
    if (seen.has(k.path)) continue;
    // Absent from a listing is proof of "gone"; absent because the listing failed is not.
    if (unseen?.covers(k.path)) diff.notSeen.push(k);
    else diff.gone.push(k);
  }
  return diff;
}
