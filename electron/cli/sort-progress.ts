/**
 * One-line terminal progress for `recollect sort`: steps and bytes done (drawn by ProgressBar).
 */
import type { SortProgress } from '../core/sort/sort-deps.js';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

export function formatSortProgress(p: SortProgress, width = 24): string {
  const frac = p.total > 0 ? p.done / p.total : 1;
  const filled = Math.round(frac * width);
  const verb = p.phase === 'applying' ? 'Sorting' : 'Undoing';
  return `${verb} run ${p.run} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(frac * 100)).padStart(3)}%  ${p.done}/${p.total}  ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}`;
}
