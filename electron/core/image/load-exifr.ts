/**
 * exifr, imported on first use: only a photo being indexed needs its EXIF, and importing exifr
 * up front cost every `recollect` command 120 ms (fresh process, 2 busy vCPUs, median of 5;
 * issue 14, goal 5: see load-sharp.ts).
 */
import type { default as Exifr } from 'exifr';

export type ExifReader = typeof Exifr;

let loading: Promise<ExifReader> | null = null;

export function loadExifr(): Promise<ExifReader> {
  loading ??= import('exifr').then((m) => m.default);
  return loading;
}
