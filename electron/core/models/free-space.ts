/**
 * The free-space check before a download starts: the bytes still to fetch (staged parts count as
 * fetched) plus a margin must fit on the disk that holds the models folder, else the user is told
 * how much to free before a single byte is written. The probe is a parameter so tests can play a
 * nearly full disk (tmpfs needs root here); production passes fs.statfs.
 */
import { statfs } from 'node:fs/promises';
import { CoreError } from '../core-error.js';

export type FreeSpaceProbe = (dir: string) => Promise<number>;

export const statfsFreeBytes: FreeSpaceProbe = async (dir) => {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
};

// Room for the manifest, the filesystem's own rounding and whatever else writes meanwhile.
const MARGIN_BYTES = 64 * 1024 * 1024;

export function formatMegabytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${Math.max(0.1, bytes / 1e6).toFixed(1)} MB`;
}

export async function requireFreeSpace(dir: string, bytesNeeded: number, probe: FreeSpaceProbe): Promise<void> {
  const free = await probe(dir);
  if (free >= bytesNeeded + MARGIN_BYTES) return;
  throw new CoreError(
    'DISK_FULL',
    `Not enough free space for this model: it needs ${formatMegabytes(bytesNeeded + MARGIN_BYTES)} in ${dir}, and ${formatMegabytes(free)} is free. Free some space, or choose another models folder (RECOLLECT_MODELS_DIR).`,
  );
}
