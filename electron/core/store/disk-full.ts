/**
 * A full disk under the library, told in words (issue 8 defect 4). SQLite says SQLITE_FULL (or
 * SQLITE_IOERR_* when the OS refused a write with ENOSPC), Node says ENOSPC, libvips "No space left
 * on device". None of them is a bug to report: every batch is one transaction, so what was
 * committed before the failing one is intact, and the next run continues from there.
 * Hosts call toDiskFullError at their edge; core modules may throw its result directly.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CoreError } from '../core-error.js';

const MB = 1024 * 1024;
/**
 * What to ask for: room for the write-ahead log of a few batches and a checkpoint (SQLite's WAL
 * can briefly reach a good part of the database file), never less than 100 MB, so one more
 * megabyte freed does not end in the same error a minute later.
 */
export const MIN_FREE_MB = 100;

function fieldOf(err: object, key: 'code' | 'message'): string {
  const value: unknown = Reflect.get(err, key);
  return typeof value === 'string' ? value : '';
}

/** Whether err (or any error in its `cause` chain) says the disk is full. */
export function isDiskFullError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; typeof e === 'object' && e !== null && depth < 8; e = Reflect.get(e, 'cause'), depth++) {
    const code = fieldOf(e, 'code');
    const message = fieldOf(e, 'message');
    if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'DISK_FULL') return true;
    if (/\bENOSPC\b|no space left on device/i.test(message) && (code === '' || code.startsWith('SQLITE_IOERR'))) return true;
  }
  return false;
}

/** MB to free for the library at `libraryFile` (its size, when it can be read, sets the scale). */
export function freeSpaceToAskMb(libraryFile?: string): number {
  let size = 0;
  try {
    if (libraryFile) size = fs.statSync(libraryFile).size;
  } catch {
    // No file yet, or not readable: the floor is the answer.
  }
  return Math.max(MIN_FREE_MB, Math.ceil(size / 4 / MB / 10) * 10);
}

export function diskFullError(libraryFile: string | undefined, cause?: unknown): CoreError {
  const where = libraryFile ? ` (${path.dirname(libraryFile)})` : '';
  return new CoreError(
    'DISK_FULL',
    `The disk holding the library${where} is full: free ${freeSpaceToAskMb(libraryFile)} MB and run again; nothing indexed so far is lost.`,
    { cause },
  );
}

/** The DISK_FULL CoreError for a full-disk failure, or null for any other error. */
export function toDiskFullError(err: unknown, libraryFile?: string): CoreError | null {
  if (err instanceof CoreError && err.code === 'DISK_FULL') return err;
  return isDiskFullError(err) ? diskFullError(libraryFile, err) : null;
}
