/**
 * One-line terminal progress for `recollect model download`: bytes of the whole model, speed,
 * time left and the file being fetched (drawn by ProgressBar on stderr, only on a terminal).
 */
import type { DownloadProgress } from '../core/models/download-progress.js';
import { formatDuration } from './progress-bar.js';
import { formatBytes } from './sort-progress.js';

export function formatDownloadProgress(p: DownloadProgress, width = 24): string {
  const frac = p.bytesTotal > 0 ? Math.min(1, p.bytesDone / p.bytesTotal) : 0;
  const filled = Math.round(frac * width);
  const eta = p.etaSeconds === null ? '--:--' : formatDuration(p.etaSeconds);
  const file = p.file ? `  ${p.file} (${p.fileIndex}/${p.files})` : '';
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(frac * 100)).padStart(3)}%  ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}  ${formatBytes(p.bytesPerSecond)}/s  ETA ${eta}${file}`;
}
