/**
 * Which photo of a duplicate group to keep, and why in words: the largest resolution, then the
 * largest file (less compression), then the oldest (the original, before copies were made).
 * Pure: no I/O.
 */
import type { PhotoRecord } from '../store/photo-record.js';

export type CopyFacts = Pick<PhotoRecord, 'id' | 'width' | 'height' | 'size' | 'takenAt' | 'mtimeMs'>;

const pixels = (p: CopyFacts): number => (p.width ?? 0) * (p.height ?? 0);
const age = (p: CopyFacts): number => p.takenAt ?? p.mtimeMs;

/** Best first; ties broken by id so the order never changes between calls. */
export function compareCopies(a: CopyFacts, b: CopyFacts): number {
  return pixels(b) - pixels(a) || b.size - a.size || age(a) - age(b) || a.id - b.id;
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Why `best` beats `next` (the runner-up), in words a person can check. */
export function bestCopyReason(best: CopyFacts, next: CopyFacts | undefined): string {
  const size = `${best.width ?? '?'} × ${best.height ?? '?'}`;
  if (!next) return `largest resolution: ${size}`;
  if (pixels(best) > pixels(next)) return `largest resolution: ${size}`;
  if (best.size > next.size) return `same resolution, largest file: ${bytes(best.size)}`;
  if (age(best) < age(next)) return 'same resolution and file size; the oldest';
  return 'all alike; the first one added';
}
